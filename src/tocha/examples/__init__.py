"""The examples engine: runs the pages' executed blocks and keeps their results, with no site generator.

Stages: the importer (:mod:`tocha.importer`) writes ``docs/`` and ``snippets/``;
this engine runs the examples they hold, in the build's conditions, into its
content-addressed cache (:mod:`tocha.examples.cache`); the site
(:mod:`tocha.site`) renders the pages from those results. Nothing here imports
MkDocs, Material or mkdocs-static-i18n: ``tocha examples run`` works wherever
torch and Python-Markdown are installed.
"""
