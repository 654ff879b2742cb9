"""The build step around Material's search: keywords from the glossary terms and the pages' ``search:``
front matter, headings, tooling marks, the worker wrapper."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from mkdocs.utils.meta import get_data

from tocha.site.glossary import Term
from tocha.site.pages import PageInfo
from tocha.site.search import (
    NOTE_TITLES,
    NOTES_BUNDLE,
    SearchKeywords,
    SearchPages,
    SearchSettingsError,
    index_location,
    NotesIndexError,
    index_notes,
    install_worker,
    use_worker,
    write_note_titles,
)

from tests.conftest import REPO


def write_index(tmp_path: Path, docs: list[dict]) -> Path:
    """A Material ``search_index.json`` holding ``docs``."""
    index = tmp_path / "search_index.json"
    index.write_text(json.dumps({"config": {}, "docs": docs}), encoding="utf-8")
    return index


def read_docs(index: Path) -> list[dict]:
    """The entries of a ``search_index.json``."""
    return json.loads(index.read_text(encoding="utf-8"))["docs"]


def test_terms_become_keywords_of_their_page_and_section(tmp_path: Path) -> None:
    page = PageInfo("conceitos/autograd.en.md", "Autograd")
    keywords = SearchKeywords()
    keywords.add_terms([Term("retropropagação", "backpropagation", page, "grafo")], {page.uri: "en/conceitos/autograd/"})
    docs = [{"location": "en/conceitos/autograd/"}, {"location": "en/conceitos/autograd/#grafo"}, {"location": "conceitos/autograd/"}]
    index = write_index(tmp_path, docs)
    assert keywords.apply(index) == 2
    assert [doc.get("keywords") for doc in read_docs(index)] == ["retropropagação backpropagation"] * 2 + [None]


def test_front_matter_keywords_go_to_the_page_entry_and_tooling_pages_are_marked(tmp_path: Path) -> None:
    serialization = PageInfo("conceitos/serializacao.md", "Serialização", {"search": {"keywords": [" salvar o modelo "]}})
    home = PageInfo("index.md", "Tocha", {"search": {"keywords": ["começar"]}})
    reference = PageInfo("referencia/execucao.md", "Execução", {"search": {"tooling": True}})
    plain = PageInfo("conceitos/tensores.md", "Tensores")
    urls = {"conceitos/serializacao.md": "conceitos/serializacao/", "index.md": "./"}
    urls |= {"referencia/execucao.md": "referencia/execucao/", "conceitos/tensores.md": "conceitos/tensores/"}
    keywords = SearchKeywords()
    keywords.add_pages([serialization, home, reference, plain], urls)
    keywords.add_terms([Term("checkpoint", "checkpoint", serialization, "checkpoint")], urls)
    docs = [
        {"location": "conceitos/serializacao/", "title": "Serialização", "keywords": "stale"},
        {"location": "conceitos/serializacao/#checkpoint", "title": "Checkpoint: <code>save</code>"},
        {"location": "", "title": "Tocha"},
        {"location": "referencia/execucao/", "title": "Execução", "tooling": True},
        {"location": "referencia/execucao/#tocha.site.plugin", "title": "plugin"},
        {"location": "conceitos/tensores/", "title": "Tensores", "tooling": True},
    ]
    index = write_index(tmp_path, docs)
    assert keywords.apply(index) == 3
    written = {doc["location"]: doc for doc in read_docs(index)}
    assert written["conceitos/serializacao/"]["keywords"] == "salvar o modelo checkpoint checkpoint"
    assert written["conceitos/serializacao/#checkpoint"]["keywords"] == "checkpoint checkpoint"
    assert written[""]["keywords"] == "começar"  # the home page: "./" as a file's URL, "" in the index
    # Each page's entry holds its sections' headings, markup removed; sections hold none.
    assert written["conceitos/serializacao/"]["headings"] == "Checkpoint: save"
    assert "headings" not in written["conceitos/serializacao/#checkpoint"]
    assert "headings" not in written[""]
    # Every entry of a tooling page is marked; a mark left from an earlier build goes.
    assert [location for location, doc in written.items() if doc.get("tooling")] == [
        "referencia/execucao/",
        "referencia/execucao/#tocha.site.plugin",
    ]


def test_a_page_no_longer_marked_tooling_loses_the_mark_on_the_next_build(tmp_path: Path) -> None:
    urls = {"referencia/index.md": "referencia/"}
    keywords = SearchKeywords()
    keywords.add_pages([PageInfo("referencia/index.md", "Referência", {"search": {"tooling": True}})], urls)
    keywords.add_pages([PageInfo("referencia/index.md", "Referência", {"search": {"tooling": False}})], urls)
    index = write_index(tmp_path, [{"location": "referencia/", "title": "Referência"}])
    keywords.apply(index)
    assert "tooling" not in read_docs(index)[0]


@pytest.mark.parametrize(
    ("search", "message"),
    [
        ("exclude", "search must be a mapping"),
        ({"keywords": "salvar o modelo"}, "search: keywords must be a list of phrases"),
        ({"keywords": ["salvar", ""]}, "search: keywords must be a list of phrases"),
        ({"keywords": [{"salvar": "modelo"}]}, "search: keywords must be a list of phrases"),
        ({"tooling": "yes"}, "search: tooling must be true or false"),
    ],
)
def test_malformed_search_front_matter_is_refused(search: object, message: str) -> None:
    page = PageInfo("guias/gan.md", "GANs", {"search": search})
    with pytest.raises(SearchSettingsError, match=f"guias/gan.md: {message}"):
        SearchKeywords().add_pages([page], {"guias/gan.md": "guias/gan/"})


def test_index_location_names_the_home_page_as_the_index_does() -> None:
    assert index_location("./") == ""
    assert index_location("en/") == "en/"
    assert index_location("conceitos/tensores/") == "conceitos/tensores/"


def test_every_project_reference_page_is_marked_tooling() -> None:
    # The project's own reference (both editions) stays below every reader page in search.
    pages = sorted((REPO / "docs" / "referencia").glob("*.md"))
    assert pages
    unmarked = [
        page.relative_to(REPO).as_posix()
        for page in pages
        if (get_data(page.read_text(encoding="utf-8"))[1].get("search") or {}).get("tooling") is not True
    ]
    assert not unmarked, f"pages of docs/referencia/ without `search: tooling: true` in their front matter: {unmarked}"


def test_pages_use_the_wrapper_naming_their_edition(tmp_path: Path) -> None:
    html = '"search": "../../assets/javascripts/workers/search.a7633da7.min.js"'
    assert use_worker(html, "en/", ["en/"]) == (
        '"search": "../../assets/javascripts/workers/tocha-search.a7633da7.min.js?edition=en/&others=en/"'
    )
    workers = tmp_path / "assets" / "javascripts" / "workers"
    workers.mkdir(parents=True)
    (workers / "search.a7633da7.min.js").write_text("// Material", encoding="utf-8")
    wrapper = install_worker(tmp_path)
    assert wrapper == workers / "tocha-search.a7633da7.min.js"
    assert "importScripts" in wrapper.read_text(encoding="utf-8")
    assert install_worker(tmp_path / "no-site") is None


def test_each_page_keeps_the_entries_added_since_the_previous_page() -> None:
    pages = SearchPages()
    entries = [{"location": "a/"}, {"location": "a/#x"}]
    pages.record("a/", entries)
    entries += [{"location": "b/"}, {"location": "a/#late"}]
    pages.record("b/", entries)
    assert pages.by_page == {"a/": [{"location": "a/"}, {"location": "a/#x"}], "b/": [{"location": "b/"}]}
    rebuilt = [{"location": "a/"}]  # a new build's list starts over
    pages.record("a/", rebuilt)
    assert pages.by_page["a/"] == [{"location": "a/"}]


def _page(path: Path, lang: str, title: str, text: str) -> None:
    path.mkdir(parents=True, exist_ok=True)
    (path / "index.html").write_text(
        f'<html lang="{lang}"><body><nav>Navegação comum</nav><article class="md-content__inner md-typeset">'
        f'<h1 id="t">{title}<a class="headerlink" href="#t">¶</a></h1><p>{text}</p></article></body></html>',
        encoding="utf-8",
    )


def test_each_edition_indexes_only_its_imported_notes_with_pagefind(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _page(site / "notas" / "tensores", "pt-BR", "Tensores", "Uma nota sobre convolução.")
    _page(site / "en" / "notas" / "tensores", "en", "Tensores", "Uma nota sobre convolução.")
    _page(site / "conceitos" / "autograd", "pt-BR", "Autograd", "Uma página do wiki.")
    bundles = index_notes(site, ["notas/"], {"": "pt", "en/": "en"})
    assert bundles == [site / NOTES_BUNDLE, site / "en" / NOTES_BUNDLE]
    for bundle, language, prefix in zip(bundles, ("pt", "en"), ("", "en/")):
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        # One note per edition: the wiki's page (in lunr's index) and the other edition's notes are not in it.
        assert {name: value["page_count"] for name, value in entry["languages"].items()} == {language: 1}
        assert not list(bundle.glob("pagefind-ui*")), "Pagefind's own search interfaces are not published"
        # The worker's list of notes, by the id Pagefind answers with: title without the heading's "¶".
        titles = json.loads((bundle / NOTE_TITLES).read_text(encoding="utf-8"))
        (fragment,) = (bundle / "fragment").glob("*.pf_fragment")
        assert titles == {fragment.stem: [f"{prefix}notas/tensores/", "Tensores"]}
    assert index_notes(site, [], {"": "pt", "en/": "en"}) == []
    assert not (site / NOTES_BUNDLE).exists(), "a bundle of notes no longer imported is removed"


def test_a_fragment_of_another_format_stops_the_build(tmp_path: Path) -> None:
    (tmp_path / "fragment").mkdir()
    (tmp_path / "fragment" / "pt_1.pf_fragment").write_bytes(gzip.compress(b'{"url": "/x/"}'))
    with pytest.raises(NotesIndexError, match="pt_1.pf_fragment: not a Pagefind fragment"):
        write_note_titles(tmp_path)


def test_pages_of_an_edition_with_notes_tell_the_worker() -> None:
    html = '"search": "assets/javascripts/workers/search.f8cc74c7.min.js"'
    assert use_worker(html, "en/", ["en/"], notes=True).endswith('search.f8cc74c7.min.js?edition=en/&others=en/&notes=1"')
