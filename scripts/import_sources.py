"""Import the files of ``sources/`` as the wiki's "Fontes" pages.

Usage: ``python scripts/import_sources.py`` (no arguments). Reads
``scripts/sources.yml`` and writes ``docs/fontes/*.md`` and
``docs/notas-de-revisao.md``; writes nothing if any source fails.
See :mod:`tocha.importer.sources`.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script: make the sibling ``tocha`` package importable.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from tocha.importer.sources import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
