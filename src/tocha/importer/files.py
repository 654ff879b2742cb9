"""Converting inputs: one source file, or a whole Zim notebook, to output files in memory.

Every import goes through here: ``tocha import files`` and ``tocha import zim``
(see ``tocha.importer.cli``) and the import of the wiki's own sources
(``tocha.importer.sources``, one :func:`convert_file` per manifest entry).

* A file input is converted by the format found in it (see
  ``detect.detect_format``) or the one given, and written as
  ``<slug of its name>.md`` (``000_81e574fc.txt`` → ``000-81e574fc.md``).
* A folder input must be a Zim notebook (its ``notebook.zim`` may be given
  instead); its pages, attachments and ``_nav.yml`` are written under the
  output folder (see ``tocha.importer.notebook``).
* All or nothing: every input is converted in memory first; if any fails, every
  error is raised at once (:class:`ConversionFailed`) and nothing is written.
  With ``keep_going``, what fails is left out and listed instead.
* Writing goes through ``tocha.importer.manifest``: only inside the output
  folder, all files at once, never over a file the import did not write nor
  over one changed by hand since (unless forced), and removing what the
  previous import of the same input wrote and this one no longer does. Each
  input is known there by what survives a move (:func:`input_key`).
* A Zim file imported alone knows no other page: every page link it keeps
  that points at no file of the output folder (nor of this import) is
  reported, by file and line, and left as it is, so that importing that page
  too completes it; a link to a file not in the output folder becomes its
  label, with a warning, as in a notebook (a page alone brings none of its
  attachments).
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import NamedTuple
from urllib.parse import unquote

from tocha.importer import markdown, plaintext, zim
from tocha.importer.base import ConversionError, ConversionFailed, Page
from tocha.importer.detect import detect_format
from tocha.importer.manifest import MANIFEST_FILE, NAME_MAX, file_key, name_limit, notebook_key, write_import
from tocha.importer.notebook import NOTEBOOK_FILE, convert_notebook
from tocha.importer.notebook_scan import is_hidden, read_config, read_text
from tocha.importer.writer import render_page, slugify
from tocha.importer.zim_links import PageName, PageRef

FORMATS: dict[str, Callable[[str, Path], Page]] = {
    "zim": zim.convert,
    "markdown": markdown.convert,
    "plaintext": plaintext.convert,
}
"""Each format the importer knows (as accepted by ``--format`` and in ``sources.yml``) → its converter."""


@dataclass(frozen=True)
class ImportInput:
    """One input of an import.

    Attributes:
        path: A source file, or a Zim notebook folder.
        output: For a file: the output path relative to the output folder
            (e.g. ``"fontes/pytorch.md"``); by default the slug of the file
            stem plus ``.md``. Must be ``None`` for a notebook.
        format: One of :data:`FORMATS`; by default detected from the file.
    """

    path: Path
    output: str | None = None
    format: str | None = None


def convert_file(
    path: Path, format: str | None = None, *, title: str | None = None, links: zim.PageLinks | None = None
) -> Page:
    """Read and convert one source file.

    Args:
        path: The source file (UTF-8, or UTF-16 with its byte order mark).
        format: One of :data:`FORMATS`; ``None`` to detect it.
        title: Markdown only: the title to give a text without a ``#``
            heading (the PyTorch README has none); see ``markdown.convert``.
        links: Zim only: how the page's links resolve (by default the page
            is taken alone, see ``zim.convert``).

    Returns:
        The converted page; ``meta["source_file"]`` is the file's name (unless
        the converter set it): never a path of the converting machine.
        ``page.warnings`` are as the converter gave them (see :func:`located`).

    Raises:
        ConversionError: The file cannot be read or converted, or the format
            is unknown.
        ValueError: A title for another format than Markdown.
    """
    text, read_warnings = read_text(path)
    if not text:
        raise ConversionError(path, 1, "empty file")
    format = format or detect_format(text, path)
    if format not in FORMATS:
        raise ConversionError(path, None, f"unknown format {format!r} (known: {', '.join(FORMATS)})")
    if title is None and format == "zim" and links is not None:
        page = zim.convert(text, path, links)
    elif title is None:
        page = FORMATS[format](text, path)
    elif format == "markdown":
        page = markdown.convert(text, path, title=title)
    else:
        raise ValueError(f"the {format} converter takes no title")
    page.meta.setdefault("source_file", path.name)
    page.warnings[:0] = read_warnings
    return page


def located(warning: str, path: Path) -> str:
    """Prefix a converter's warning with its file, unless it names it already.

    Args:
        warning: One of ``Page.warnings``.
        path: The converted file.

    Returns:
        ``file[:line]: warning: message``.
    """
    return warning if warning.startswith(f"{path}:") else f"{path}: warning: {warning}"


class Conversion(NamedTuple):
    """What the inputs of an import convert to.

    Attributes:
        outputs: File contents by path relative to the output folder.
        warnings: Each as ``file[:line]: warning: message``.
        errors: With ``keep_going``, what was left out, each ``file[:line]: why``.
        owners: Each input (its key in the import manifest, see :func:`input_key`)
            → the outputs it wrote; an input that failed owns none.
        hidden: What the notebook inputs hold that Zim hides, skipped: each
            path as the notebook shows it, a folder's with a trailing ``/``.
        former_keys: Each input's key in a manifest of the first format
            (its absolute path) → its key in ``owners``.
    """

    outputs: dict[PurePosixPath, bytes]
    warnings: list[str]
    errors: list[ConversionError]
    owners: dict[str, list[PurePosixPath]]
    hidden: tuple[str, ...] = ()
    former_keys: Mapping[str, str] = MappingProxyType({})


def input_key(path: Path) -> str:
    """Name an input in the import manifest by what survives moving it, or cloning the wiki elsewhere.

    A notebook is named by its name (``name=`` in its ``notebook.zim``; its
    folder's name when it has none, as Zim does); a file by its file name.
    Never a path: the manifest is committed with the pages.

    Args:
        path: The input as given.

    Returns:
        The key: ``notebook:NAME`` or ``file:NAME``.
    """
    folder = notebook_folder(path)
    if folder is None:
        return file_key(path.name)
    config, _ = read_config(folder)
    return notebook_key(config.name or folder.resolve().name)


def former_key(path: Path) -> str:
    """Name an input as a manifest of the first format did: its resolved path (a notebook: its folder).

    Args:
        path: The input as given.

    Returns:
        The key, to migrate such a manifest.
    """
    return (notebook_folder(path) or path).resolve().as_posix()


def notebook_folder(path: Path) -> Path | None:
    """Tell which notebook an input names: a folder, or its ``notebook.zim``.

    Args:
        path: The input as given.

    Returns:
        The notebook folder, or ``None`` for a file input.
    """
    if path.is_dir():
        return path
    if path.name == NOTEBOOK_FILE and path.is_file():
        return path.parent
    return None


def convert_inputs(
    inputs: Sequence[ImportInput],
    *,
    keep_going: bool = False,
    exclude: Sequence[Path] = (),
    out_dir: Path | None = None,
) -> Conversion:
    """Convert every input in memory, writing nothing.

    Args:
        inputs: The inputs.
        keep_going: Leave out (and list) what fails instead of failing.
        exclude: Folders to leave out of notebook inputs.
        out_dir: The output folder: left out of notebook inputs; its files
            (with this import's) are what links of a Zim file imported alone
            may point at; its file system limits the length of names.

    Returns:
        The conversion.

    Raises:
        ConversionFailed: With every error, when any input fails or two
            inputs would write the same file (with ``keep_going``, only when
            two inputs would write the same file).
    """
    if out_dir is not None:
        exclude = [*exclude, out_dir]
    limit = NAME_MAX if out_dir is None else name_limit(out_dir)
    results = _convert_all(inputs, keep_going, exclude, out_dir, limit)
    outputs: dict[PurePosixPath, bytes] = {}
    written_by: dict[PurePosixPath, Path] = {}
    owners: dict[str, list[PurePosixPath]] = {}
    former_keys: dict[str, str] = {}
    warnings: list[str] = []
    errors: list[ConversionError] = []
    clashes: list[ConversionError] = []
    hidden: list[str] = []
    for item, result in zip(inputs, results, strict=True):
        key = input_key(item.path)
        owned = owners.setdefault(key, [])
        former_keys[former_key(item.path)] = key
        if isinstance(result, ConversionFailed):
            errors += result.errors
            continue
        if isinstance(result, ConversionError):
            errors.append(result)
            continue
        files, found, left_out, skipped = result
        warnings += found
        errors += left_out
        hidden += skipped
        for output, data in files.items():
            if output in written_by:
                message = f"would be written to {output}, like {written_by[output]}"
                clashes.append(ConversionError(item.path, None, message))
            else:
                written_by[output], outputs[output] = item.path, data
                owned.append(output)
    if clashes or (errors and not keep_going):
        raise ConversionFailed(errors + clashes)
    return Conversion(outputs, warnings, errors, owners, tuple(hidden), former_keys)


def import_files(inputs: Sequence[ImportInput], out_dir: Path, *, force: bool = False) -> list[str]:
    """Convert every input, then write them all under a folder (all or nothing).

    Args:
        inputs: The inputs, each with its output name if wanted.
        out_dir: The output folder; neither created nor touched when an input fails.
        force: Overwrite the files changed by hand since the last import (see ``manifest.write_import``).

    Returns:
        The warnings, each as ``file[:line]: warning: message``.

    Raises:
        ConversionFailed: With every error; nothing was written.
        OSError: An output file could not be written.
    """
    conversion = convert_inputs(inputs, out_dir=out_dir)
    report = write_import(
        conversion.outputs, out_dir, conversion.owners, force=force, former_keys=conversion.former_keys
    )
    return conversion.warnings + report.warnings


_Result = tuple[dict[PurePosixPath, bytes], list[str], list[ConversionError], list[str]]


def _convert_all(
    inputs: Sequence[ImportInput], keep_going: bool, exclude: Sequence[Path], out_dir: Path | None, limit: int
) -> list[_Result | ConversionFailed | ConversionError]:
    """Convert each input, notebooks first: a page imported alone may link to their pages."""
    results: dict[int, _Result | ConversionFailed | ConversionError] = {}
    known: set[PurePosixPath] = set()
    files = []
    for index, item in enumerate(inputs):
        folder = notebook_folder(item.path)
        if folder is None:
            files.append(index)
            continue
        try:
            if item.output is not None or item.format not in (None, "zim"):
                raise ConversionError(item.path, None, "a notebook folder takes no output name and no format but zim")
            conversion = convert_notebook(folder, keep_going=keep_going, exclude=exclude, name_limit=limit)
        except (ConversionFailed, ConversionError) as failure:
            results[index] = failure
            continue
        results[index] = (conversion.outputs, conversion.warnings, conversion.errors, conversion.hidden)
        known.update(conversion.outputs)
    planned = {}
    for index in files:
        try:
            planned[index] = _output_path(inputs[index], limit)
        except ConversionError as error:
            results[index] = error
    if planned and out_dir is not None:  # only a page imported alone needs to know what is there
        known.update(_existing_files(out_dir))
    known.update(planned.values())
    for index, output in planned.items():
        item = inputs[index]
        links = _OutputLinks(zim.page_name_from_file(item.path), output, frozenset(known))
        try:
            page = convert_file(item.path, item.format, links=links)
        except ConversionError as error:
            results[index] = error
            continue
        warnings = [located(warning, item.path) for warning in page.warnings]
        results[index] = ({output: render_page(page).encode()}, warnings, [], [])
    return [results[index] for index in range(len(inputs))]


def _existing_files(out_dir: Path) -> set[PurePosixPath]:
    """The files under the output folder (the manifest and hidden names left out), relative to it."""
    found = set()
    for folder, folders, names in os.walk(out_dir):  # links to folders are not followed
        relative = PurePosixPath(Path(folder).relative_to(out_dir).as_posix())
        folders[:] = [name for name in folders if not is_hidden(name)]
        found.update(relative / name for name in names if name != MANIFEST_FILE and not is_hidden(name))
    return found


class _OutputLinks(zim.PageLinks):
    """Links of a Zim page imported alone, checked against the files the output folder will hold."""

    def __init__(self, page: PageName, output: PurePosixPath, known: Collection[PurePosixPath]) -> None:
        super().__init__(page)
        self.output = output
        self.known = known

    def page_href(self, ref: PageRef, own_anchors: Mapping[str, str]) -> tuple[str | None, str | None]:
        href, warning = super().page_href(ref, own_anchors)
        if warning is None and href is not None and ref.target is not None and self.missing(href):
            warning = f"link to a page that is not in the output folder (kept, to be imported too): {ref.written}"
        return href, warning

    def file_href(self, target: str) -> str | None:
        href = super().file_href(target)
        return None if href is None or self.missing(href) else href

    def missing(self, href: str) -> bool:
        """Tell whether a relative URL, from the page's output, names no file the output folder will hold."""
        path = unquote(href.partition("#")[0])
        if not path:
            return False
        target = posixpath.normpath(posixpath.join(self.output.parent.as_posix(), path))
        return target == ".." or target.startswith("../") or PurePosixPath(target) not in self.known


def _output_path(item: ImportInput, limit: int = NAME_MAX) -> PurePosixPath:
    if item.output is None:
        output = PurePosixPath(f"{slugify(item.path.stem)}.md")
    else:
        output = PurePosixPath(item.output)
        if output.is_absolute() or ".." in output.parts or output.suffix != ".md":
            raise ConversionError(item.path, None, f"bad output name {item.output!r}: want a relative .md path")
    too_long = [part for part in output.parts if len(os.fsencode(part)) > limit]
    if too_long:
        message = f"its output name {too_long[0]!r} is longer than the output file system takes ({limit} bytes)"
        raise ConversionError(item.path, None, message)
    return output
