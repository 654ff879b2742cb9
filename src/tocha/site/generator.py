"""The site generator, named once: ProperDocs, the maintained fork of MkDocs 1.x.

MkDocs 1.6.1 has had no release since 2024, and MkDocs 2.0 drops plugins.
Built with ProperDocs 1.6.7 and with mkdocs-ng 1.8.0, this site came out the
same as with MkDocs apart from the generator meta tag, strict and without
warnings, with the same forced rebuild time. ProperDocs installs as a package
of its own; mkdocs-ng ships a ``mkdocs`` package too, and pip puts MkDocs
1.6.1 back over it for Material and the other plugins, silently.

MkDocs 1.6.1 stays installed (Material requires it), so a leftover
``mkdocs`` command would quietly build with the old generator: every build,
serve, bench and test takes its command from :func:`generator_command`, and
``tests/test_layout.py`` checks that no file calls ``mkdocs`` itself. Under
ProperDocs' command, every ``mkdocs.*`` import (Material's, the plugins', ours)
is an alias of its ``properdocs.*`` module; the test suite loads the same
aliases in process (``-p properdocs.replacement`` in ``pyproject.toml``).
"""

from __future__ import annotations

import sys

#: The generator's module (``python -m properdocs``) and command.
GENERATOR = "properdocs"
#: The site's configuration file. ProperDocs looks for ``properdocs.yml`` first; the
#: engine, the partial builds and the tests read this one, so it is named on every call.
CONFIG_FILE = "mkdocs.yml"


def generator_command(action: str, *options: str, config_file: str = CONFIG_FILE, python: str = sys.executable) -> list[str]:
    """The command that runs the generator: ``python -m properdocs build -f mkdocs.yml --strict``.

    Args:
        action: ``build`` or ``serve``.
        options: Its options (``--strict``, ``--site-dir DIR``, ``--dirty``...).
        config_file: The configuration file, relative to the folder the command runs in, or absolute.
        python: The interpreter that has the generator installed.
    """
    return [python, "-m", GENERATOR, action, "-f", str(config_file), *options]
