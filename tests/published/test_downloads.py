"""Downloads, notebooks, Colab links and API links of the built site, in both editions.

Every page with executed examples offers its notebook and its snippet files
beside it, and an "Open in Colab" link; the notebooks are valid and hold the
page's executed code in page order; every name linked in the code names an
object the installed torch/torchvision has; the API index and the examples
link to each other. A browser test clicks a download and a Colab link (the
Colab request is answered locally: nothing leaves 127.0.0.1).

Run only these against a site built beforehand::

    .venv/bin/python -m properdocs build -f mkdocs.yml --site-dir /tmp/site-dev
    TOCHA_SITE_DIR=/tmp/site-dev .venv/bin/python -m pytest tests/published/test_downloads.py -m site -q
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

import nbformat
import pytest
import yaml

from tests.conftest import REPO
from tests.published.browser import is_local
from tocha.site.api_links import DOC_ROOTS, code_text, doc_version
from tocha.site.api_names import TorchNamespace
from tocha.site.downloads import colab_url
from tocha.site.notebooks import code_cells

if TYPE_CHECKING:
    from playwright.sync_api import Page, Route

pytestmark = pytest.mark.site

EXAMPLE = re.compile(r'<div class="tocha-example" id="ex-(\d+)">')
CODE = re.compile(r"<pre><span></span><code>(.*?)</code></pre>", re.DOTALL)
BAR = re.compile(r'<p class="tocha-downloads"[^>]*>.*?</p>', re.DOTALL)
HREF = re.compile(r'<a class="(tocha-download-notebook|tocha-download-code|tocha-colab)" href="([^"]+)"')
API_LINK = re.compile(r'<a class="tocha-api" href="([^"]+)" title="([^"]+)">')
#: The page the browser test uses: a guide with one snippet file.
GUIDE = "guias/rede-neural-simples/"


def config() -> dict:
    """The real ``mkdocs.yml``, as plain YAML (as tests/conftest.py's ``make_site`` reads it)."""
    return yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))


def colab_branch() -> str:
    tocha = next(plugin["tocha"] for plugin in config()["plugins"] if isinstance(plugin, dict) and "tocha" in plugin)
    return tocha["colab_branch"]


def example_pages(site: Path) -> dict[Path, str]:
    """Every page with executed examples: its HTML file → its HTML."""
    pages = {}
    for path in sorted(site.rglob("index.html")):
        text = path.read_text(encoding="utf-8")
        if EXAMPLE.search(text):
            pages[path] = text
    return pages


def executed_code(page_html: str) -> list[str]:
    """The code each executed block shows, in page order: the first code block of each example."""
    blocks = []
    for match in EXAMPLE.finditer(page_html):
        code = CODE.search(page_html, match.end())
        blocks.append(code_text(code.group(1)).rstrip())
    return blocks


def downloads(page_html: str) -> dict[str, list[str]]:
    """The download bar's links by kind (``tocha-download-notebook``, ``tocha-download-code``, ``tocha-colab``)."""
    bar = BAR.search(page_html)
    assert bar, "no download bar"
    found: dict[str, list[str]] = {}
    for kind, href in HREF.findall(bar.group(0)):
        found.setdefault(kind, []).append(html.unescape(href))
    return found


def test_every_page_with_examples_offers_its_notebook_and_code(site: Path) -> None:
    pages = example_pages(site)
    english = [path for path in pages if path.relative_to(site).parts[0] == "en"]
    assert len(pages) > 20 and len(english) * 2 == len(pages), "both editions, the same pages"
    problems = []
    for path, text in pages.items():
        links = downloads(text)
        notebook, code = links.get("tocha-download-notebook", []), links.get("tocha-download-code", [])
        if len(notebook) != 1 or not code:
            problems.append(f"{path.relative_to(site)}: notebook {notebook}, code {code}")
            continue
        for href in notebook + code:
            if "/" in href or not (path.parent / unquote(href)).is_file():
                problems.append(f"{path.relative_to(site)}: {href} is not a file beside the page")
        expected = colab_url(config()["repo_url"], colab_branch(), (path.parent / notebook[0]).relative_to(site).as_posix())
        if links.get("tocha-colab") != [expected]:
            problems.append(f"{path.relative_to(site)}: Colab link {links.get('tocha-colab')}, expected {expected}")
    assert not problems, "\n".join(problems)
    notebooks = sorted(site.rglob("*.ipynb"))
    assert len(notebooks) == len(pages), "one notebook per page with examples, no other"


def test_every_download_link_of_the_site_resolves_to_a_file(site: Path) -> None:
    broken = []
    for path in site.rglob("*.html"):
        for href in re.findall(r'<a [^>]*href="([^"#?]+)"[^>]*\bdownload\b', path.read_text(encoding="utf-8")):
            target = (path.parent / unquote(html.unescape(href))).resolve()
            if not target.is_file() or site.resolve() not in target.parents:
                broken.append(f"{path.relative_to(site)}: {href}")
    assert not broken, "\n".join(broken[:20])


def test_every_notebook_is_a_valid_python_3_notebook(site: Path) -> None:
    notebooks = sorted(site.rglob("*.ipynb"))
    assert notebooks
    for path in notebooks:
        notebook = nbformat.read(path, as_version=4)
        nbformat.validate(notebook)
        assert notebook.metadata.kernelspec == {"display_name": "Python 3", "language": "python", "name": "python3"}, path
        setup = notebook.cells[0]
        assert setup.cell_type == "code" and "    %pip install torch torchvision" in setup.source, path
        assert 'if importlib.util.find_spec("torch") is None' in setup.source, f"{path}: the install must be conditional"


def test_each_notebook_holds_its_pages_executed_code_in_order(site: Path) -> None:
    mismatches = []
    for path, text in example_pages(site).items():
        notebook = path.parent / downloads(text)["tocha-download-notebook"][0]
        cells = code_cells(notebook.read_text(encoding="utf-8"))
        if cells != executed_code(text):
            mismatches.append(str(path.relative_to(site)))
    assert not mismatches, f"notebooks whose code differs from their page's executed blocks: {mismatches}"


def test_the_english_downloads_are_the_english_variants(site: Path) -> None:
    english = (site / "en" / GUIDE / "train_simple_nn.py").read_text(encoding="utf-8")
    portuguese = (site / GUIDE / "train_simple_nn.py").read_text(encoding="utf-8")
    assert english != portuguese and "--8<--" not in english
    assert "# same data, same initial weights, same output" in english
    notebook = nbformat.read(site / "en" / GUIDE / "rede-neural-simples.ipynb", as_version=4)
    assert notebook.cells[0].source.startswith("# Notebook of the Tocha page")


def test_no_download_names_a_folder_of_the_build_machine(site: Path) -> None:
    forbidden = [str(REPO), str(Path.home()) + "/", "/tmp/", "tocha-examples-"]
    found = []
    for path in [*site.rglob("*.ipynb"), *site.rglob("*.py")]:
        text = path.read_text(encoding="utf-8")
        found += [f"{path.relative_to(site)}: {word}" for word in forbidden if word in text]
    assert not found, "\n".join(found)


def test_every_api_link_names_an_object_of_the_installed_torch(site: Path) -> None:
    roots = tuple(root.format(version=doc_version(package)) for package, root in DOC_ROOTS.items())
    links: dict[str, set[str]] = {}
    for path in site.rglob("index.html"):
        for href, title in API_LINK.findall(path.read_text(encoding="utf-8")):
            links.setdefault(html.unescape(title), set()).add(html.unescape(href))
    assert len(links) > 100
    namespace = TorchNamespace()
    missing = sorted(name for name in links if not namespace.lookup(name)[0])
    assert not missing, f"links to names the installed torch/torchvision lack: {missing}"
    elsewhere = sorted(f"{name}: {href}" for name, hrefs in links.items() for href in hrefs if not href.startswith(roots))
    assert not elsewhere, elsewhere
    assert len({href for hrefs in links.values() for href in hrefs}) > 100


@pytest.mark.parametrize("edition", ["", "en/"])
def test_the_api_index_and_the_examples_link_to_each_other(site: Path, edition: str) -> None:
    index_path = site / edition / "api" / "index.html"
    index = index_path.read_text(encoding="utf-8")
    rows = re.findall(r'<tr id="(api-[\w-]+)"><td><a href="[^"]+"><code>([\w.]+)</code></a></td><td>(.*?)</td></tr>', index)
    assert len(rows) > 100
    namespace = TorchNamespace()
    assert all(namespace.lookup(name)[0] for _, name, _ in rows)
    pages: dict[Path, str] = {}
    unresolved = []
    for anchor, name, examples in rows:
        for href in re.findall(r'href="([^"]+)"', examples):
            target, _, fragment = href.partition("#")
            page = (index_path.parent / target / "index.html").resolve()
            text = pages.setdefault(page, page.read_text(encoding="utf-8") if page.is_file() else "")
            if f'<div class="tocha-example" id="{fragment}">' not in text:
                unresolved.append(f"{name}: {href}")
                continue
            block = text[text.index(f'id="{fragment}"') :]
            block = block[: block.index("</details>")] if "</details>" in block else block
            if f"#{anchor}" not in block:
                unresolved.append(f"{name}: block {href} does not link back to #{anchor}")
    assert not unresolved, "\n".join(unresolved[:20])


# --- In the browser ---------------------------------------------------------------------------


def test_a_download_and_a_colab_link_reach_their_targets(page: Page, base_url: str, site: Path) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    colab: list[str] = []

    def answer_colab(route: Route) -> None:
        colab.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<title>Colab (local stand-in)</title>")

    page.route(re.compile(r"^https://colab\.research\.google\.com/"), answer_colab)
    page.goto(base_url + GUIDE)

    with page.expect_download() as download_info:
        page.locator("a.tocha-download-notebook").click()
    download = download_info.value
    assert download.suggested_filename == "rede-neural-simples.ipynb"
    assert Path(download.path()).read_bytes() == (site / GUIDE / "rede-neural-simples.ipynb").read_bytes()

    page.locator("a.tocha-colab").click()
    page.wait_for_url(re.compile(r"^https://colab\.research\.google\.com/"))
    expected = colab_url(config()["repo_url"], colab_branch(), GUIDE + "rede-neural-simples.ipynb")
    assert colab == [expected]
    assert page.title() == "Colab (local stand-in)"
    left = [url for url in requests if not is_local(url) and url not in colab]
    assert not left, f"requests that left the machine: {left}"
    assert urlsplit(expected).path.endswith(f"/blob/{colab_branch()}/guias/rede-neural-simples/rede-neural-simples.ipynb")
