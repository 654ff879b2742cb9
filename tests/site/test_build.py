"""The strict build of the whole site, and what a reader gets from it.

The site is built once per test run, into a temporary folder, from the
execution cache the snippet cases filled (``--exec-cache``): every example has
already run once, in its test case, and the build renders from its result.
These tests never write into the repository.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.site.conftest import SiteBuild, git_status

pytestmark = pytest.mark.site

REPORT_PAGE = Path("referencia/relatorio-de-execucao/index.html")


def article_text(html: str) -> str:
    """The visible text of a page's main article, tags removed."""
    article = html[html.index("<article") : html.index("</article>")]
    return re.sub(r"<[^>]+>", "", article)


def test_strict_build_passes_without_warnings(build: SiteBuild) -> None:
    assert build.result.returncode == 0, build.result.stderr
    assert "WARNING" not in build.result.stderr, build.result.stderr


def test_every_example_ran_once_in_its_snippet_case(build: SiteBuild, site: Path) -> None:
    if not build.cache_was_filled:
        pytest.skip("no snippet case ran before the build in this test run (`make test` runs them first)")
    runs = json.loads((site / "execution-report.json").read_text(encoding="utf-8"))
    again = [f"{run['page']}: {', '.join(run['snippets']) or 'inline code'}" for run in runs if not run["cached"]]
    assert not again, (
        "blocks the site build executed, though their snippet case had run: a page must show a snippet "
        "whole, or its sections in file order in one session\n" + "\n".join(again)
    )


def test_example_page_shows_executed_output_and_stamp(site: Path) -> None:
    html = (site / "guias" / "primeiros-passos" / "index.html").read_text(encoding="utf-8")
    text = article_text(html)
    assert text.index("dispositivo: ") > text.index("def tensor_operations"), "the output comes after the source"
    assert re.search(r"grad_y:\s*tensor\(\[\[1\., 2\.\],\s*\[3\., 4\.\]\]\)", text)
    assert re.search(r'<p class="tocha-stamp">Executado com torch 2\.14\.1 · (cpu|cuda) · \d+\.\d\d s</p>', html)


def test_report_lists_every_executed_block(site: Path) -> None:
    runs = json.loads((site / "execution-report.json").read_text(encoding="utf-8"))
    fences = sum(
        len(re.findall(r'^[ \t]*```+\s*python[^\n]*exec="on"', page.read_text(encoding="utf-8"), re.MULTILINE))
        for page in (REPO / "docs").rglob("*.md")
    )
    assert len(runs) == fences
    assert all(run["ok"] and run["snippets"] for run in runs)
    report = (site / REPORT_PAGE).read_text(encoding="utf-8")
    for run in runs:
        for snippet in run["snippets"]:
            assert snippet in report


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
