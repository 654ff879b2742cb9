"""The build step around Material's search: keywords from the glossary terms, the worker wrapper."""

from __future__ import annotations

import json
from pathlib import Path

from tocha.build.glossary import Term
from tocha.build.pages import PageInfo
from tocha.build.search import SearchKeywords, install_worker, use_worker


def test_terms_become_keywords_of_their_page_and_section(tmp_path: Path) -> None:
    page = PageInfo("conceitos/autograd.en.md", "Autograd")
    keywords = SearchKeywords()
    keywords.add_terms([Term("retropropagação", "backpropagation", page, "grafo")], {page.uri: "en/conceitos/autograd/"})
    index = tmp_path / "search_index.json"
    docs = [{"location": "en/conceitos/autograd/"}, {"location": "en/conceitos/autograd/#grafo"}, {"location": "conceitos/autograd/"}]
    index.write_text(json.dumps({"config": {}, "docs": docs}), encoding="utf-8")
    assert keywords.apply(index) == 2
    written = json.loads(index.read_text(encoding="utf-8"))["docs"]
    assert [doc.get("keywords") for doc in written] == ["retropropagação backpropagation"] * 2 + [None]


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
