"""The ``tocha import`` commands: their arguments, and what each prints and returns.

``tocha import sources [--root DIR]``
    Imports the wiki's sources: reads ``DIR/sources.yml`` and ``DIR/sources/``,
    writes ``DIR/docs/fontes/`` and ``DIR/docs/notas-de-revisao.md``, each page
    with its English edition beside it (``x.en.md``; see
    ``tocha.importer.sources``). ``DIR`` is the current folder by default.

``tocha import zim NOTEBOOK [--out DIR] [--keep-going] [--force]``
    Imports a whole Zim notebook (the folder with ``notebook.zim``, or that
    file) under ``DIR`` (``docs/notas`` by default): its pages, attachments
    and ``_nav.yml`` (see ``tocha.importer.notebook``). A ``DIR`` inside the
    notebook is left out of it. What Zim hides is skipped, and counted.

``tocha import files INPUT... --out DIR [--format zim|markdown|plaintext] [--keep-going] [--force]``
    Converts source files (and Zim notebook folders) under ``DIR``; see
    ``tocha.importer.files``. ``--format`` applies to files; with a folder it
    may only be ``zim``.

All or nothing: if any input (or any page of a notebook) fails, every error
is printed as ``file:line: message``, the exit status is 1 and nothing is
written, not even the output folder. With ``--keep-going`` the rest is
written, and what was left out is listed at the end; the exit status is
still 1. Warnings go to stderr and do not stop the import. The output folder
keeps a manifest of what each import wrote (``.tocha-import.json``, see
``tocha.importer.manifest``): a re-import removes the files the previous one
wrote that are gone from the input, and never overwrites a file it did not
write. Nor one it wrote that was changed by hand since: the import stops,
naming each, and writes nothing, unless ``--force`` is given. The exit status
is 0 when everything was written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tocha.importer import sources
from tocha.importer.base import ConversionError, ConversionFailed
from tocha.importer.files import FORMATS, ImportInput, convert_inputs, notebook_folder
from tocha.importer.manifest import write_import
from tocha.importer.notebook import NOTEBOOK_FILE

DEFAULT_NOTES_DIR = Path("docs") / "notas"
"""Where ``tocha import zim`` writes a notebook by default."""


def add_import_commands(commands: argparse._SubParsersAction) -> None:
    """Add the ``import`` command group (``sources``, ``zim``, ``files``) to the ``tocha`` command line.

    Each command sets ``run``, the function that takes the parsed arguments and
    returns the exit status.

    Args:
        commands: The top-level subcommands of ``tocha``.
    """
    group = commands.add_parser(
        "import",
        help="convert sources (Zim, Markdown, plain text) to wiki pages",
        description="Convert sources (Zim, Markdown, plain text) to wiki pages.",
    )
    kinds = group.add_subparsers(dest="what", required=True, metavar="{sources,zim,files}")

    command = kinds.add_parser(
        "sources",
        help="import sources/ (described in sources.yml) as the docs/fontes/ pages",
        description="Import the files of DIR/sources/, described in DIR/sources.yml, as the pages "
        "DIR/docs/fontes/*.md and DIR/docs/notas-de-revisao.md, in pt-BR (x.md) and English (x.en.md) "
        "(all or nothing).",
    )
    command.add_argument("--root", type=Path, default=Path("."), metavar="DIR", help="project root (default: .)")
    command.set_defaults(run=run_sources)

    command = kinds.add_parser(
        "zim",
        help="import a whole Zim notebook",
        description="Import a whole Zim notebook under DIR: one page per Zim page, its attachments and "
        "_nav.yml (all or nothing).",
    )
    command.add_argument(
        "notebook", type=Path, metavar="NOTEBOOK", help=f"the notebook folder (with {NOTEBOOK_FILE}), or that file"
    )
    command.add_argument(
        "--out", type=Path, default=DEFAULT_NOTES_DIR, metavar="DIR", help=f"output folder (default: {DEFAULT_NOTES_DIR})"
    )
    _add_keep_going(command)
    _add_force(command)
    command.set_defaults(run=run_zim)

    command = kinds.add_parser(
        "files",
        help="convert source files or Zim notebook folders",
        description="Convert source files (Zim, Markdown, plain text) or Zim notebook folders to wiki pages "
        "under DIR (all or nothing).",
    )
    command.add_argument("inputs", nargs="+", type=Path, metavar="INPUT", help="source files or Zim notebook folders")
    command.add_argument("--out", required=True, type=Path, metavar="DIR", help="output folder")
    command.add_argument("--format", choices=FORMATS, help="format of the file inputs (default: detected)")
    _add_keep_going(command)
    _add_force(command)
    command.set_defaults(run=run_files)


def _add_keep_going(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--keep-going",
        action="store_true",
        help="import what converts, leave out (and list) what does not; the exit status is still 1",
    )


def _add_force(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--force",
        action="store_true",
        help="overwrite the imported files changed by hand since the last import (and take over the files "
        "another input's import wrote); without it such an import stops and writes nothing",
    )


def run_sources(arguments: argparse.Namespace) -> int:
    """``tocha import sources``: import every source listed in ``ROOT/sources.yml``.

    Returns:
        The exit status: 0 on success, 1 when a source or the manifest fails
        (nothing was written) or a page cannot be written.
    """
    root: Path = arguments.root
    docs = root / "docs"
    try:
        result = sources.import_sources(root / sources.MANIFEST_FILE, root / "sources", docs)
    except ConversionError as error:
        print(f"error: {error}", file=sys.stderr)
        print("nothing was written", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"{docs}: cannot write: {error}", file=sys.stderr)
        return 1
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    print(f"{len(result.files)} pages up to date in {docs}")
    return 0


def run_zim(arguments: argparse.Namespace) -> int:
    """``tocha import zim``: import one notebook folder.

    Returns:
        The exit status: 0 when everything was written, 1 otherwise.
    """
    notebook: Path = arguments.notebook
    folder = notebook_folder(notebook)
    if folder is None:  # a single page is `tocha import files`
        return _failed([ConversionError(notebook, None, f"not a Zim notebook (no {NOTEBOOK_FILE})")], arguments.out)
    return _import([ImportInput(folder, format="zim")], arguments.out, arguments.keep_going, arguments.force)


def run_files(arguments: argparse.Namespace) -> int:
    """``tocha import files``: convert every input.

    Returns:
        The exit status: 0 when everything was written, 1 otherwise.
    """
    inputs = [ImportInput(path, format=arguments.format) for path in arguments.inputs]
    return _import(inputs, arguments.out, arguments.keep_going, arguments.force)


def _import(inputs: list[ImportInput], out: Path, keep_going: bool = False, force: bool = False) -> int:
    """Convert all inputs, report, and write them under ``out`` (all or nothing, unless ``keep_going``)."""
    try:
        conversion = convert_inputs(inputs, keep_going=keep_going, out_dir=out)
    except ConversionFailed as failed:
        return _failed(failed.errors, out)
    for warning in conversion.warnings:
        print(warning, file=sys.stderr)
    try:
        report = write_import(
            conversion.outputs, out, conversion.owners, force=force, former_keys=conversion.former_keys
        )
    except ConversionFailed as failed:
        return _failed(failed.errors, out)
    except OSError as error:
        print(f"{out}: cannot write: {error}; nothing was changed", file=sys.stderr)
        return 1
    for warning in report.warnings:
        print(warning, file=sys.stderr)
    unchanged = f" ({len(report.unchanged)} unchanged)" if report.unchanged else ""
    print(f"{len(report.written)} file(s) written to {out}{unchanged}")
    if report.removed:
        print(f"{len(report.removed)} file(s) of the previous import removed: {', '.join(map(str, report.removed))}")
    if report.overwritten:
        overwritten = ", ".join(map(str, report.overwritten))
        print(f"{len(report.overwritten)} file(s) overwritten (--force): {overwritten}")
    if conversion.hidden:
        folders = sum(path.endswith("/") for path in conversion.hidden)
        counts = [(len(conversion.hidden) - folders, "file"), (folders, "folder")]
        hidden = " and ".join(f"{count} hidden {kind}(s)" for count, kind in counts if count)
        print(f"{hidden} skipped, as Zim hides them")
    if conversion.errors:
        print(f"{len(conversion.errors)} left out (not converted, not in the navigation):", file=sys.stderr)
        for error in conversion.errors:
            print(f"  {error}", file=sys.stderr)
        return 1
    return 0


def _failed(errors: list[ConversionError], out: Path) -> int:
    for error in errors:
        print(error, file=sys.stderr)
    print(f"nothing written to {out}", file=sys.stderr)
    return 1
