"""Helpers of the browser tests: serve the built site locally, drive Debian's chromium, use the site's search.

The browser is Debian's chromium (``make setup`` installs it), driven by
Playwright; Playwright never downloads a browser of its own. ``TOCHA_CHROMIUM``
points the tests at another chromium binary.
"""

from __future__ import annotations

import functools
import gzip
import io
import os
import re
import statistics
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import Page

DEFAULT_CHROMIUM = "/usr/bin/chromium"
HOST = "127.0.0.1"
# Nothing the tests load may reach the network: every host name but the local
# server's fails to resolve in the browser (requests are still recorded first).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", f"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE {HOST}"]


def chromium_executable() -> str:
    """The chromium binary the tests drive: ``TOCHA_CHROMIUM``, else Debian's ``/usr/bin/chromium``.

    Raises:
        FileNotFoundError: No executable there, with the one-line fix.
    """
    path = os.environ.get("TOCHA_CHROMIUM") or DEFAULT_CHROMIUM
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        raise FileNotFoundError(f"chromium not found at {path}: run `make setup` (it installs Debian's chromium)")
    return path


def chromium_env(home: Path) -> dict[str, str]:
    """The environment to start chromium with: this process's, with ``home`` as its home folder.

    Chromium writes into the home folder at every start (``.config/chromium/Crash
    Reports``, ``.cache/dconf``), whatever profile it is given; the test suite
    must leave the home folder as it found it.
    """
    return {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"), "XDG_CACHE_HOME": str(home / ".cache")}


# Text the published site's host (GitHub Pages) sends gzip-compressed; images and fonts it sends as they are.
COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")


class SiteHandler(SimpleHTTPRequestHandler):
    """Serves the site's files under its path (``/tocha/``), like ``python -m http.server``, without log lines.

    A request outside that path gets a 404, as it would on the published site.
    With :attr:`gzip`, text goes out gzip-compressed to a client that accepts
    it, as the published site's host sends it (for measures of page weight and
    speed, such as Lighthouse's).
    """

    prefix = "/"
    gzip = False

    def translate_path(self, path: str) -> str:
        """The file for ``path``, relative to :attr:`prefix`; outside it, a file that does not exist."""
        if not path.startswith(self.prefix):
            return os.path.join(self.directory, "__outside_the_site__", "")
        return super().translate_path("/" + path[len(self.prefix) :])

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
        pass

    def send_head(self):  # noqa: ANN201 (the base class's signature: a file object or None)
        """As the base class; with :attr:`gzip`, a text file goes out compressed (``Content-Encoding: gzip``)."""
        path = self.translate_path(self.path)
        if os.path.isdir(path) and urlsplit(self.path).path.endswith("/"):
            path = os.path.join(path, "index.html")  # what the base class serves for a folder
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.gzip and accepts and os.path.isfile(path) and self.guess_type(path).startswith(COMPRESSED_TYPES)):
            return super().send_head()
        body = _gzipped(path, os.stat(path).st_mtime_ns)
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


@functools.lru_cache(maxsize=512)
def _gzipped(path: str, mtime_ns: int) -> bytes:
    """The file's bytes, gzip-compressed (level 6, as common web servers do); cached while the file is unchanged."""
    with open(path, "rb") as file:
        return gzip.compress(file.read(), compresslevel=6, mtime=0)


class QuietServer(ThreadingHTTPServer):
    """A threading HTTP server that stays silent when a client hangs up mid-answer (a browser does, navigating away)."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: tuple) -> None:
        """Print the traceback as the base class does, except for a connection the client closed."""
        if not isinstance(sys.exception(), ConnectionError):
            super().handle_error(request, client_address)


def site_path(site: Path) -> str:
    """The URL path the site is published under (``/tocha/``), from the first ``<loc>`` of its sitemap.

    MkDocs writes a few absolute links with it (the home pages' language links,
    ``404.html``), so the tests serve the site there, as it is published.
    """
    sitemap = site / "sitemap.xml"
    found = re.search(r"<loc>([^<]+)</loc>", sitemap.read_text(encoding="utf-8")) if sitemap.is_file() else None
    path = urlsplit(found.group(1)).path if found else "/"
    return path if path.endswith("/") else path + "/"


@contextmanager
def serve(site: Path, *, gzip: bool = False, handler_class: type[SiteHandler] | None = None) -> Iterator[str]:
    """Serve the built site over HTTP on 127.0.0.1, on a free port, from a background thread.

    Args:
        site: The built site.
        gzip: Send text gzip-compressed, as the published site's host does (see :class:`SiteHandler`).
        handler_class: A :class:`SiteHandler` subclass that answers otherwise (missing pages, say).

    Yields:
        The site's base URL, ending in ``/`` (``http://127.0.0.1:PORT/tocha/``).
    """
    prefix = site_path(site)
    handler = type("Handler", (handler_class or SiteHandler,), {"prefix": prefix, "gzip": gzip})
    server = QuietServer((HOST, 0), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def site_pages(site: Path) -> list[str]:
    """Every page of both editions, as paths relative to the site (``""``, ``conceitos/tensores/``, ``en/...``).

    A page is a folder's ``index.html``; ``404.html`` is no page of its own.
    """
    pages = []
    for index in site.rglob("index.html"):
        folder = index.parent.relative_to(site).as_posix()
        pages.append("" if folder == "." else folder + "/")
    return sorted(pages)


def page_path(url: str, base: str) -> str:
    """The page part of a URL on the local site, relative to it: query and fragment removed.

    ``http://127.0.0.1:8000/tocha/en/conceitos/autograd/?h=grad#acumulacao`` → ``en/conceitos/autograd/``.
    """
    path = urlsplit(url).path
    base_path = urlsplit(base).path
    return path[len(base_path) :] if path.startswith(base_path) else path


def is_local(url: str) -> bool:
    """Whether a request stays on the machine: its host is 127.0.0.1, or it is a ``data:``/``blob:`` URL."""
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob"}:
        return True
    return parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname == HOST


# --- The site's own search box (Material for MkDocs) -------------------------

SEARCH_INPUT = "input.md-search__input"
RESULT_ITEM = "li.md-search-result__item"

# Stamps every keydown and every change of the rendered results (Material
# rewrites the result meta line and list for each answer of the search worker).
# window.__tochaSearch.renders lists performance.now() of each render, with
# whether it showed at least one result.
SEARCH_PROBE = """() => {
  if (window.__tochaSearch) return;
  const probe = (window.__tochaSearch = { lastKey: 0, renders: [] });
  document.addEventListener("keydown", () => { probe.lastKey = performance.now(); }, true);
  const output = document.querySelector(".md-search-result");
  new MutationObserver(() => {
    const items = output.querySelectorAll("li.md-search-result__item").length;
    probe.renders.push({ at: performance.now(), items });
  }).observe(output, { childList: true, subtree: true, characterData: true });
}"""

# True once the results were rendered after the last keystroke.
RENDERED_AFTER_LAST_KEY = "() => window.__tochaSearch.renders.some((r) => r.at > window.__tochaSearch.lastKey)"

# Milliseconds from the last keystroke to the first render after it that shows a
# result (null when none shows one).
FIRST_RESULT_DELAY = """() => {
  const probe = window.__tochaSearch;
  const shown = probe.renders.find((r) => r.at > probe.lastKey && r.items > 0);
  return shown ? shown.at - probe.lastKey : null;
}"""

# The page of each result, best first: a result item groups one page's
# matches, and its first link is the best of them.
RESULT_PAGES = """() => [...document.querySelectorAll("li.md-search-result__item")]
  .map((item) => item.querySelector("a.md-search-result__link"))
  .filter((link) => link)
  .map((link) => link.href)"""


@dataclass
class SearchOutcome:
    """What the site's search showed for one query.

    Attributes:
        pages: The first result pages, best first, relative to the site (no query, no fragment).
        first_result_ms: Milliseconds from the last keystroke to the first result shown (None: no result).
    """

    pages: list[str]
    first_result_ms: float | None


def open_search(page: Page, timeout_ms: float = 15_000) -> None:
    """Open the search box of the current page as a reader does: press ``/`` (Material's shortcut).

    Waits until the search input has the focus.
    """
    page.locator("body").press("/")
    page.wait_for_function(
        "(selector) => document.activeElement && document.activeElement.matches(selector)",
        arg=SEARCH_INPUT,
        timeout=timeout_ms,
    )


def search(
    page: Page, base: str, query: str, *, top: int = 5, settle_ms: float = 150, timeout_ms: float = 15_000
) -> SearchOutcome:
    """Type ``query`` into the site's search box and read the result pages.

    The search box must be open (:func:`open_search`). Material sends a query
    to its search worker on each key released in the box, and the worker
    answers them in order. So the box first gets all but the last character
    (one query), and once that answer is shown, the last character is typed as
    a real keystroke: the first result shown after it is its answer, and the
    time from that keystroke to it is the search's delay. The pages are read
    once the results stayed unchanged for ``settle_ms`` (Material appends long
    lists in parts).

    Args:
        page: A Playwright page of the local site.
        base: The site's base URL.
        query: What the reader types.
        top: How many distinct result pages to keep.
        settle_ms: How long the results must stay unchanged before they are read.
        timeout_ms: How long to wait for the search to answer.

    Returns:
        The result pages (at most ``top``) and the delay before the first result.
    """
    page.evaluate(SEARCH_PROBE)
    box = page.locator(SEARCH_INPUT)
    prefix = query[:-1]
    # Material skips a query equal to the last one: then that answer is already shown.
    if box.input_value() != prefix:
        box.fill(prefix)
        box.press("End")  # a released key: Material sends the prefix
        page.wait_for_function(RENDERED_AFTER_LAST_KEY, timeout=timeout_ms)
    page.evaluate("() => { window.__tochaSearch.renders = []; }")
    page.keyboard.type(query[-1])
    page.wait_for_function(RENDERED_AFTER_LAST_KEY, timeout=timeout_ms)
    delay = page.evaluate(FIRST_RESULT_DELAY)
    if delay is None:
        # Answered, but no item yet: Material may append them a moment later.
        try:
            page.wait_for_function(f"() => ({FIRST_RESULT_DELAY})() !== null", timeout=1_000)
            delay = page.evaluate(FIRST_RESULT_DELAY)
        except Exception:  # noqa: BLE001 (Playwright's timeout): no result shown
            pass
    previous = None
    while True:
        renders = page.evaluate("() => window.__tochaSearch.renders.length")
        if renders == previous:
            break
        previous = renders
        page.wait_for_timeout(settle_ms)
    pages: list[str] = []
    for href in page.evaluate(RESULT_PAGES):
        path = page_path(href, base)
        if path not in pages:
            pages.append(path)
    return SearchOutcome(pages[:top], delay)


@dataclass
class EditionScore:
    """Hit counts and timings of one edition's queries."""

    edition: str
    queries: int = 0
    hit1: int = 0
    hit5: int = 0
    delays_ms: list[float] = field(default_factory=list)
    no_result: int = 0

    def add(self, expected: str, outcome: SearchOutcome) -> None:
        """Count one query's outcome."""
        self.queries += 1
        self.hit1 += outcome.pages[:1] == [expected]
        self.hit5 += expected in outcome.pages[:5]
        if outcome.first_result_ms is None:
            self.no_result += 1
        else:
            self.delays_ms.append(outcome.first_result_ms)

    def summary(self) -> dict:
        """The edition's numbers, as written to ``search-results.json``."""
        delays = self.delays_ms
        return {
            "queries": self.queries,
            "hit@1": self.hit1,
            "hit@5": self.hit5,
            "first_result_ms_median": round(statistics.median(delays), 1) if delays else None,
            "first_result_ms_max": round(max(delays), 1) if delays else None,
            "no_result": self.no_result,
        }

    def line(self) -> str:
        """One printed line: ``search pt: hit@1 31/44, hit@5 40/44, first result median 12 ms, max 40 ms``."""
        s = self.summary()
        timing = (
            "first result after last keystroke: "
            f"median {s['first_result_ms_median']:.0f} ms, max {s['first_result_ms_max']:.0f} ms"
            if self.delays_ms
            else "no result shown"
        )
        missing = f" ({self.no_result} queries without any result)" if self.no_result else ""
        hits = f"hit@1 {self.hit1}/{self.queries}, hit@5 {self.hit5}/{self.queries}"
        return f"search {self.edition}: {hits}, {timing}{missing}"
