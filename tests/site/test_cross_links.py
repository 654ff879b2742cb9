"""Cross-page features built from front matter: source links and the glossary."""

from __future__ import annotations

from pathlib import Path

import pytest

from tocha.site.glossary import GlossaryError, collect_terms, fold, glossary_table
from tocha.site.pages import PageInfo, relative_link, scan_pages
from tocha.site.source_links import SourceIndex, SourceLinkError

SOURCE = PageInfo("fontes/ficha.md", "Ficha do PyTorch", {"source_file": "003.txt"})
TENSORS = PageInfo(
    "conceitos/tensores.md",
    "Tensores",
    {"sources": ["003.txt"], "terms": [{"pt": "difusão", "en": "broadcasting", "id": "difusao"}]},
)
AUTOGRAD = PageInfo(
    "conceitos/autograd.md",
    "Autograd",
    {"terms": [{"pt": "Diferenciação automática", "en": "automatic differentiation", "id": "autograd"}]},
)


def test_scan_pages_reads_title_and_front_matter(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("---\nsources: [x.txt]\n---\n\n# Título { #t }\n\ntexto\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("---\ntitle: Dado\n---\n# Outro\n", encoding="utf-8")
    pages = scan_pages(tmp_path, ["a.md", "b.md"])
    assert [(page.title, page.meta) for page in pages] == [("Título", {"sources": ["x.txt"]}), ("Dado", {"title": "Dado"})]


def test_relative_link() -> None:
    assert relative_link("conceitos/tensores.md", "fontes/ficha.md") == "../fontes/ficha.md"
    assert relative_link("index.md", "conceitos/autograd.md") == "conceitos/autograd.md"


def test_sources_are_linked_both_ways() -> None:
    index = SourceIndex.from_pages([SOURCE, TENSORS, AUTOGRAD])
    assert "[Ficha do PyTorch](../fontes/ficha.md)" in index.sources_box("conceitos/tensores.md", ["003.txt"])
    section = index.derived_pages_section("fontes/ficha.md", "003.txt")
    assert "- [Tensores](../conceitos/tensores.md)" in section
    assert "Autograd" not in section


def test_citing_an_unknown_source_is_an_error() -> None:
    with pytest.raises(SourceLinkError, match="conceitos/tensores.md: cites source '003.txt'"):
        SourceIndex.from_pages([TENSORS])


def test_glossary_sorts_without_accents_and_links_sections() -> None:
    terms = collect_terms([SOURCE, TENSORS, AUTOGRAD])
    assert [term.pt for term in terms] == ["Diferenciação automática", "difusão"]
    table = glossary_table(terms, "glossario.md")
    assert "| [difusão](conceitos/tensores.md#difusao) | *broadcasting* | Tensores |" in table


def test_fold_removes_accents_and_case() -> None:
    assert fold("Retropropagação") == "retropropagacao"


def test_malformed_term_is_an_error() -> None:
    page = PageInfo("x.md", "X", {"terms": [{"pt": "tensor"}]})
    with pytest.raises(GlossaryError, match="x.md: terms entry 1 needs pt, en and id"):
        collect_terms([page])


def test_citing_pages_follow_the_reading_order() -> None:
    autograd = PageInfo("conceitos/autograd.md", "Autograd", {"sources": ["003.txt"]})
    index = SourceIndex.from_pages([SOURCE, TENSORS, autograd])
    index.order_citations(["conceitos/tensores.md", "conceitos/autograd.md"][::-1])
    section = index.derived_pages_section("fontes/ficha.md", "003.txt")
    assert section.index("Autograd") < section.index("Tensores")
