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
  folder, all files at once, never over a file the import did not write, and
  removing what the previous import of the same input wrote and this one no
  longer does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from tocha.importer import markdown, plaintext, zim
from tocha.importer.base import ConversionError, ConversionFailed, Page
from tocha.importer.detect import detect_format, read_source
from tocha.importer.manifest import write_import
from tocha.importer.notebook import NOTEBOOK_FILE, convert_notebook
from tocha.importer.writer import render_page, slugify

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


def convert_file(path: Path, format: str | None = None, *, title: str | None = None) -> Page:
    """Read and convert one source file.

    Args:
        path: The source file.
        format: One of :data:`FORMATS`; ``None`` to detect it.
        title: Markdown only: the title to give a text without a ``#``
            heading (the PyTorch README has none); see ``markdown.convert``.

    Returns:
        The converted page; ``meta["source_file"]`` is the file's name (unless
        the converter set it): never a path of the converting machine.
        ``page.warnings`` are as the converter gave them (see :func:`located`).

    Raises:
        ConversionError: The file cannot be read or converted, or the format
            is unknown.
        ValueError: A title for another format than Markdown.
    """
    text = read_source(path)
    format = format or detect_format(text, path)
    if format not in FORMATS:
        raise ConversionError(path, None, f"unknown format {format!r} (known: {', '.join(FORMATS)})")
    if title is None:
        page = FORMATS[format](text, path)
    elif format == "markdown":
        page = markdown.convert(text, path, title=title)
    else:
        raise ValueError(f"the {format} converter takes no title")
    page.meta.setdefault("source_file", path.name)
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
        owners: Each input (its resolved path, the key of the import manifest)
            → the outputs it wrote; an input that failed owns none.
    """

    outputs: dict[PurePosixPath, bytes]
    warnings: list[str]
    errors: list[ConversionError]
    owners: dict[str, list[PurePosixPath]]


def input_key(path: Path) -> str:
    """Name an input in the import manifest: its resolved path (a notebook: its folder).

    Args:
        path: The input as given.

    Returns:
        The key.
    """
    path = notebook_folder(path) or path
    return path.resolve().as_posix()


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
    inputs: Sequence[ImportInput], *, keep_going: bool = False, exclude: Sequence[Path] = ()
) -> Conversion:
    """Convert every input in memory, writing nothing.

    Args:
        inputs: The inputs.
        keep_going: Leave out (and list) what fails instead of failing.
        exclude: Folders to leave out of notebook inputs (the output folder).

    Returns:
        The conversion.

    Raises:
        ConversionFailed: With every error, when any input fails or two
            inputs would write the same file (with ``keep_going``, only when
            two inputs would write the same file).
    """
    outputs: dict[PurePosixPath, bytes] = {}
    written_by: dict[PurePosixPath, Path] = {}
    owners: dict[str, list[PurePosixPath]] = {}
    warnings: list[str] = []
    errors: list[ConversionError] = []
    clashes: list[ConversionError] = []
    for item in inputs:
        owned = owners.setdefault(input_key(item.path), [])
        try:
            files, found, left_out = _convert_input(item, keep_going, exclude)
        except ConversionFailed as failed:
            errors += failed.errors
            continue
        except ConversionError as error:
            errors.append(error)
            continue
        warnings += found
        errors += left_out
        for output, data in files.items():
            if output in written_by:
                message = f"would be written to {output}, like {written_by[output]}"
                clashes.append(ConversionError(item.path, None, message))
            else:
                written_by[output], outputs[output] = item.path, data
                owned.append(output)
    if clashes or (errors and not keep_going):
        raise ConversionFailed(errors + clashes)
    return Conversion(outputs, warnings, errors, owners)


def import_files(inputs: Sequence[ImportInput], out_dir: Path) -> list[str]:
    """Convert every input, then write them all under a folder (all or nothing).

    Args:
        inputs: The inputs, each with its output name if wanted.
        out_dir: The output folder; neither created nor touched when an input fails.

    Returns:
        The warnings, each as ``file[:line]: warning: message``.

    Raises:
        ConversionFailed: With every error; nothing was written.
        OSError: An output file could not be written.
    """
    conversion = convert_inputs(inputs, exclude=[out_dir])
    report = write_import(conversion.outputs, out_dir, conversion.owners)
    return conversion.warnings + report.warnings


def _convert_input(
    item: ImportInput, keep_going: bool, exclude: Sequence[Path]
) -> tuple[dict[PurePosixPath, bytes], list[str], list[ConversionError]]:
    folder = notebook_folder(item.path)
    if folder is not None:
        if item.output is not None or item.format not in (None, "zim"):
            raise ConversionError(item.path, None, "a notebook folder takes no output name and no format but zim")
        return convert_notebook(folder, keep_going=keep_going, exclude=exclude)
    page = convert_file(item.path, item.format)
    warnings = [located(warning, item.path) for warning in page.warnings]
    return {_output_path(item): render_page(page).encode()}, warnings, []


def _output_path(item: ImportInput) -> PurePosixPath:
    if item.output is None:
        return PurePosixPath(f"{slugify(item.path.stem)}.md")
    output = PurePosixPath(item.output)
    if output.is_absolute() or ".." in output.parts or output.suffix != ".md":
        raise ConversionError(item.path, None, f"bad output name {item.output!r}: want a relative .md path")
    return output
