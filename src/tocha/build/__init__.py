"""The build: everything MkDocs runs, through the ``tocha`` plugin (:mod:`tocha.build.plugin`)."""
