"""The sources importer: Zim pages and notebooks, Markdown and plain text → wiki pages.

The command line is ``scripts/convert.py`` (``tocha.importer.cli.main``).
"""

from tocha.importer.base import ConversionError, ConversionFailed, Page
from tocha.importer.cli import Source, convert_file, convert_sources, import_sources, main
from tocha.importer.notebook import convert_notebook

__all__ = [
    "ConversionError",
    "ConversionFailed",
    "Page",
    "Source",
    "convert_file",
    "convert_notebook",
    "convert_sources",
    "import_sources",
    "main",
]
