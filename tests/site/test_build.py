"""The strict build of the whole site, and what a reader gets from it.

The build runs once per test session (all tests here share one worker, see the
``site`` xdist group) into a temporary folder, never into the repository.
"""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("site")]


def git_status() -> str:
    return subprocess.run(["git", "status", "--porcelain"], cwd=REPO, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory, python: str, example_env: dict[str, str]):
    site = tmp_path_factory.mktemp("site")
    before = git_status()
    result = subprocess.run(
        [python, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=REPO,
        env=example_env,
        capture_output=True,
        text=True,
    )
    return result, site, before


def article_text(html: str) -> str:
    """The visible text of a page's main article, tags removed."""
    article = html[html.index("<article") : html.index("</article>")]
    return re.sub(r"<[^>]+>", "", article)


def test_strict_build_passes_without_warnings(build) -> None:
    result, _, _ = build
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr


def test_example_page_shows_executed_output(build) -> None:
    _, site, _ = build
    text = article_text((site / "guias" / "primeiros-passos" / "index.html").read_text(encoding="utf-8"))
    source_at = text.index("def tensor_operations")
    output_at = text.index("dispositivo: ")
    assert output_at > source_at, "the output comes after the source"
    assert re.search(r"grad_y:\s*tensor\(\[\[1\., 2\.\],\s*\[3\., 4\.\]\]\)", text)


def test_curated_page_and_its_source_link_each_other(build) -> None:
    _, site, _ = build
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
        if tag in {"script", "img", "iframe", "source", "audio", "video"} and values.get("src"):
            self.loaded.append(values["src"])
        if tag == "link" and values.get("rel") in {"stylesheet", "preload", "icon", "preconnect"}:
            self.loaded.append(values.get("href") or "")


def test_no_request_leaves_the_site(build) -> None:
    _, site, _ = build
    external = []
    for page in site.rglob("*.html"):
        collector = ResourceCollector()
        collector.feed(page.read_text(encoding="utf-8"))
        external += [f"{page.relative_to(site)}: {url}" for url in collector.loaded if re.match(r"(https?:)?//", url)]
    assert not external, "\n".join(external[:20])


def test_build_writes_nothing_into_the_repository(build) -> None:
    _, _, before = build
    assert git_status() == before
