"""Build only some pages of the site, strictly, to check them while writing.

Usage: ``tocha build-pages docs/conceitos/tensores.md [...] [--site-dir DIR]``
(or ``make build-pages PAGES="docs/conceitos/tensores.md"``), from the repository root.

The pages are copied into a temporary site that inherits the real ``mkdocs.yml``
(same extensions, plugin and validation), with a navigation made of just those
pages plus the source pages (``docs/fontes/``) and the corrections page they link to, each with its
English edition (``.en.md``) when it has one. Their examples
run exactly as in the full build. Links to pages outside the selection are
reported as warnings, so the full ``make build`` stays the final check.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from tocha.site.editions import english_page
from tocha.site.generator import generator_command

def make_partial_site(repo: Path, pages: list[Path], root: Path) -> list[str]:
    """Lay out a temporary site in ``root`` holding the given pages.

    Args:
        repo: The repository root (with ``mkdocs.yml``, ``docs/`` and ``snippets/``).
        pages: Markdown pages under ``docs/``.
        root: An empty folder.

    Returns:
        The pages' paths under the temporary ``docs/``, as put in its navigation.
    """
    docs = repo / "docs"
    selected = [page.resolve().relative_to(docs).as_posix() for page in pages]
    # Source pages (which the curated pages cite) and the corrections page they link to.
    always = [path.relative_to(docs).as_posix() for path in sorted((docs / "fontes").glob("*.md"))]
    always += ["notas-de-revisao.md"] if (docs / "notas-de-revisao.md").is_file() else []
    nav = list(dict.fromkeys(selected + always))
    for uri in nav:
        target = root / "docs" / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(docs / uri, target)
        english = english_page(docs / uri)
        if english.is_file():
            shutil.copy(english, english_page(target))
    for extra in ("stylesheets", "javascripts"):
        if (docs / extra).is_dir():
            shutil.copytree(docs / extra, root / "docs" / extra)
    (root / "snippets").symlink_to(repo / "snippets")
    for folder in ("locales", "overrides"):
        if (repo / folder).is_dir():
            (root / folder).symlink_to(repo / folder)
    nav_yaml = "\n".join(f"  - {uri}" for uri in nav)
    (root / "mkdocs.yml").write_text(f"INHERIT: {repo / 'mkdocs.yml'}\nnav:\n{nav_yaml}\n", encoding="utf-8")
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
        The exit status of ``mkdocs build --strict``.
    """
    repo = Path.cwd().resolve()
    with tempfile.TemporaryDirectory(prefix="tocha-pages-") as tmp:
        root = Path(tmp)
        make_partial_site(repo, args.pages, root)
        site_dir = args.site_dir.resolve() if args.site_dir else root / "site"
        command = generator_command("build", "--strict", "--site-dir", str(site_dir))
        # Share the execution cache with the full build.
        cache = os.environ.get("TOCHA_CACHE_DIR") or str(repo / ".cache" / "tocha-exec")
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TOCHA_CACHE_DIR": cache}
        return subprocess.run(command, cwd=root, env=env, check=False).returncode
