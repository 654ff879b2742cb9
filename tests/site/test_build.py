"""The strict build of the whole site, and what a reader gets from it.

The site is built twice into temporary folders with a fresh execution cache:
cold (every example runs), then warm (every example comes from the cache). All
tests here share one xdist worker (the ``site`` group) and never write into
the repository.
"""

from __future__ import annotations

import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("site")]

REPORT_PAGE = Path("referencia/relatorio-de-execucao/index.html")


def git_status() -> str:
    return subprocess.run(["git", "status", "--porcelain"], cwd=REPO, capture_output=True, text=True).stdout


def mkdocs_build(python: str, env: dict[str, str], site: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [python, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory, python: str, example_env: dict[str, str]):
    """Cold then warm build: (cold result, cold site, warm result, warm site, git status before)."""
    root = tmp_path_factory.mktemp("build")
    env = {**example_env, "TOCHA_CACHE_DIR": str(root / "cache")}
    before = git_status()
    cold = mkdocs_build(python, env, root / "cold")
    warm = mkdocs_build(python, env, root / "warm")
    return cold, root / "cold", warm, root / "warm", before


@pytest.fixture(scope="module")
def site(builds) -> Path:
    cold, cold_site, *_ = builds
    assert cold.returncode == 0, cold.stderr
    return cold_site


def article_text(html: str) -> str:
    """The visible text of a page's main article, tags removed."""
    article = html[html.index("<article") : html.index("</article>")]
    return re.sub(r"<[^>]+>", "", article)


def test_strict_build_passes_without_warnings(builds) -> None:
    cold, *_ = builds
    assert cold.returncode == 0, cold.stderr
    assert "WARNING" not in cold.stderr, cold.stderr


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
    assert all(run["ok"] and not run["cached"] for run in runs)
    report = (site / REPORT_PAGE).read_text(encoding="utf-8")
    for run in runs:
        for snippet in run["snippets"]:
            assert snippet in report


def test_warm_rebuild_reuses_every_result_and_gives_the_same_pages(builds) -> None:
    _, cold_site, warm, warm_site, _ = builds
    assert warm.returncode == 0, warm.stderr
    runs = json.loads((warm_site / "execution-report.json").read_text(encoding="utf-8"))
    assert runs and all(run["cached"] for run in runs)
    pages = sorted(path.relative_to(cold_site) for path in cold_site.rglob("*.html"))
    assert pages == sorted(path.relative_to(warm_site) for path in warm_site.rglob("*.html"))
    different = [
        str(page)
        for page in pages
        if page != REPORT_PAGE and (cold_site / page).read_bytes() != (warm_site / page).read_bytes()
    ]
    assert not different, f"pages that changed between identical builds: {different}"


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


def test_build_writes_nothing_into_the_repository(builds) -> None:
    *_, before = builds
    assert git_status() == before
