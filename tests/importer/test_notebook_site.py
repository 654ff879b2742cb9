"""A whole Zim notebook, imported with the command line, builds into a strict site."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import build_site, make_site
from tocha.cli import main


def test_imported_notebook_builds_strictly_with_its_navigation(
    notebook: Path, tmp_path: Path, python: str, build_env: dict[str, str], capsys
) -> None:
    site = make_site(tmp_path / "site-root", "  - index.md\n  - Notas: notas/_nav.yml\n")
    (site / "docs" / "index.md").write_text("# Wiki\n\n[Notas](notas/home.md)\n", encoding="utf-8")
    assert main(["import", "zim", str(notebook), "--out", str(site / "docs" / "notas")]) == 0
    assert "Página Inexistente" in capsys.readouterr().err, "the missing page is reported"
    result = build_site(site, python, build_env)
    assert result.returncode == 0, result.stderr
    built = site / "site" / "notas"
    tensores = (built / "deep-learning" / "tensores" / "index.html").read_text(encoding="utf-8")
    assert 'src="fig.png"' in tensores
    assert (built / "deep-learning" / "tensores" / "fig.png").is_file()
    assert 'href="../../home/"' in tensores, "the [[:Home]] link points at the home page"
    home = (built / "home" / "index.html").read_text(encoding="utf-8")
    assert "Deep Learning" in home and "Autograd" in home, "the notebook's tree is in the site navigation"
    assert not (site / "site" / "notas" / "_nav.yml").exists()
