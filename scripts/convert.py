"""Import sources into the wiki as Markdown pages.

Usage: ``python scripts/convert.py INPUT... --out DIR [--format zim|markdown|plaintext]``

INPUT is a source file or a Zim notebook folder. See ``tocha.importer.cli``.
"""

import sys

from tocha.importer.cli import main

if __name__ == "__main__":
    sys.exit(main())
