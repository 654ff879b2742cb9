"""The ``tocha`` command line (installed as the ``tocha`` console script).

``tocha import sources|zim|files ...``: see ``tocha.importer.cli``.
``tocha build-pages PAGE...``: see ``tocha.site.partial_site``.
``tocha check-editions [PAGE...]``: see ``tocha.site.editions``.
``tocha snippets extract``: see ``tocha.examples.snippet_catalog``.
``tocha examples run|merge``: see ``tocha.examples.run`` (also ``python -m tocha.examples``, without the generator).

Each top-level command group lives beside its code and is added by one
function of :data:`COMMAND_GROUPS`: it takes the top-level subcommands
(``argparse``'s ``add_subparsers()`` object), adds its group, and gives each
command a ``run`` default, the function that takes the parsed arguments and
returns the exit status. This module only dispatches.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence

from tocha.site.editions import add_edition_commands
from tocha.site.partial_site import add_build_commands
from tocha.examples.run import add_examples_commands
from tocha.examples.snippet_catalog import add_snippet_commands
from tocha.importer.cli import add_import_commands

COMMAND_GROUPS: tuple[Callable[[argparse._SubParsersAction], None], ...] = (
    add_import_commands,  # tocha import ...
    add_build_commands,  # tocha build-pages ...
    add_edition_commands,  # tocha check-editions ...
    add_snippet_commands,  # tocha snippets extract
    add_examples_commands,  # tocha examples run|merge
)
"""The functions that add the top-level command groups, in ``--help`` order."""


def build_parser() -> argparse.ArgumentParser:
    """The ``tocha`` argument parser, with every command group of :data:`COMMAND_GROUPS`."""
    parser = argparse.ArgumentParser(prog="tocha", description="Tooling of the Tocha wiki.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add_commands in COMMAND_GROUPS:
        add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``tocha`` command line.

    Args:
        argv: The arguments, without the program name; ``sys.argv[1:]`` by default.

    Returns:
        The exit status of the command; 2 for a usage error (``argparse``
        prints it), 0 after ``--help``.
    """
    try:
        arguments = build_parser().parse_args(argv)
    except SystemExit as exit:  # usage error or --help: argparse has printed it
        return exit.code if isinstance(exit.code, int) else 2
    return arguments.run(arguments)
