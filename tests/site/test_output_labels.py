"""The HTML the tocha plugin writes around an executed block's output and figures, and each edition's 404 page.

- :func:`~tocha.site.fence.labelled_output`: the output box markdown-exec
  draws (a code block like the source) is named and visibly labelled.
- :func:`~tocha.site.fence.block_html`: each figure carries the hint that
  it scrolls sideways (shown by the CSS only where it does).
- A bilingual build leaves the pt-BR 404 page at the root and the English one
  in ``en/`` (mkdocs-static-i18n builds the English edition over the first).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import build_site, make_site
from tocha.examples.cache import CachedFigure
from tocha.site.labels import LABELS
from tocha.site.fence import block_html, labelled_output
from tocha.examples.runner import BlockResult, BlockRun

SOURCE = '<div class="highlight"><pre><span></span><code><span class="nb">print</span>(1)\n</code></pre></div>'
OUTPUT = '<div class="highlight"><pre><span></span><code>1\n</code></pre></div>'
OPTIONS = {"source": "above", "result": "text", "html": False}


def test_output_box_is_named_and_labelled_in_the_edition_language() -> None:
    rendered = SOURCE + "\n" + OUTPUT
    assert labelled_output(rendered, OPTIONS, LABELS["pt-BR"]) == (
        SOURCE + "\n"
        '<div class="highlight tocha-output" role="group" aria-label="Saída">'
        '<span class="tocha-output__label" aria-hidden="true" data-search-exclude>Saída</span>'
        "<pre><span></span><code>1\n</code></pre></div>"
    )
    english = labelled_output(rendered, OPTIONS, LABELS["en"])
    assert english.startswith(SOURCE) and 'aria-label="Output"' in english and ">Output</span><pre>" in english


def test_output_without_source_is_labelled_too() -> None:
    labelled = labelled_output(OUTPUT, {**OPTIONS, "source": ""}, LABELS["pt-BR"])
    assert labelled.startswith('<div class="highlight tocha-output" role="group" aria-label="Saída">')


@pytest.mark.parametrize(
    "options",
    [
        pytest.param({**OPTIONS, "result": ""}, id="no-output-box"),
        pytest.param({**OPTIONS, "html": True}, id="raw-html-output"),
        pytest.param({**OPTIONS, "source": "below"}, id="source-after-output"),
        pytest.param({**OPTIONS, "source": "tabbed-left"}, id="tabs"),
    ],
)
def test_nothing_is_labelled_where_the_last_code_block_is_not_the_output(options: dict) -> None:
    rendered = SOURCE + "\n" + OUTPUT
    assert labelled_output(rendered, options, LABELS["pt-BR"]) == rendered


def test_no_code_block_is_left_as_it_is() -> None:
    assert labelled_output("<p>nada</p>", OPTIONS, LABELS["pt-BR"]) == "<p>nada</p>"


def test_figure_carries_its_scroll_hint_then_the_stamp() -> None:
    run = BlockRun(page="index.md", snippets=[], session="", device="cpu", torch="2.14.1")
    result = BlockResult("", run, [CachedFigure("curva.svg", "image/svg+xml", b"<svg/>")])
    assert block_html(result, LABELS["pt-BR"]) == (
        '<figure class="tocha-figure"><img alt="Figura desenhada pelo exemplo (curva.svg)" '
        'src="data:image/svg+xml;base64,PHN2Zy8+">'
        '<span class="tocha-figure__hint" aria-hidden="true" data-search-exclude>'
        "Role para o lado para ver a figura inteira</span></figure>"
        '<p class="tocha-stamp">Executado com torch 2.14.1 · cpu</p>'
    )
    assert "Scroll sideways to see the whole figure</span></figure>" in block_html(result, LABELS["en"])


def test_each_edition_keeps_its_own_404_page(tmp_path: Path, python: str, build_env: dict[str, str]) -> None:
    make_site(tmp_path, "  - index.md\n", english=True)
    (tmp_path / "docs" / "index.md").write_text("# Início\n\nTexto.\n", encoding="utf-8")
    (tmp_path / "docs" / "index.en.md").write_text("# Home\n\nText.\n", encoding="utf-8")
    result = build_site(tmp_path, python, build_env)
    assert result.returncode == 0, result.stderr
    root = (tmp_path / "site" / "404.html").read_text(encoding="utf-8")
    english = (tmp_path / "site" / "en" / "404.html").read_text(encoding="utf-8")
    assert re.search(r'<html lang="pt"', root) and "<h1>Página não encontrada</h1>" in root
    assert '<p lang="en">' in root, "the root 404 page, served for /en/ addresses too, has no line for English readers"
    assert re.search(r'<html lang="en"', english) and "<h1>Page not found</h1>" in english
