"""Tocha's tooling: the importer (sources and notes → ``docs/``) and the build (``docs/`` → ``site/``)."""
