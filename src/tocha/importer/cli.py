"""The ``tocha import`` commands: their arguments, and what each prints and returns.

``tocha import sources [--root DIR]``
    Imports the wiki's sources: reads ``DIR/sources.yml`` and ``DIR/sources/``,
    writes ``DIR/docs/fontes/`` and ``DIR/docs/notas-de-revisao.md``, each page
    with its English edition beside it (``x.en.md``; see
    ``tocha.importer.sources``). ``DIR`` is the current folder by default.

``tocha import zim NOTEBOOK [--out DIR]``
    Imports a whole Zim notebook (the folder with ``notebook.zim``) under
    ``DIR`` (``docs/notas`` by default): its pages, attachments and
    ``_nav.yml`` (see ``tocha.importer.notebook``).

``tocha import files INPUT... --out DIR [--format zim|markdown|plaintext]``
    Converts source files (and Zim notebook folders) under ``DIR``; see
    ``tocha.importer.files``. ``--format`` applies to files; with a folder it
    may only be ``zim``.

All or nothing: if any input fails, every error is printed as
``file:line: message``, the exit status is 1 and nothing is written, not even
the output folder. Warnings go to stderr and do not stop the import. The exit
status is 0 when everything was written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tocha.importer import sources
from tocha.importer.base import ConversionError, ConversionFailed
from tocha.importer.files import FORMATS, ImportInput, convert_inputs
from tocha.importer.notebook import NOTEBOOK_FILE
from tocha.importer.writer import write_outputs

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
    command.add_argument("notebook", type=Path, metavar="NOTEBOOK", help=f"the notebook folder (with {NOTEBOOK_FILE})")
    command.add_argument(
        "--out", type=Path, default=DEFAULT_NOTES_DIR, metavar="DIR", help=f"output folder (default: {DEFAULT_NOTES_DIR})"
    )
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
    command.set_defaults(run=run_files)


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
    if not notebook.is_dir():  # a single page is `tocha import files`
        return _failed([ConversionError(notebook, None, f"not a Zim notebook (no {NOTEBOOK_FILE})")], arguments.out)
    return _import([ImportInput(notebook, format="zim")], arguments.out)


def run_files(arguments: argparse.Namespace) -> int:
    """``tocha import files``: convert every input.

    Returns:
        The exit status: 0 when everything was written, 1 otherwise.
    """
    return _import([ImportInput(path, format=arguments.format) for path in arguments.inputs], arguments.out)


def _import(inputs: list[ImportInput], out: Path) -> int:
    """Convert all inputs, report, and write them under ``out`` (all or nothing)."""
    try:
        outputs, warnings = convert_inputs(inputs)
    except ConversionFailed as failed:
        return _failed(failed.errors, out)
    for warning in warnings:
        print(warning, file=sys.stderr)
    try:
        write_outputs(outputs, out)
    except OSError as error:
        print(f"{out}: cannot write: {error}", file=sys.stderr)
        return 1
    print(f"{len(outputs)} file(s) written to {out}")
    return 0


def _failed(errors: list[ConversionError], out: Path) -> int:
    for error in errors:
        print(error, file=sys.stderr)
    print(f"nothing written to {out}", file=sys.stderr)
    return 1
