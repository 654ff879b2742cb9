"""Splicing an imported notebook's ``_nav.yml`` into the site navigation."""

from __future__ import annotations

from pathlib import Path

import pytest

from tocha.site.nav_include import NavIncludeError, expand_nav_includes


def test_nav_entry_is_replaced_by_the_tree_with_prefixed_paths(tmp_path: Path) -> None:
    (tmp_path / "notas").mkdir()
    (tmp_path / "notas" / "_nav.yml").write_text(
        "- Início: home.md\n- Deep Learning:\n  - Deep Learning: deep-learning/index.md\n  - Autograd: deep-learning/autograd.md\n",
        encoding="utf-8",
    )
    nav = ["index.md", {"Notas": "notas/_nav.yml"}, {"Outros": ["a.md", {"Site": "https://example.org"}]}]
    assert expand_nav_includes(nav, tmp_path) == [
        "index.md",
        {
            "Notas": [
                {"Início": "notas/home.md"},
                {
                    "Deep Learning": [
                        {"Deep Learning": "notas/deep-learning/index.md"},
                        {"Autograd": "notas/deep-learning/autograd.md"},
                    ]
                },
            ]
        },
        {"Outros": ["a.md", {"Site": "https://example.org"}]},
    ]


def test_missing_or_malformed_nav_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(NavIncludeError, match="cannot read notas/_nav.yml"):
        expand_nav_includes([{"Notas": "notas/_nav.yml"}], tmp_path)
    (tmp_path / "_nav.yml").write_text("title: not a list\n", encoding="utf-8")
    with pytest.raises(NavIncludeError, match="must hold a YAML list"):
        expand_nav_includes(["_nav.yml"], tmp_path)


def test_no_nav_stays_none(tmp_path: Path) -> None:
    assert expand_nav_includes(None, tmp_path) is None
