"""The sources importer: Zim pages and notebooks, Markdown and plain text → wiki pages.

The command line is ``tocha import ...`` (see ``tocha.importer.cli``).
"""
