"""The site's search on a slow phone: how long a reader waits for the first result (reported by ``make bench``).

A fresh browser (empty cache) opens a page of the built site, served on
127.0.0.1 with text gzip-compressed as the published site's host sends it
(``tests/published/browser.py``'s :func:`serve`), under a phone's throttling
(:data:`PROFILE`: Chromium's own emulation of a processor 4 times slower and
of a 1.6 Mbps link with 150 ms of latency). As soon as the page has loaded,
the reader presses ``/`` and types a query at once; the measure is the time
from that key to the first result shown. Then more queries are typed in the
same box, a key every :data:`TYPING_DELAY_MS`, each timed from its last
keystroke to its first result.

Chromium throttles a page's main thread only: it refuses to throttle a worker
("Operation is only supported for pages, not workers"), and the search runs
in one. So the worker's own time is this machine's, not a phone's, and the
measure is a lower bound.

Usage (a site built first)::

    .venv/bin/python -m tests.published.phone_search SITE PAGE QUERY [QUERY ...] [--json]

``PAGE`` is a page of the site (``notas/home/``); the first query is the one
typed right after the page loads.
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from playwright.sync_api import Page, Request, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.published.browser import (
    CHROMIUM_ARGS,
    FIRST_RESULT_DELAY,
    SEARCH_INPUT,
    SEARCH_PROBE,
    chromium_env,
    chromium_executable,
    open_search,
    search,
    serve,
)

#: Milliseconds between two keys of a later query: a quick typist's pace (the first query is typed at once).
TYPING_DELAY_MS = 120

#: The throttled profile: Chromium DevTools' emulation (processor slowdown, link speed and latency).
PROFILE = {"cpu_slowdown": 4, "download_bits_per_second": 1_600_000, "upload_bits_per_second": 750_000, "latency_ms": 150}

# The search's own files: Material's index and worker, Tocha's worker, Pagefind's files.
SEARCH_FILES = re.compile(r"/search/|search[^/]*\.js|/pagefind/")

@dataclass
class PhoneSearch:
    """What one throttled session measured.

    Attributes:
        first_result_ms: From the ``/`` key, right after the page loaded, to the first result of the first query.
        later_ms: Each later query, typed key by key, from its last keystroke to its first result.
        search_bytes: Bytes of the search's files downloaded (on the wire, compressed) before the first result.
        first_pages: The first query's result pages.
    """

    first_result_ms: float | None
    later_ms: list[float | None]
    search_bytes: int
    first_pages: list[str]


def typed_query_ms(page: Page, query: str, timeout_ms: float) -> float | None:
    """Empty the open search box, type ``query`` at :data:`TYPING_DELAY_MS` a key, and time its first result.

    Returns:
        Milliseconds from the last keystroke to the first result shown after it (None: none within ``timeout_ms``).
    """
    box = page.locator(SEARCH_INPUT)
    box.fill("")
    page.wait_for_timeout(TYPING_DELAY_MS)
    page.evaluate("() => { window.__tochaSearch.renders = []; }")
    page.keyboard.type(query, delay=TYPING_DELAY_MS)
    try:
        page.wait_for_function(f"() => ({FIRST_RESULT_DELAY})() !== null", timeout=timeout_ms, polling=20)
    except PlaywrightTimeoutError:
        return None
    return page.evaluate(FIRST_RESULT_DELAY)


def measure(site: Path, page_path: str, queries: list[str], *, timeout_ms: float = 120_000) -> PhoneSearch:
    """Open ``page_path`` of the built ``site`` on the throttled profile and time the search of each query."""
    with serve(site, gzip=True) as base, sync_playwright() as playwright, tempfile.TemporaryDirectory() as home:
        browser = playwright.chromium.launch(
            executable_path=chromium_executable(), args=CHROMIUM_ARGS, env=chromium_env(Path(home))
        )
        try:
            page = browser.new_context().new_page()
            cdp = page.context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send(
                "Network.emulateNetworkConditions",
                {
                    "offline": False,
                    "latency": PROFILE["latency_ms"],
                    "downloadThroughput": PROFILE["download_bits_per_second"] / 8,
                    "uploadThroughput": PROFILE["upload_bits_per_second"] / 8,
                },
            )
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": PROFILE["cpu_slowdown"]})
            # Playwright sees the worker's requests too (Chromium's page session does not).
            search_bytes = [0]

            def finished(request: Request) -> None:
                if SEARCH_FILES.search(request.url):
                    search_bytes[0] += request.sizes()["responseBodySize"]

            page.context.on("requestfinished", finished)
            page.goto(base + page_path, wait_until="load")
            page.evaluate(SEARCH_PROBE)
            page.evaluate("() => { window.__tochaSearch.mark = performance.now(); }")
            open_search(page, timeout_ms=timeout_ms)
            page.keyboard.type(queries[0])
            page.wait_for_function(f"() => ({FIRST_RESULT_DELAY})() !== null", timeout=timeout_ms, polling=20)
            # From the last keystroke (FIRST_RESULT_DELAY), plus the typing since the "/" key.
            first = page.evaluate(FIRST_RESULT_DELAY) + page.evaluate("() => window.__tochaSearch.lastKey - window.__tochaSearch.mark")
            first_bytes = search_bytes[0]
            first_pages = search(page, base, queries[0], timeout_ms=timeout_ms).pages
            later = [typed_query_ms(page, query, timeout_ms) for query in queries[1:]]
        finally:
            browser.close()
    return PhoneSearch(round(first, 1), [round(ms, 1) if ms is not None else None for ms in later], first_bytes, first_pages)


def main(argv: list[str] | None = None) -> int:
    """Print the throttled search's timings of a built site (``--json``: one JSON object, for ``make bench``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("page")
    parser.add_argument("queries", nargs="+")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = measure(args.site, args.page, args.queries)
    if args.json:
        print(json.dumps(asdict(result)))
    else:
        print(f"first result {result.first_result_ms} ms after '/', "
              f"{result.search_bytes} bytes; later queries {result.later_ms} ms; pages {result.first_pages}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
