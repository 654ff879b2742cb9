"""A whole Zim notebook → Markdown pages, attachments and a navigation fragment.

A Zim notebook is a folder with ``notebook.zim`` at its root. Page ``Foo`` is
the file ``Foo.txt`` (underscores stand for spaces); its children and its
attachments (every file that is not ``.txt``) live in the folder ``Foo/``.

Output layout, relative to the output folder (see ``zim.page_path``):

* a page without children or attachments: ``foo/bar.md`` (``Foo:Bar``);
* a page with children or attachments: ``foo/bar/index.md``, its attachments
  beside it (``foo/bar/fig.png``) and its children under it
  (``foo/bar/child.md``). MkDocs serves ``foo/bar.md`` and
  ``foo/bar/index.md`` at the same URL, and only one of the two is ever
  written, so nothing clashes;
* ``_nav.yml``: the namespace tree as a list in MkDocs ``nav:`` syntax, to be
  included in ``mkdocs.yml``. Each page is ``- Title: path.md``; a page or
  namespace with children is a section ``- Title:`` whose first entry is its
  own page (when it has one), then its children; entries are sorted by Zim
  page name, without regard to case.

Two pages or files that would be written to the same path (``Café`` and
``Cafe``) are an error, not a silent overwrite.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import NamedTuple
from urllib.parse import unquote

import yaml

from tocha.importer import zim
from tocha.importer.base import ConversionError, ConversionFailed
from tocha.importer.detect import read_source
from tocha.importer.writer import render_page, slugify

NOTEBOOK_FILE = "notebook.zim"
"""The file that marks the root of a Zim notebook."""

NAV_FILE = PurePosixPath("_nav.yml")
"""The navigation fragment written at the root of the output folder."""


class NotebookConversion(NamedTuple):
    """What a notebook converts to.

    Attributes:
        outputs: File contents by path relative to the output folder.
        warnings: Messages for the person running the import, ``file:line: warning: ...``.
    """

    outputs: dict[PurePosixPath, bytes]
    warnings: list[str]


def is_notebook(path: Path) -> bool:
    """Tell whether a folder is a Zim notebook.

    Args:
        path: A folder.

    Returns:
        True when it has ``notebook.zim`` at its root.
    """
    return (path / NOTEBOOK_FILE).is_file()


def convert_notebook(root: Path) -> NotebookConversion:
    """Convert every page of a Zim notebook, in memory.

    Args:
        root: The notebook folder.

    Returns:
        The pages, the attachments (copied as they are) and ``_nav.yml``, with
        the warnings (among them every link to a missing page, by file and line).

    Raises:
        ConversionError: The folder is not a Zim notebook.
        ConversionFailed: Some pages could not be converted, or two files
            would be written to the same path; every error is listed.
    """
    if not is_notebook(root):
        raise ConversionError(root, None, f"not a Zim notebook (no {NOTEBOOK_FILE})")
    notebook = _Notebook.scan(root)
    outputs: dict[PurePosixPath, bytes] = {}
    owners: dict[PurePosixPath, PurePosixPath] = {}
    warnings: list[str] = []
    errors: list[ConversionError] = []
    titles: dict[zim.PageName, str] = {}

    def add(output: PurePosixPath, source: PurePosixPath, data: bytes) -> None:
        if output in owners:
            message = f"would be written to {output}, like {root / owners[output]}"
            errors.append(ConversionError(root / source, None, message))
        else:
            owners[output], outputs[output] = source, data

    for name, source in notebook.pages.items():
        try:
            page = zim.convert(read_source(root / source), root / source, _NotebookLinks(notebook, name))
        except ConversionError as error:
            errors.append(error)
            continue
        # Relative to the notebook: the front matter never names the converting machine's paths.
        page.meta["source_file"] = PurePosixPath(source).as_posix()
        titles[name] = page.title
        warnings += page.warnings
        add(notebook.outputs[name], source, render_page(page).encode())
    for source, output in notebook.attachments.items():
        try:
            add(output, source, (root / source).read_bytes())
        except OSError as error:
            errors.append(ConversionError(root / source, None, f"cannot read: {error.strerror or error}"))
    add(NAV_FILE, PurePosixPath(NOTEBOOK_FILE), _nav_yaml(notebook, titles).encode())
    if errors:
        raise ConversionFailed(errors)
    return NotebookConversion(outputs, warnings)


@dataclass
class _Notebook:
    """The pages and files of a notebook, and where each one is written."""

    pages: dict[zim.PageName, PurePosixPath] = field(default_factory=dict)
    attachments: dict[PurePosixPath, PurePosixPath] = field(default_factory=dict)
    outputs: dict[zim.PageName, PurePosixPath] = field(default_factory=dict)
    # Zim matches page names without regard to case: casefolded name → name,
    # for pages and for namespaces (folders of pages).
    names: dict[zim.PageName, zim.PageName] = field(default_factory=dict)
    children: dict[zim.PageName, set[zim.PageName]] = field(default_factory=dict)

    @classmethod
    def scan(cls, root: Path) -> _Notebook:
        notebook = cls()
        files = []
        for folder, subfolders, filenames in os.walk(root):
            # Hidden entries are Zim's own (the .zim index cache), not content.
            subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
            for filename in sorted(f for f in filenames if not f.startswith(".")):
                source = PurePosixPath(Path(folder, filename).relative_to(root).as_posix())
                if source.suffix == ".txt":
                    notebook.pages[_page_name(source.with_suffix(""))] = source
                elif source != PurePosixPath(NOTEBOOK_FILE):
                    files.append(source)
        owners = {_page_name(source.parent) for source in files}
        for name in notebook.pages:
            for depth in range(1, len(name) + 1):
                notebook.names.setdefault(_key(name[:depth]), name[:depth])
                notebook.children.setdefault(name[: depth - 1], set()).add(name[:depth])
        for name in notebook.pages:
            has_folder = name in notebook.children or name in owners
            notebook.outputs[name] = zim.page_path(name, folder=has_folder)
        for source in files:
            folder = [slugify(part) for part in _page_name(source.parent)]
            notebook.attachments[source] = PurePosixPath(*folder, source.name)
        return notebook


class _NotebookLinks(zim.PageLinks):
    """Links of one page, resolved against every page and file of the notebook."""

    def __init__(self, notebook: _Notebook, page: zim.PageName) -> None:
        super().__init__(page)
        self.notebook = notebook

    def find(self, name: zim.PageName) -> zim.PageName | None:
        return self.notebook.names.get(_key(name))

    def output_path(self, name: zim.PageName) -> PurePosixPath | None:
        return self.notebook.outputs.get(self.find(name) or name)

    def file_href(self, target: str) -> str | None:
        if target.startswith(zim.OUTSIDE_NOTEBOOK):
            return None
        folder = self.notebook.pages[self.page].with_suffix("")
        source = posixpath.normpath(posixpath.join(folder.as_posix(), target))
        output = self.notebook.attachments.get(PurePosixPath(source))
        return None if output is None else zim.relative_href(output, self.notebook.outputs[self.page])


def _page_name(path: PurePosixPath) -> zim.PageName:
    """Name the page stored at a path (without ``.txt``): ``Deep_Learning/Tensores``."""
    return tuple(unquote(part).replace("_", " ") for part in path.parts)


def _key(name: zim.PageName) -> zim.PageName:
    return tuple(part.casefold() for part in name)


def _nav_yaml(notebook: _Notebook, titles: dict[zim.PageName, str]) -> str:
    return yaml.safe_dump(
        _nav_entries(notebook, titles, ()), sort_keys=False, allow_unicode=True, width=4096
    )


def _nav_entries(notebook: _Notebook, titles: dict[zim.PageName, str], parent: zim.PageName) -> list:
    entries: list = []
    for name in sorted(notebook.children.get(parent, ()), key=lambda n: (n[-1].casefold(), n[-1])):
        title = titles.get(name, name[-1])
        own = [{title: notebook.outputs[name].as_posix()}] if name in notebook.outputs else []
        children = _nav_entries(notebook, titles, name)
        entries += [{title: own + children}] if children else own
    return entries
