"""The importer's command line and Python API: sources in, Markdown pages out.

``python scripts/convert.py INPUT... --out DIR [--format zim|markdown|plaintext]``

* A file input is converted by the format found in it (see
  ``detect.detect_format``) or the one given with ``--format``, and written as
  ``DIR/<slug of its name>.md`` (``000_81e574fc.txt`` → ``000-81e574fc.md``).
* A folder input must be a Zim notebook; its pages, attachments and
  ``_nav.yml`` are written under ``DIR`` (see ``tocha.importer.notebook``).
  ``--format`` applies to files; with a folder it may only be ``zim``.
* All or nothing: every input is converted in memory first. If any fails,
  every error is printed as ``file:line: message``, the exit status is 1 and
  nothing is written, not even ``DIR``. Warnings go to stderr and do not stop
  the import.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from tocha.importer.base import ConversionError, ConversionFailed, Page
from tocha.importer.detect import FORMATS, detect_format, read_source
from tocha.importer.notebook import convert_notebook
from tocha.importer.writer import render_page, slugify, write_outputs


@dataclass(frozen=True)
class Source:
    """One input of an import.

    Attributes:
        path: A source file, or a Zim notebook folder.
        output: For a file: the output path relative to the output folder
            (e.g. ``"fontes/pytorch.md"``); by default the slug of the file
            stem plus ``.md``. Must be ``None`` for a notebook.
        format: One of ``detect.FORMATS``; by default detected from the file.
    """

    path: Path
    output: str | None = None
    format: str | None = None


def convert_file(path: Path, format: str | None = None) -> Page:
    """Read and convert one source file.

    Args:
        path: The source file.
        format: One of ``detect.FORMATS``; ``None`` to detect it.

    Returns:
        The converted page; ``meta["source_file"]`` is the file's name (unless
        the converter set it): never a path of the converting machine.

    Raises:
        ConversionError: The file cannot be read or converted.
    """
    text = read_source(path)
    page = _converter(format or detect_format(text, path), path)(text, path)
    page.meta.setdefault("source_file", path.name)
    return page


def convert_sources(sources: Sequence[Source]) -> tuple[dict[PurePosixPath, bytes], list[str]]:
    """Convert every source in memory, writing nothing.

    Args:
        sources: The inputs.

    Returns:
        The output files (contents by path relative to the output folder) and
        the warnings, each as ``file[:line]: warning: message``.

    Raises:
        ConversionFailed: With every error, when any input fails or two
            inputs would write the same file.
    """
    outputs: dict[PurePosixPath, bytes] = {}
    owners: dict[PurePosixPath, Path] = {}
    warnings: list[str] = []
    errors: list[ConversionError] = []
    for source in sources:
        try:
            files, found = _convert_source(source)
        except ConversionFailed as failed:
            errors += failed.errors
            continue
        except ConversionError as error:
            errors.append(error)
            continue
        warnings += found
        for output, data in files.items():
            if output in owners:
                message = f"would be written to {output}, like {owners[output]}"
                errors.append(ConversionError(source.path, None, message))
            else:
                owners[output], outputs[output] = source.path, data
    if errors:
        raise ConversionFailed(errors)
    return outputs, warnings


def import_sources(sources: Sequence[Source], out_dir: Path) -> list[str]:
    """Convert every source, then write them all under a folder (all or nothing).

    Args:
        sources: The inputs, each with its output name if wanted.
        out_dir: The output folder; neither created nor touched when a source fails.

    Returns:
        The warnings, each as ``file[:line]: warning: message``.

    Raises:
        ConversionFailed: With every error; nothing was written.
        OSError: An output file could not be written.
    """
    outputs, warnings = convert_sources(sources)
    write_outputs(outputs, out_dir)
    return warnings


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Args:
        argv: The arguments, without the program name; ``sys.argv[1:]`` by default.

    Returns:
        The exit status: 0 when everything was written, 1 otherwise.
    """
    arguments = _parser().parse_args(argv)
    sources = [Source(Path(path), format=arguments.format) for path in arguments.inputs]
    try:
        outputs, warnings = convert_sources(sources)
    except ConversionFailed as failed:
        for error in failed.errors:
            print(error, file=sys.stderr)
        print(f"nothing written to {arguments.out}", file=sys.stderr)
        return 1
    for warning in warnings:
        print(warning, file=sys.stderr)
    try:
        write_outputs(outputs, arguments.out)
    except OSError as error:
        print(f"{arguments.out}: cannot write: {error}", file=sys.stderr)
        return 1
    print(f"{len(outputs)} file(s) written to {arguments.out}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="convert.py", description="Convert sources (Zim, Markdown, plain text) to wiki pages."
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="source files or Zim notebook folders")
    parser.add_argument("--out", required=True, type=Path, metavar="DIR", help="output folder")
    parser.add_argument("--format", choices=FORMATS, help="format of the file inputs (default: detected)")
    return parser


def _convert_source(source: Source) -> tuple[dict[PurePosixPath, bytes], list[str]]:
    if source.path.is_dir():
        if source.output is not None or source.format not in (None, "zim"):
            raise ConversionError(source.path, None, "a notebook folder takes no output name and no format but zim")
        return convert_notebook(source.path)
    page = convert_file(source.path, source.format)
    warnings = [_located(warning, source.path) for warning in page.warnings]
    return {_output_path(source): render_page(page).encode()}, warnings


def _output_path(source: Source) -> PurePosixPath:
    if source.output is None:
        return PurePosixPath(f"{slugify(source.path.stem)}.md")
    output = PurePosixPath(source.output)
    if output.is_absolute() or ".." in output.parts or output.suffix != ".md":
        raise ConversionError(source.path, None, f"bad output name {source.output!r}: want a relative .md path")
    return output


def _converter(format: str, path: Path) -> Callable[[str, Path], Page]:
    # Imported on use: each converter is its own module, and one that is
    # missing must fail only the inputs of its format.
    module_name = f"tocha.importer.{format}"
    if format not in FORMATS:
        raise ConversionError(path, None, f"unknown format {format!r} (known: {', '.join(FORMATS)})")
    try:
        return importlib.import_module(module_name).convert
    except ModuleNotFoundError as error:
        if error.name != module_name:
            raise
        raise ConversionError(path, None, f"no converter for the {format} format ({module_name} is missing)") from None


def _located(warning: str, path: Path) -> str:
    """Prefix a converter's warning with its file, unless it names it already."""
    return warning if warning.startswith(f"{path}:") else f"{path}: warning: {warning}"
