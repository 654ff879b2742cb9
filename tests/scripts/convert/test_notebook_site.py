"""A whole Zim notebook, imported with the command line, builds into a strict site."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import build_site, make_site
from tests.scripts.convert.test_notebook import write_page
from tocha.convert.cli import main


@pytest.fixture
def clean_notebook(tmp_path: Path) -> Path:
    """A notebook with namespaces, every kind of internal link and an attachment (no missing page)."""
    root = tmp_path / "Caderno"
    root.mkdir()
    (root / "notebook.zim").write_text("[Notebook]\nname=Caderno\n", encoding="utf-8")
    write_page(root, "Home.txt", "====== Início ======\nVeja [[Deep Learning]] e [[Deep Learning:Tensores#Forma|forma]].\n")
    write_page(root, "Deep_Learning.txt", "====== Deep Learning ======\nFilho: [[+Tensores]]\n")
    write_page(
        root,
        "Deep_Learning/Tensores.txt",
        "====== Tensores ======\n===== Forma =====\nVolta: [[:Home|início]], irmão: [[Autograd]]\n{{./fig.png?width=50}}\n",
    )
    write_page(root, "Deep_Learning/Autograd.txt", "====== Autograd ======\n//derivadas//\n")
    (root / "Deep_Learning" / "Tensores").mkdir()
    (root / "Deep_Learning" / "Tensores" / "fig.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return root


def test_imported_notebook_builds_strictly_with_its_navigation(
    clean_notebook: Path, tmp_path: Path, python: str, example_env: dict[str, str]
) -> None:
    site = make_site(tmp_path / "site-root", "  - index.md\n  - Notas: notas/_nav.yml\n")
    (site / "docs" / "index.md").write_text("# Wiki\n\n[Notas](notas/home.md)\n", encoding="utf-8")
    assert main([str(clean_notebook), "--out", str(site / "docs" / "notas")]) == 0
    result = build_site(site, python, example_env)
    assert result.returncode == 0, result.stderr
    built = site / "site" / "notas"
    tensores = (built / "deep-learning" / "tensores" / "index.html").read_text(encoding="utf-8")
    assert 'src="fig.png"' in tensores
    assert (built / "deep-learning" / "tensores" / "fig.png").is_file()
    home = (built / "home" / "index.html").read_text(encoding="utf-8")
    assert "Deep Learning" in home and "Autograd" in home, "the notebook's tree is in the site navigation"
    assert not (site / "site" / "notas" / "_nav.yml").exists()
