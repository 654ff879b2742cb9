"""A hostile Zim notebook, imported and built with the real ``mkdocs.yml``, runs no script in the browser.

A note's text is untrusted: the owner may paste anything into Zim, or import a
notebook someone else wrote. Here a notebook holds every payload the importer
must neutralise (script in a heading, in a page's file name, in link and image
targets of every form, directives of the site's Markdown extensions). It is
imported with the command line, built strictly in both editions, served on
127.0.0.1, and every page of the site is opened in Chromium, where:

* no dialog opens (``alert`` is what every payload calls);
* no ``href`` or ``src`` left in any page starts with a scheme that runs code
  (``javascript:``, ``vbscript:``, ``data:text/html``);
* mkdocstrings documented nothing (``::: json`` stays text);
* the site's search finds the notes (Pagefind's bundle of each edition) and
  shows their words as text, never as markup.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.conftest import build_site, make_site
from tests.published.browser import open_search, search, serve
from tocha.cli import main

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.site

HEADER = "Content-Type: text/x-zim-wiki\nWiki-Format: zim 0.6\nCreation-Date: 2024-01-18T01:04:14-03:00\n\n"
#: Each payload, as a line of a Zim page.
PAYLOADS = [
    "====== T <img src=x onerror=alert(1)> ======",
    "[[javascript://%0aalert(1)|clique]]",
    "[[JaVaScRiPt:alert(1)|maiúsculas]]",
    "um link nu javascript://%0aalert(1) no texto",
    "[[vbscript://msgbox(1)|vb]]",
    "{{javascript://%0aalert(1)}}",
    "{{./fig.png?href=javascript://%0aalert(1)}}",
    "[[data:text/html,<script>alert(1)</script>|dados]]",
    "<script>alert(1)</script> no texto",
    "::: json",
    "--8<-- \"/etc/passwd\"",
    '!!! note "<img src=x onerror=alert(1)>"',
    "| <img src=x onerror=alert(1)> | b |",
]
#: URL schemes that run code when a link is followed or a source is loaded.
EXECUTABLE_URL = re.compile(r"^\s*(javascript:|vbscript:|data:text/html)", re.IGNORECASE)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory, python: str, build_env: dict[str, str]) -> Path:
    """The hostile notebook imported into a site with the real settings, built strictly; returns the built site."""
    root = tmp_path_factory.mktemp("hostile")
    notebook = root / "Caderno"
    notebook.mkdir()
    (notebook / "notebook.zim").write_text("[Notebook]\nname=Caderno\n", encoding="utf-8")
    (notebook / "Home.txt").write_text(HEADER + "\n".join(PAYLOADS) + "\n", encoding="utf-8")
    (notebook / "Home").mkdir()
    (notebook / "Home" / "fig.png").write_bytes(b"\x89PNG fake")
    named = notebook / "T <img src=x onerror=alert(2)>.txt"
    named.write_text(HEADER + "Uma página com nome hostil.\n", encoding="utf-8")
    site = make_site(root / "site", "  - index.md\n  - Notas: notas/_nav.yml\n", english=True)
    (site / "docs" / "index.md").write_text("# Wiki\n\n[Notas](notas/home/index.md)\n", encoding="utf-8")
    (site / "docs" / "index.en.md").write_text("# Wiki\n\n[Notes](notas/home/index.md)\n", encoding="utf-8")
    assert main(["import", "zim", str(notebook), "--out", str(site / "docs" / "notas")]) == 0
    result = build_site(site, python, build_env)
    assert result.returncode == 0, result.stderr
    return site / "site"


def test_no_page_of_the_site_runs_a_script_from_the_notes(hostile_site: Path, browser: Browser) -> None:
    pages = sorted(path for path in hostile_site.rglob("*.html"))
    assert len(pages) > 4, "the notes are in both editions"
    dialogs: list[str] = []
    executable: list[str] = []
    with serve(hostile_site) as base_url:
        context = browser.new_context()
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(f"{page.url}: {dialog.message}"), dialog.dismiss()))
        for path in pages:
            relative = path.relative_to(hostile_site).as_posix()
            page.goto(base_url + relative, wait_until="load")
            urls = page.eval_on_selector_all(
                "[href], [src]", "nodes => nodes.map(n => n.getAttribute('href') ?? n.getAttribute('src'))"
            )
            executable += [f"{relative}: {url}" for url in urls if url and EXECUTABLE_URL.match(url)]
        context.close()
    assert not dialogs, f"a script from a note ran: {dialogs}"
    assert not executable, f"links or sources that run code: {executable}"


def test_the_notes_directives_stay_text(hostile_site: Path) -> None:
    home = (hostile_site / "notas" / "home" / "index.html").read_text(encoding="utf-8")
    assert "doc doc-object" not in home and "doc-heading" not in home, "::: json rendered API documentation"
    assert "root:x" not in home, "a snippet include read a file"
    assert "::: json" in home, "the directive line is shown as text"


@pytest.mark.parametrize("edition", ["", "en/"])
def test_searching_the_notes_finds_them_and_shows_their_text_as_text(
    hostile_site: Path, browser: Browser, edition: str
) -> None:
    # The notes are in each edition's Pagefind bundle, not in Material's index (tocha.site.search).
    assert (hostile_site / edition / "pagefind" / "pagefind-entry.json").is_file()
    index = json.loads((hostile_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [doc["location"] for doc in index["docs"] if "notas/" in doc["location"]], "a note is in lunr's index"
    dialogs: list[str] = []
    with serve(hostile_site) as base_url:
        context = browser.new_context()
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(f"{base_url}{edition}", wait_until="load")
        open_search(page)
        # "dados" is the label of the data: link, before the <script> text: the excerpt shows both.
        outcome = search(page, base_url, "dados", top=10, timeout_ms=30_000)
        shown = page.eval_on_selector_all(
            ".md-search-result__article", "nodes => nodes.map(n => [n.innerText, n.querySelectorAll('*:not(mark):not(h1):not(p):not(div)').length])"
        )
        context.close()
    assert f"{edition}notas/home/" in outcome.pages, outcome.pages
    assert all(path.startswith(f"{edition}notas/") for path in outcome.pages), outcome.pages
    # The title and the excerpt show the note's words as written: escaped once, neither run nor shown as "&lt;".
    assert any("<img src=x onerror=alert(1)>" in text and "<script>alert(1)</script> no texto" in text for text, _ in shown), shown
    assert not [text for text, _ in shown if "&lt;" in text or "&amp;" in text], shown
    assert not [text for text, elements in shown if elements], f"a result holds markup from a note: {shown}"
    assert not dialogs, f"a script from a note ran in the search results: {dialogs}"
