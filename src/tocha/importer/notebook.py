"""A whole Zim notebook → Markdown pages, attachments and a navigation fragment.

A Zim notebook is a folder with ``notebook.zim`` at its root. Page ``Foo`` is
the file ``Foo.txt`` (underscores stand for spaces; ``default_file_extension``
in ``notebook.zim`` may name another extension); its children and its
attachments (every other file) live in the folder ``Foo/``. The folder is
read by ``tocha.importer.notebook_scan``, which never reads outside it.

Output layout, relative to the output folder (see ``zim_links.page_path``):

* a page without children or attachments: ``foo/bar.md`` (``Foo:Bar``);
* a page with children or attachments: ``foo/bar/index.md``, its attachments
  beside it (``foo/bar/fig.png``) and its children under it
  (``foo/bar/child.md``). MkDocs serves ``foo/bar.md`` and
  ``foo/bar/index.md`` at the same URL, and only one of the two is ever
  written, so nothing clashes;
* an attachment MkDocs would take for a page (``notes.md``) gets ``.txt``
  added, and a dot before a language-like part becomes ``_`` (``notes_md.txt``,
  ``photo_de.png``): it stays a file to open, as in Zim, in both editions;
* ``_nav.yml``: the namespace tree as a list in MkDocs ``nav:`` syntax, to be
  included in ``mkdocs.yml``. Each page is ``- Title: path.md``; a page or
  namespace with children is a section ``- Title:`` whose first entry is its
  own page (when it has one), then its children; entries are sorted by Zim
  page name, without regard to case, the notebook's home page (``home=``)
  first.

The pages are converted in two steps (``zim.parse``, then
``DraftPage.finish``), so that every link, to a page or to a heading or
anchor of a page, is resolved against the pages that are really written.

Two pages or files that would be written to the same path (``Café`` and
``Cafe``) are an error, not a silent overwrite; so is an attachment the site
would publish where MkDocs builds a page (``Home/index.html`` beside
``Home/Child.txt``: the page ``home/index.md`` becomes ``home/index.html``),
and an output name longer than the file system takes. A page that cannot be
converted is an error; with ``keep_going`` it is left out (of the output and
of the navigation, links to it become plain text) and listed.

An empty page (no byte, or only white space) is an empty page titled from its
name, with a warning; a page in UTF-16 is converted, with a warning (see
``notebook_scan.read_text``). What Zim hides is skipped and counted (see
``notebook_scan``).
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

import yaml

from tocha.importer import zim
from tocha.importer.base import ConversionError, ConversionFailed, located_warning, safe_title
from tocha.importer.detect import ZIM_CONTENT_TYPE
from tocha.importer.manifest import NAME_MAX
from tocha.importer.notebook_scan import (
    NOTEBOOK_FILE,
    PAGE_FORMAT,
    NotebookConfig,
    NotebookFile,
    read_config,
    read_text,
    scan_folder,
)
from tocha.importer.writer import render_page, slugify
from tocha.importer.zim_links import INTERWIKI, PageName, PageRef, interwiki_url, page_path, relative_href

__all__ = ["NAV_FILE", "NOTEBOOK_FILE", "NotebookConversion", "convert_notebook", "is_notebook"]

NAV_FILE = PurePosixPath("_nav.yml")
"""The navigation fragment written at the root of the output folder."""

ATTACHMENT_SUFFIX = ".txt"
"""Added to an attachment MkDocs would otherwise build as a page (``notes.md`` → ``notes_md.txt``)."""
#: What the site's edition layout (mkdocs-static-i18n's ``suffix``) reads as a language in
#: ``name.<language>.ext``: an attachment named so would leave the pt-BR edition.
LOCALE_LIKE = re.compile(r"^(?:[a-z]{2}(?:-[A-Za-z]{4})?(?:-[A-Z]{2})?|[a-z]{2}_[A-Z]{2})$")


#: The file endings the site generator builds as pages (MkDocs and its forks: ``mkdocs.utils.markdown_extensions``).
PAGE_SUFFIXES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")


def published_page(page: PurePosixPath) -> PurePosixPath:
    """Where the site publishes a page, as MkDocs and its forks do with ``use_directory_urls`` (their default).

    ``a/b.md`` → ``a/b/index.html``; ``a/index.md`` and ``a/README.md`` → ``a/index.html``.
    """
    name = "index" if page.stem == "README" else page.stem
    return page.parent / "index.html" if name == "index" else page.parent / name / "index.html"


def site_attachment_name(filename: str, markdown_extensions: Collection[str]) -> str:
    """The name an attachment gets in the site: MkDocs must not build it as a page, nor the editions take it for a translation.

    ``notes.md`` would be a page: it becomes ``notes_md.txt``. ``photo.de.png`` would be the German
    edition of ``photo.png``: it becomes ``photo_de.png``. Any other name is kept.
    """
    if PurePosixPath(filename).suffix.lower() in markdown_extensions:
        filename += ATTACHMENT_SUFFIX
    stem, dot, extension = filename.rpartition(".")
    inner_stem, inner_dot, inner = stem.rpartition(".")
    if dot and inner_dot and inner_stem and LOCALE_LIKE.match(inner):
        return f"{inner_stem}_{inner}.{extension}"
    return filename


@dataclass(frozen=True)
class NotebookConversion:
    """What a notebook converts to; it unpacks as ``outputs, warnings, errors``.

    Attributes:
        outputs: File contents by path relative to the output folder.
        warnings: Messages for the person running the import, ``file:line: warning: ...``.
        errors: With ``keep_going``, the pages (and files) left out, each ``file:line: why``.
        hidden: The files and folders skipped because Zim hides them, relative
            to the notebook (a folder's path with a trailing ``/``).
    """

    outputs: dict[PurePosixPath, bytes]
    warnings: list[str]
    errors: list[ConversionError]
    hidden: list[str] = field(default_factory=list)

    def __iter__(self) -> Iterator:
        """Unpack as ``outputs, warnings, errors``."""
        return iter((self.outputs, self.warnings, self.errors))


def is_notebook(path: Path) -> bool:
    """Tell whether a folder is a Zim notebook.

    Args:
        path: A folder.

    Returns:
        True when it has ``notebook.zim`` at its root.
    """
    return (path / NOTEBOOK_FILE).is_file()


def convert_notebook(
    root: Path, *, keep_going: bool = False, exclude: Sequence[Path] = (), name_limit: int = NAME_MAX
) -> NotebookConversion:
    """Convert every page of a Zim notebook, in memory.

    Args:
        root: The notebook folder.
        keep_going: Leave out the pages that cannot be converted instead of failing.
        exclude: Folders inside the notebook to leave out (the output folder).
        name_limit: The longest file name, in bytes, the output folder takes.

    Returns:
        The pages, the attachments (copied as they are) and ``_nav.yml``, with
        the warnings (among them every link to a missing page or anchor, by
        file and line) and, with ``keep_going``, the errors.

    Raises:
        ConversionError: The folder is not a Zim notebook, or one in a format
            other than Zim's wiki format, or it is itself a folder to leave out.
        ConversionFailed: Some pages could not be converted, two files
            would be written (or published) to the same path, a name is too
            long, or the notebook holds a name the importer reserves; every
            error is listed.
    """
    if not is_notebook(root):
        raise ConversionError(root, None, f"not a Zim notebook (no {NOTEBOOK_FILE})")
    if any(path.resolve() == root.resolve() for path in exclude):
        raise ConversionError(root, None, "the output folder is the notebook itself: choose another")
    config, warnings = read_config(root)
    if config.page_format != PAGE_FORMAT:
        message = f"pages in the {config.page_format!r} format: only {PAGE_FORMAT!r} notebooks can be imported"
        raise ConversionError(root / NOTEBOOK_FILE, None, message)
    scan = scan_folder(root, exclude, config.page_suffix)
    notebook = _Notebook.build(root, config, scan.files, name_limit)
    warnings += scan.warnings
    errors = scan.errors + notebook.errors
    drafts: dict[PageName, zim.DraftPage] = {}
    for name, file in notebook.pages.items():
        shown = root / file.source
        try:
            text, found = read_text(file.real, shown)
            if not text.strip():
                # Zim shows an empty page with its name as title; a bare header gives just that.
                text = f"{ZIM_CONTENT_TYPE}\n\n"
                found.append(located_warning(shown, None, "an empty page; imported with its name as title"))
            drafts[name] = zim.parse(text, shown, _NotebookLinks(notebook, name))
            warnings += found
        except ConversionError as error:
            errors.append(error)
    if errors and not keep_going:
        raise ConversionFailed(errors)
    notebook.written = set(drafts)
    notebook.anchors = {name: draft.anchors for name, draft in drafts.items()}
    outputs = _Outputs(root)
    titles: dict[PageName, str] = {}
    for name in notebook.pages:
        if name in notebook.written:
            page = drafts[name].finish(_NotebookLinks(notebook, name))
            # Relative to the notebook: the front matter never names the converting machine's paths.
            page.meta["source_file"] = notebook.pages[name].source.as_posix()
            titles[name] = page.title
            warnings += page.warnings
            outputs.add(notebook.outputs[name], notebook.pages[name].source, render_page(page).encode())
    for file, output in notebook.attachments.items():
        try:
            outputs.add(output, file.source, file.real.read_bytes())
        except OSError as error:
            outputs.errors.append(ConversionError(root / file.source, None, f"cannot read: {error.strerror or error}"))
    outputs.add(NAV_FILE, PurePosixPath(NOTEBOOK_FILE), _nav_yaml(notebook, titles).encode())
    errors += outputs.errors + outputs.folder_clashes() + outputs.site_clashes()
    if errors and not keep_going:
        raise ConversionFailed(errors)
    return NotebookConversion(outputs.files, warnings, errors, scan.hidden)


@dataclass
class _Outputs:
    """The files of a conversion, each path written once."""

    root: Path
    files: dict[PurePosixPath, bytes] = field(default_factory=dict)
    owners: dict[PurePosixPath, PurePosixPath] = field(default_factory=dict)
    errors: list[ConversionError] = field(default_factory=list)

    def add(self, output: PurePosixPath, source: PurePosixPath, data: bytes) -> None:
        if output in self.owners:
            message = f"would be written to {output}, like {self.root / self.owners[output]}"
            self.errors.append(ConversionError(self.root / source, None, message))
        else:
            self.owners[output], self.files[output] = source, data

    def folder_clashes(self) -> list[ConversionError]:
        """Leave out a file written where other outputs need a folder (``ns/notes`` and ``ns/notes/x.md``)."""
        folders = {parent for output in self.files for parent in output.parents}
        clashes = sorted(output for output in self.files if output in folders)
        for output in clashes:
            del self.files[output]
        return [
            ConversionError(self.root / self.owners[output], None, f"would be written to {output}, a folder of other pages")
            for output in clashes
        ]

    def site_clashes(self) -> list[ConversionError]:
        """Leave out a file the site would publish where MkDocs builds a page, or where it needs a folder.

        Pages are published as MkDocs does with its default ``use_directory_urls``
        (``a/b.md`` → ``a/b/index.html``, ``a/index.md`` → ``a/index.html``);
        every other file as it is. The page stays; the file is left out.
        """
        published: dict[str, PurePosixPath] = {}
        for output in self.files:
            if output.suffix == ".md":
                published[published_page(output).as_posix()] = output
        folders = {parent.as_posix(): page for uri, page in published.items() for parent in PurePosixPath(uri).parents}
        errors = []
        for output in sorted(self.files):
            uri = output.as_posix()
            if output.suffix == ".md" or (uri not in published and uri not in folders):
                continue
            del self.files[output]
            if uri in published:
                page, where = published[uri], "where the site builds the page"
            else:
                page, where = folders[uri], "where the site needs a folder for the page"
            message = f"would be published at {uri}, {where} {self.root / self.owners[page]}; rename the file"
            errors.append(ConversionError(self.root / self.owners[output], None, message))
        return errors


@dataclass
class _Notebook:
    """The pages and files of a notebook, and where each one is written."""

    config: NotebookConfig
    pages: dict[PageName, NotebookFile] = field(default_factory=dict)
    attachments: dict[NotebookFile, PurePosixPath] = field(default_factory=dict)
    outputs: dict[PageName, PurePosixPath] = field(default_factory=dict)
    # Zim matches page names without regard to case: casefolded name → name,
    # for pages and for namespaces (folders of pages).
    names: dict[PageName, PageName] = field(default_factory=dict)
    children: dict[PageName, set[PageName]] = field(default_factory=dict)
    attachment_paths: dict[PurePosixPath, PurePosixPath] = field(default_factory=dict)
    errors: list[ConversionError] = field(default_factory=list)
    written: set[PageName] = field(default_factory=set)
    anchors: dict[PageName, Mapping[str, str]] = field(default_factory=dict)
    name_limit: int = NAME_MAX

    @classmethod
    def build(cls, root: Path, config: NotebookConfig, files: list[NotebookFile], name_limit: int) -> _Notebook:
        """Name every page and attachment and give each its output path; a clash is an error and leaves it out."""
        notebook = cls(config, name_limit=name_limit)
        others = []
        for file in files:
            if file.source == PurePosixPath(NOTEBOOK_FILE):
                continue
            if file.source.suffix == config.page_suffix and file.source.stem:
                notebook.pages[_page_name(file.source.with_suffix(""))] = file
            else:
                others.append(file)
        owners = {_page_name(file.source.parent) for file in others}
        for name in notebook.pages:
            for depth in range(1, len(name) + 1):
                notebook.names.setdefault(_key(name[:depth]), name[:depth])
                notebook.children.setdefault(name[: depth - 1], set()).add(name[:depth])
        taken: dict[PurePosixPath, PurePosixPath] = {}
        for name, file in list(notebook.pages.items()):
            output = page_path(name, folder=name in notebook.children or name in owners)
            if notebook.claim(root, taken, output, file):
                notebook.outputs[name] = output
            else:
                del notebook.pages[name]
        for file in others:
            folder = [slugify(part) for part in _page_name(file.source.parent)]
            filename = site_attachment_name(file.source.name, PAGE_SUFFIXES)
            output = PurePosixPath(*folder, filename)
            if notebook.claim(root, taken, output, file):
                notebook.attachments[file] = output
                notebook.attachment_paths[file.source] = output
        return notebook

    def claim(
        self, root: Path, taken: dict[PurePosixPath, PurePosixPath], output: PurePosixPath, file: NotebookFile
    ) -> bool:
        """Take an output path for a file; a path already taken, reserved or too long is an error."""
        too_long = [part for part in output.parts if len(os.fsencode(part)) > self.name_limit]
        if output in taken:
            message = f"would be written to {output}, like {root / taken[output]}"
        elif output == NAV_FILE:
            message = f"would be written to {output}, a name the import reserves for the navigation; rename the file"
        elif too_long:
            message = (
                f"its output name {too_long[0]!r} would be {len(os.fsencode(too_long[0]))} bytes long, more than the "
                f"output file system takes ({self.name_limit}); shorten the name"
            )
        else:
            taken[output] = file.source
            return True
        self.errors.append(ConversionError(root / file.source, None, message))
        return False


class _NotebookLinks(zim.PageLinks):
    """Links of one page, resolved against every page, anchor and file of the notebook."""

    def __init__(self, notebook: _Notebook, page: PageName) -> None:
        super().__init__(page)
        self.notebook = notebook

    def find(self, name: PageName) -> PageName | None:
        return self.notebook.names.get(_key(name))

    def output_path(self, name: PageName) -> PurePosixPath | None:
        canonical = self.find(name) or name
        if canonical != self.page and canonical not in self.notebook.written:
            return None
        return self.notebook.outputs.get(canonical)

    def anchors(self, name: PageName) -> Mapping[str, str] | None:
        return self.notebook.anchors.get(self.find(name) or name, {})

    def file_href(self, target: str) -> str | None:
        if target.startswith(zim.OUTSIDE_NOTEBOOK):
            return None
        folder = self.notebook.pages[self.page].source.with_suffix("")
        source = posixpath.normpath(posixpath.join(folder.as_posix(), target))
        output = self.notebook.attachment_paths.get(PurePosixPath(source))
        return None if output is None else relative_href(output, self.notebook.outputs[self.page])

    def interwiki(self, target: str) -> tuple[str, str | None]:
        key, _, page = target.partition("?")
        own = {value.casefold() for value in (self.notebook.config.interwiki, self.notebook.config.name) if value}
        if key.casefold() in own:  # a link into this very notebook: its page names are absolute
            return "page", ":" + page.lstrip(":")
        url = interwiki_url(target, INTERWIKI)
        return ("unknown", None) if url is None else ("url", url)

    def page_href(self, ref: PageRef, own_anchors: Mapping[str, str]) -> tuple[str | None, str | None]:
        if ref.target is not None:
            canonical = self.find(ref.target)
            if canonical in self.notebook.pages and canonical not in self.notebook.written and canonical != self.page:
                return None, f"link to a page left out of the import (it could not be converted): {ref.written}"
        return super().page_href(ref, own_anchors)


def _page_name(path: PurePosixPath) -> PageName:
    """Name the page stored at a path (without its extension): ``Deep_Learning/Tensores``."""
    return tuple(unquote(part).replace("_", " ") for part in path.parts)


def _key(name: PageName) -> PageName:
    return tuple(part.casefold() for part in name)


def _nav_yaml(notebook: _Notebook, titles: dict[PageName, str]) -> str:
    home: PageName = ()
    if notebook.config.home:
        written = tuple(part.strip().replace("_", " ") for part in notebook.config.home.split(":") if part.strip())
        home = notebook.names.get(_key(written), ())
    return yaml.safe_dump(_nav_entries(notebook, titles, (), home), sort_keys=False, allow_unicode=True, width=4096)


def _nav_entries(notebook: _Notebook, titles: dict[PageName, str], parent: PageName, home: PageName) -> list:
    entries: list = []

    def order(name: PageName) -> tuple[bool, str, str]:
        return (name != home[: len(name)], name[-1].casefold(), name[-1])

    for name in sorted(notebook.children.get(parent, ()), key=order):
        title = _nav_label(titles.get(name, name[-1]))
        own = [{title: notebook.outputs[name].as_posix()}] if name in notebook.written else []
        children = _nav_entries(notebook, titles, name, home)
        entries += [{title: own + children}] if children else own
    return entries


def _nav_label(title: str) -> str:
    """Make a page title safe as a navigation label: MkDocs' theme writes labels into its HTML unescaped.

    Titles already come out of the converters safe (:func:`tocha.importer.base.safe_title`); applying
    it again changes nothing, and covers a title taken from a page's name.
    """
    return safe_title(title)
