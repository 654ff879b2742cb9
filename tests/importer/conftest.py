"""Fixtures of the importer tests: a small Zim notebook, a real source, a file writer."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
import yaml

from tests.conftest import REPO

HEADER = "Content-Type: text/x-zim-wiki\nWiki-Format: zim 0.6\nCreation-Date: 2024-01-18T01:04:14-03:00\n\n"
#: A real source of the wiki (a Zim page).
SOURCE_000 = REPO / "sources" / "000_81e574fc5bfc50d0.txt"


def write(path: Path, data: str | bytes) -> Path:
    """Write text or bytes to ``path``, creating its folders; return ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def write_page(root: Path, relative: str, body: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + body, encoding="utf-8")


#: What importing the :func:`notebook` fixture writes, sorted.
NOTEBOOK_OUTPUTS = [
    "_nav.yml",
    "deep-learning/autograd.md",
    "deep-learning/index.md",
    "deep-learning/tensores/fig.png",
    "deep-learning/tensores/index.md",
    "home.md",
]


@pytest.fixture
def notebook(tmp_path: Path) -> Path:
    root = tmp_path / "Caderno"
    root.mkdir()
    (root / "notebook.zim").write_text("[Notebook]\nname=Caderno\n", encoding="utf-8")
    write_page(root, "Home.txt", "====== Início ======\nVeja [[Deep Learning]].\n")
    write_page(
        root,
        "Deep_Learning.txt",
        "====== Deep Learning ======\nFilho: [[+Tensores]]\nQuebrado: [[Página Inexistente|sem página]]\n",
    )
    write_page(
        root,
        "Deep_Learning/Tensores.txt",
        "====== Tensores ======\nVolta: [[:Home|início]], irmão: [[Autograd]]\n{{./fig.png}}\n",
    )
    write_page(root, "Deep_Learning/Autograd.txt", "Sem título.\n")
    (root / "Deep_Learning" / "Tensores").mkdir()
    (root / "Deep_Learning" / "Tensores" / "fig.png").write_bytes(b"\x89PNG fake")
    (root / ".zim").mkdir()
    (root / ".zim" / "index.db").write_bytes(b"cache")
    return root




def site_markdown(text: str) -> str:
    """Render Markdown to HTML with the Markdown extensions (and their settings) of the site's ``mkdocs.yml``.

    The snippet includer is left out (it reads the project's snippets), and
    ``toc`` gives heading ids as in the build.
    """
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    names, settings = [], {}
    for entry in config["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        if name == "tocha.site.snippets":
            continue
        names.append(name)
        if options:
            settings[name] = options
    return markdown.Markdown(extensions=names, extension_configs=settings).convert(text)


def notebook_files(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, by relative path (the import manifest left out)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".tocha-import.json"
    }


def make_notebook(root: Path, pages: dict[str, str], settings: str = "") -> Path:
    """Write a notebook: ``notebook.zim`` (with ``settings`` lines) and each page body (Zim header added)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "notebook.zim").write_text(f"[Notebook]\nname=Caderno\n{settings}", encoding="utf-8")
    for relative, body in pages.items():
        write_page(root, relative, body)
    return root
