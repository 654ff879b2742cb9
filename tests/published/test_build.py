"""The strict build of the whole site, and what a reader gets from it.

The site is built once per test run, into a temporary folder, from the
execution cache the engine filled (``--exec-cache``): every example has
already run once, and the build renders from its result.
These tests never write into the repository.
"""

from __future__ import annotations

import html as html_module
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.published.browser import site_pages
from tests.published.conftest import SiteBuild, git_status
from tocha.examples.run import read_pages
from tocha.examples.settings import read_settings
from tocha.site.editions import portuguese_words

pytestmark = pytest.mark.site

REPORT_PAGE = Path("referencia/relatorio-de-execucao/index.html")


def article_text(html: str) -> str:
    """The visible text of a page's main article, tags removed."""
    article = html[html.index("<article") : html.index("</article>")]
    return re.sub(r"<[^>]+>", "", article)


def test_strict_build_passes_without_warnings(build: SiteBuild) -> None:
    assert build.result.returncode == 0, build.result.stderr
    assert "WARNING" not in build.result.stderr, build.result.stderr


@pytest.mark.parametrize("edition", ["", "en"])
def test_every_example_ran_once_in_the_engine(build: SiteBuild, site: Path, edition: str) -> None:
    if not build.engine_ran:
        pytest.skip("the engine did not run the examples first in this test run (`make test` runs it first)")
    runs = json.loads((site / edition / "execution-report.json").read_text(encoding="utf-8"))
    again = [f"{run['page']}: {', '.join(run['snippets']) or 'inline code'}" for run in runs if not run["cached"]]
    assert not again, "blocks the site build executed, though the engine had run its pages:\n" + "\n".join(again)


def test_example_page_shows_executed_output_and_stamp(site: Path) -> None:
    html = (site / "guias" / "primeiros-passos" / "index.html").read_text(encoding="utf-8")
    text = article_text(html)
    assert text.index("dispositivo: ") > text.index("def tensor_operations"), "the output comes after the source"
    assert re.search(r"grad_y:\s*tensor\(\[\[1\., 2\.\],\s*\[3\., 4\.\]\]\)", text)
    assert re.search(r'<p class="tocha-stamp">Executado com torch 2\.14\.1 · (cpu|cuda)</p>', html)


@pytest.mark.parametrize("edition", ["", "en"])
def test_report_lists_every_executed_block(site: Path, edition: str) -> None:
    runs = json.loads((site / edition / "execution-report.json").read_text(encoding="utf-8"))
    pages = [page for page in (REPO / "docs").rglob("*.md") if page.name.endswith(".en.md") == (edition == "en")]
    fences = sum(
        len(re.findall(r'^[ \t]*```+\s*python[^\n]*exec="on"', page.read_text(encoding="utf-8"), re.MULTILINE))
        for page in pages
    )
    assert len(runs) == fences
    assert all(run["ok"] and run["snippets"] for run in runs)
    report = (site / edition / REPORT_PAGE).read_text(encoding="utf-8")
    for run in runs:
        for snippet in run["snippets"]:
            assert snippet in report


@pytest.mark.parametrize(("edition", "language"), [("", "pt-BR"), ("en", "en")])
def test_the_engine_reads_from_each_page_the_blocks_the_build_ran(
    site: Path, edition: str, language: str, tmp_path: Path
) -> None:
    """``tocha examples run``'s one parse per page finds the build's blocks, in its order, with their sessions and snippets."""
    runs = json.loads((site / edition / "execution-report.json").read_text(encoding="utf-8"))
    pages = [page for page in read_pages(read_settings(REPO / "mkdocs.yml", tmp_path)) if page.language == language]
    engine = {page.uri: [(block.session, [path.name for path in block.snippets]) for block in page.blocks] for page in pages}
    build: dict[str, list] = {}  # the build renders pages in navigation order; the blocks of a page in its order
    for run in runs:
        build.setdefault(run["page"], []).append((run["session"], [Path(name.split(" (")[0]).name for name in run["snippets"]]))
    assert engine == build


def test_curated_page_and_its_source_link_each_other(site: Path) -> None:
    guide = (site / "guias" / "primeiros-passos" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../fontes/ficha-pytorch/"' in guide
    source = (site / "fontes" / "ficha-pytorch" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../guias/primeiros-passos/"' in source


class ResourceCollector(HTMLParser):
    """Collects the URLs a page makes the browser load (not plain links)."""

    def __init__(self) -> None:
        super().__init__()
        self.loaded: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in {"script", "img", "iframe", "source", "audio", "video", "embed"} and values.get("src"):
            self.loaded.append(values["src"])
        if tag == "link" and values.get("rel") in {"stylesheet", "preload", "icon", "preconnect", "modulepreload"}:
            self.loaded.append(values.get("href") or "")


def test_no_request_leaves_the_site(site: Path) -> None:
    external = []
    for page in site.rglob("*.html"):
        collector = ResourceCollector()
        collector.feed(page.read_text(encoding="utf-8"))
        external += [f"{page.relative_to(site)}: {url}" for url in collector.loaded if re.match(r"(https?:)?//", url)]
    assert not external, "\n".join(external[:20])


def test_build_writes_nothing_into_the_repository(build: SiteBuild) -> None:
    assert git_status() == build.git_status_before


def html_pages(site: Path, edition: str) -> dict[str, Path]:
    """An edition's pages (``en`` or ``""`` for pt-BR): path relative to the edition's root → its HTML file."""
    prefix = f"{edition}/" if edition else ""
    others = () if edition else ("en/",)
    return {
        page[len(prefix) :]: site / page / "index.html"
        for page in site_pages(site)
        if page.startswith(prefix) and not page.startswith(others)
    }


def heading_ids(html: str) -> list[str]:
    """The ids of a page's article headings, in order."""
    article = html[html.index("<article") : html.index("</article>")]
    return re.findall(r'<h[1-6][^>]*\bid="([^"]+)"', article)


def test_both_editions_have_the_same_pages_and_heading_ids(site: Path) -> None:
    portuguese, english = html_pages(site, ""), html_pages(site, "en")
    assert sorted(portuguese) == sorted(english)
    differ = [
        page
        for page in portuguese
        if heading_ids(portuguese[page].read_text(encoding="utf-8")) != heading_ids(english[page].read_text(encoding="utf-8"))
    ]
    assert not differ, f"pages whose heading ids differ between the editions: {differ}"


def english_code_and_output(html: str) -> str:
    """Everything an English reader sees as code, output or figure description on a page."""
    article = html[html.index("<article") : html.index("</article>")]
    pieces = re.findall(r"<pre[^>]*>(.*?)</pre>", article, re.DOTALL)
    pieces += re.findall(r'<span class="filename">(.*?)</span>', article)
    pieces += re.findall(r'<img alt="([^"]*)"', article)
    return html_module.unescape(re.sub(r"<[^>]+>", "", "\n".join(pieces)))


def test_english_edition_shows_no_portuguese_in_code_output_or_figures(site: Path) -> None:
    """Source pages reproduce their original text (in its own language) and are left out, and so
    are the tooling's API pages, whose docstrings show Portuguese text as the data they process."""
    found = {}
    for page, path in html_pages(site, "en").items():
        if page.startswith(("fontes/", "notas-de-revisao/", "referencia/")) and page != "referencia/relatorio-de-execucao/":
            continue
        words = portuguese_words(english_code_and_output(path.read_text(encoding="utf-8")))
        if words:
            found[page] = sorted(set(words))[:12]
    assert not found, f"Portuguese in the English edition's code, output or figures: {found}"


def test_english_example_page_runs_the_english_variant(site: Path) -> None:
    html = (site / "en" / "guias" / "primeiros-passos" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<p class="tocha-stamp">Run with torch 2\.14\.1 · (cpu|cuda)</p>', html)
    assert "tensor(" in article_text(html)


def test_language_switcher_links_each_page_to_its_other_edition(site: Path) -> None:
    html = (site / "conceitos" / "tensores" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="[./]*en/conceitos/tensores/"[^>]*hreflang="en"', html)
    english = (site / "en" / "conceitos" / "tensores" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="[./]*conceitos/tensores/"[^>]*hreflang="pt-BR"', english)


def test_repository_link_has_no_live_github_figures(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    assert 'class="md-source"' in html and 'data-md-component="source"' not in html
