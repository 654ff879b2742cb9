"""The importer is a stage of its own: it needs neither the site generator nor the site adapter."""

from __future__ import annotations

import subprocess
import sys

from tocha.importer.notebook import PAGE_SUFFIXES, published_page


def test_no_module_of_the_importer_imports_the_site_generator_or_the_site() -> None:
    program = (
        "import pkgutil, importlib, sys, tocha.importer\n"
        "for module in pkgutil.walk_packages(tocha.importer.__path__, 'tocha.importer.'):\n"
        "    importlib.import_module(module.name)\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] in {'mkdocs', 'properdocs', 'material', 'mkdocs_static_i18n'}))\n"
        "print(sorted(name for name in sys.modules if name.startswith(('tocha.site', 'tocha.examples'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines() == ["[]", "[]"]


def test_pages_are_published_where_the_generator_publishes_them() -> None:
    from pathlib import PurePosixPath

    from mkdocs.structure.files import File
    from mkdocs.utils import markdown_extensions

    for uri in ("a/b.md", "index.md", "a/index.md", "a/README.md", "README.md", "x/y/z.md", "a.b.md", "a/readme.md"):
        assert published_page(PurePosixPath(uri)).as_posix() == File(uri, "", "", use_directory_urls=True).dest_uri, uri
    assert PAGE_SUFFIXES == tuple(markdown_extensions)
