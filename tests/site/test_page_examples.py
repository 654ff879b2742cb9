"""A page records each rendered block: its notebook cell, its snippets, its API links and its anchor."""

from __future__ import annotations

from pathlib import Path

import pytest

from tocha.examples.page_model import scan_layout
from tocha.examples.runner import BlockResult, BlockRun
from tocha.site.api_index import ApiIndex
from tocha.site.api_links import DocSite
from tocha.site.fence import RenderedBlock
from tocha.site.labels import LABELS
from tocha.site.notebooks import NotebookError
from tocha.site.page_apis import PageApis
from tocha.site.page_examples import PageExamples

SNIPPET = Path("snippets/guides/soma.py")


def rendered(code: str, output: str, notebook: str = "", snippets: tuple[Path, ...] = (SNIPPET,)) -> RenderedBlock:
    result = BlockResult(output, BlockRun("guias/soma.md", [p.as_posix() for p in snippets], "", torch="2.14.1", ok=True))
    return RenderedBlock(f"<pre>{code}</pre>", '<p class="tocha-stamp">x</p>', code, "", result, list(snippets), notebook)


def on_page(block: RenderedBlock) -> str:
    """The block's HTML as the page holds it: its layout, then its figures and stamp."""
    return block.html + block.after


@pytest.fixture
def page() -> tuple[PageExamples, PageApis, ApiIndex]:
    index = ApiIndex()
    index.start_page("guias/soma.md", "guias/soma/")
    apis = PageApis(None, DocSite.installed())
    apis.start_page("guias/soma.md")
    return PageExamples("guias/soma.md", "guias/soma/", scan_layout("# Soma\n")), apis, index


def test_each_block_is_numbered_recorded_for_the_notebook_and_its_snippets_listed_once(page) -> None:
    examples, apis, index = page
    first = examples.add(block := rendered("print(1)", "1\n"), on_page(block), apis, index, None, LABELS["pt-BR"])
    second = examples.add(block := rendered("print(2)", "2\n", "script"), on_page(block), apis, index, None, LABELS["pt-BR"])
    assert first == '<div class="tocha-example" id="ex-1"><pre>print(1)</pre><p class="tocha-stamp">x</p></div>'
    assert second.startswith('<div class="tocha-example" id="ex-2">')
    assert [(block.code, block.output, block.script) for block in examples.blocks] == [
        ("print(1)", "1\n", ""),
        ("print(2)", "2\n", "soma.py"),
    ]
    assert examples.snippets == [SNIPPET]


def test_a_notebook_option_the_page_cannot_honour_names_the_page(page) -> None:
    examples, apis, index = page
    with pytest.raises(NotebookError, match=r'page guias/soma\.md: notebook="cell" on a block of 1 snippet'):
        examples.add(block := rendered("print(1)", "1\n", "cell"), on_page(block), apis, index, None, LABELS["pt-BR"])
    with pytest.raises(NotebookError, match=r'notebook="script" on a block of 2 snippet'):
        examples.add(block := rendered("print(1)", "1\n", "script", (SNIPPET, SNIPPET.with_name("b.py"))), on_page(block), apis, index, None, LABELS["pt-BR"])
    assert examples.blocks == []
