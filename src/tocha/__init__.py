"""Tocha's tooling: the sources importer and the build hooks' helpers."""
