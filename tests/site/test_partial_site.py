"""``tocha build-pages``: the temporary site that holds only some pages."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import REPO
from tocha.site.partial_site import make_partial_site


def test_partial_site_holds_the_pages_the_sources_and_the_real_configuration(tmp_path: Path) -> None:
    nav = make_partial_site(REPO, [REPO / "docs" / "conceitos" / "tensores.md"], tmp_path)
    assert nav[0] == "conceitos/tensores.md"
    assert "fontes/index.md" in nav and "notas-de-revisao.md" in nav
    assert "guias/primeiros-passos.md" not in nav
    copied = (tmp_path / "docs" / "conceitos" / "tensores.md").read_bytes()
    assert copied == (REPO / "docs" / "conceitos" / "tensores.md").read_bytes()
    assert (tmp_path / "snippets").resolve() == (REPO / "snippets").resolve()
    assert (tmp_path / "mkdocs.yml").read_text(encoding="utf-8").startswith(f"INHERIT: {REPO / 'mkdocs.yml'}\n")
