"""Build only some pages of the site, strictly, to check them while writing.

Usage: ``tocha build-pages docs/conceitos/tensores.md [...] [--site-dir DIR]``
(or ``make build-pages PAGES="docs/conceitos/tensores.md"``), from the repository root.

The temporary site inherits the real ``mkdocs.yml`` (same extensions, plugin
and validation) and sees the whole ``docs/`` folder, but every page outside the
selection is excluded (``exclude_docs``): only the given pages, the source pages
(``docs/fontes/``) and the corrections page they link to are built, each with
its English edition (``.en.md``) when it has one. Their examples run exactly as
in the full build. A link to an existing page outside the selection is logged as
information, as the generator logs links to excluded pages; a link to a page
that does not exist still fails the strict build. The full ``make build`` stays
the final check.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from tocha.examples.settings import load_config
from tocha.site.editions import EDITION_SUFFIX, english_page, pt_page
from tocha.site.generator import generator_command

def make_partial_site(repo: Path, pages: list[Path], root: Path) -> list[str]:
    """Lay out a temporary site in ``root`` that builds only the given pages.

    Args:
        repo: The repository root (with ``mkdocs.yml``, ``docs/`` and ``snippets/``).
        pages: Markdown pages under ``docs/``, of either edition.
        root: An empty folder.

    Returns:
        The pages' paths under ``docs/`` (pt-BR editions), as put in the navigation.

    Raises:
        ValueError: A page is not a Markdown file under ``docs/``.
    """
    docs = repo / "docs"
    selected = []
    for page in pages:
        path = page.resolve()
        if not path.is_relative_to(docs) or path.suffix != ".md" or not path.is_file():
            raise ValueError(f"{page}: not a Markdown page under {docs.relative_to(repo)}/")
        selected.append((pt_page(path) if path.name.endswith(EDITION_SUFFIX) else path).relative_to(docs).as_posix())
    # The home page (each edition needs one), the source pages (which the curated pages cite)
    # and the corrections page they link to.
    always = ["index.md"] if (docs / "index.md").is_file() else []
    always += [path.relative_to(docs).as_posix() for path in sorted((docs / "fontes").glob("*.md"))]
    always = [uri for uri in always if not uri.endswith(EDITION_SUFFIX)]
    always += ["notas-de-revisao.md"] if (docs / "notas-de-revisao.md").is_file() else []
    nav = list(dict.fromkeys(selected + always))
    for folder in ("docs", "snippets", "locales", "overrides"):
        if (repo / folder).is_dir():
            (root / folder).symlink_to(repo / folder)
    # gitignore patterns after the real file's own: every page out, then the selection back in.
    kept = [f"!/{uri}\n!/{english_page(Path(uri)).as_posix()}" for uri in nav]
    excluded = str(load_config(repo / "mkdocs.yml").get("exclude_docs") or "")
    exclude_docs = "\n".join([*excluded.splitlines(), "*.md", *kept])
    (root / "mkdocs.yml").write_text(
        yaml.safe_dump({"INHERIT": str(repo / "mkdocs.yml"), "exclude_docs": exclude_docs, "nav": nav}, allow_unicode=True),
        encoding="utf-8",
    )
    return nav


def add_build_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``tocha build-pages PAGE... [--site-dir DIR]`` to the ``tocha`` command line."""
    parser = commands.add_parser("build-pages", help="build only some pages of the site, strictly")
    parser.set_defaults(run=run)
    parser.add_argument("pages", nargs="+", type=Path, help="pages under docs/")
    parser.add_argument("--site-dir", type=Path, help="where to write the HTML (default: a temporary folder)")


def run(args: argparse.Namespace) -> int:
    """Build the given pages strictly, from the current directory's repository.

    Args:
        args: The parsed arguments (see :func:`add_build_commands`).

    Returns:
        The exit status of the strict build; 2 when a page is not one of ``docs/``.
    """
    repo = Path.cwd().resolve()
    with tempfile.TemporaryDirectory(prefix="tocha-pages-") as tmp:
        root = Path(tmp)
        try:
            make_partial_site(repo, args.pages, root)
        except ValueError as error:
            print(f"tocha build-pages: {error}", file=sys.stderr)
            return 2
        site_dir = args.site_dir.resolve() if args.site_dir else root / "site"
        command = generator_command("build", "--strict", "--site-dir", str(site_dir))
        # Share the execution cache with the full build.
        cache = os.environ.get("TOCHA_CACHE_DIR") or str(repo / ".cache" / "tocha-exec")
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TOCHA_CACHE_DIR": cache}
        return subprocess.run(command, cwd=root, env=env, check=False).returncode
