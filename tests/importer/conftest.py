"""Fixtures of the converter tests: a small Zim notebook."""

from __future__ import annotations

from pathlib import Path

import pytest

HEADER = "Content-Type: text/x-zim-wiki\nWiki-Format: zim 0.6\nCreation-Date: 2024-01-18T01:04:14-03:00\n\n"


def write_page(root: Path, relative: str, body: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + body, encoding="utf-8")


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


