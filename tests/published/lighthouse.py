"""Lighthouse scores and page weight of the built site (reported by ``make bench``).

Lighthouse (npm, pinned in ``package.json``/``package-lock.json``; ``npm ci``
installs it into ``node_modules/``) audits pages of the built site served on
127.0.0.1 (``tests/published/browser.py``'s :func:`serve`, text gzip-compressed as
the published site's host sends it), in Debian's chromium
(``CHROME_PATH``; ``TOCHA_CHROMIUM`` for another binary), headless. By default
it runs Lighthouse's default audit, the strictest of its presets: a mid-range
phone on a slow 4G connection, its processor 4 times slower than this
machine's (simulated throttling). Its performance score rests mostly on total
blocking time, so it drops when other work shares this machine's processors:
measure on an otherwise idle machine. ``preset="desktop"`` audits as a desktop
browser.

``heaviest_page`` finds the example page (a page with executed examples) that
weighs most: its HTML plus every file its markup loads, counted from the files
on disk.

Usage (the site built first, e.g. by ``make build``)::

    .venv/bin/python -m tests.published.lighthouse [SITE] [--json]

prints the scores of the home page of each edition and of the heaviest example
page, and that page's weight (``--json``: as one JSON object, for ``make bench``).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from tests.conftest import REPO
from tests.published.browser import chromium_env, chromium_executable, serve, site_pages, site_path

LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices")
# Headless as the tests run chromium; as root (CI, containers), chromium needs --no-sandbox.
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu"
# Lighthouse's form factors: its default (a phone), and its desktop preset.
PRESETS = {"mobile": [], "desktop": ["--preset=desktop"]}
# Lighthouse's scores move from run to run (timings); the median of a few runs is steadier.
RUNS = 3
# A page with executed examples: each block ends with the tocha stamp (src/tocha/site/plugin.py).
EXAMPLE_MARK = '<p class="tocha-stamp">'


def lighthouse_scores(
    site: Path, pages: list[str], *, runs: int = RUNS, preset: str = "mobile"
) -> dict[str, dict[str, int]]:
    """Lighthouse's performance, accessibility and best-practices scores (0–100) of pages of the built site.

    Each page is audited ``runs`` times; each score is the median of its runs.

    Args:
        site: The built site (``site/``).
        pages: Pages relative to the site: ``""`` (home), ``"en/"``, ``"guias/primeiros-passos/"``.
        runs: Audits per page.
        preset: ``"mobile"`` (Lighthouse's default) or ``"desktop"``.

    Returns:
        ``{page: {"performance": 99, "accessibility": 100, "best-practices": 100}}``.

    Raises:
        FileNotFoundError: Lighthouse or chromium is not installed (the message says how to install it).
        RuntimeError: Lighthouse failed on a page (its message, naming the page).
    """
    if preset not in PRESETS:
        raise ValueError(f"preset {preset!r}: one of {', '.join(PRESETS)}")
    if not LIGHTHOUSE.is_file():
        raise FileNotFoundError(f"{LIGHTHOUSE.relative_to(REPO)} not found: run `make setup` (npm ci installs lighthouse)")
    executable = chromium_executable()
    scores: dict[str, dict[str, int]] = {}
    with serve(site, gzip=True) as base, tempfile.TemporaryDirectory(prefix="tocha-lighthouse-") as work:
        # Chromium writes into its home folder at every start: a temporary one, not the user's.
        env = {**chromium_env(Path(work) / "home"), "CHROME_PATH": executable}
        for page in pages:
            runs_scores = [_audit(base + page, page, Path(work) / "report.json", env, preset) for _ in range(runs)]
            scores[page] = {
                category: round(statistics.median(run[category] for run in runs_scores)) for category in CATEGORIES
            }
    return scores


def _audit(url: str, page: str, report: Path, env: dict[str, str], preset: str) -> dict[str, int]:
    """One Lighthouse run on ``url``: its category scores ×100."""
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
        *PRESETS[preset],
    ]
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0 or not report.is_file():
        raise RuntimeError(f"lighthouse failed on /{page} (exit {result.returncode}): {result.stderr.strip()[-2000:]}")
    data = json.loads(report.read_text(encoding="utf-8"))
    report.unlink()
    if data.get("runtimeError"):
        raise RuntimeError(f"lighthouse failed on /{page}: {data['runtimeError'].get('message')}")
    missing = [category for category in CATEGORIES if data["categories"][category]["score"] is None]
    if missing:
        raise RuntimeError(f"lighthouse gave no {', '.join(missing)} score for /{page}")
    return {category: round(data["categories"][category]["score"] * 100) for category in CATEGORIES}


# --- Page weight ----------------------------------------------------------------------


class _Resources(HTMLParser):
    """The URLs of what a page's markup makes the browser load: images, scripts, stylesheets, icons, media."""

    LINK_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload", "manifest"}

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag in {"img", "script", "source", "video", "audio", "track", "iframe", "embed", "input"}:
            self.urls.append(attributes.get("src", ""))
        if tag in {"img", "source"} and attributes.get("srcset"):
            self.urls += [candidate.split()[0] for candidate in attributes["srcset"].split(",") if candidate.split()]
        if tag == "video":
            self.urls.append(attributes.get("poster", ""))
        if tag == "object":
            self.urls.append(attributes.get("data", ""))
        if tag == "link" and self.LINK_RELS & set(attributes.get("rel", "").lower().split()):
            self.urls.append(attributes.get("href", ""))


def _local_file(site: Path, prefix: str, page_url: str, reference: str) -> Path | None:
    """The file of the site a reference on a page loads; None for data: URIs, other hosts and missing files."""
    reference = reference.strip()
    if not reference or reference.startswith(("data:", "#")):
        return None
    target = urlsplit(urljoin(page_url, reference))
    if target.scheme or target.netloc or not target.path.startswith(prefix):
        return None
    path = site / unquote(target.path[len(prefix) :])
    if target.path.endswith("/"):
        path = path / "index.html"
    return path if path.is_file() else None


def page_weight(site: Path, page: str) -> int:
    """Bytes a first visit of ``page`` loads, from the files on disk: its HTML and what its markup loads.

    Counted once each: the HTML (images drawn by examples are inline ``data:``
    URIs, so in it), the images, scripts and stylesheets its markup names, and
    the files those stylesheets load (``url()``, ``@import``). Not counted:
    what scripts fetch later (the search worker and its index, the same for
    every page of an edition), and other hosts (the site uses none).
    """
    site = site.resolve()
    prefix = site_path(site)
    page_url = prefix + page
    html_file = site / page / "index.html"
    parser = _Resources()
    parser.feed(html_file.read_text(encoding="utf-8"))
    files = {html_file}
    pending = [(page_url, reference) for reference in parser.urls]
    while pending:
        base, reference = pending.pop()
        found = _local_file(site, prefix, base, reference)
        if found is None or found in files:
            continue
        files.add(found)
        if found.suffix == ".css":
            css = found.read_text(encoding="utf-8", errors="replace")
            css_url = prefix + found.relative_to(site).as_posix()
            references = re.findall(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""", css)
            references += re.findall(r"""@import\s+['"]([^'"]+)['"]""", css)
            pending += [(css_url, found_reference) for found_reference in references]
    return sum(path.stat().st_size for path in files)


def heaviest_page(site: Path) -> tuple[str, int]:
    """The example page (one with executed examples) that weighs most on a first visit, either edition.

    Args:
        site: The built site.

    Returns:
        The page, relative to the site (``guias/cnn-classificacao-imagens/``), and its weight in bytes
        (see :func:`page_weight`).

    Raises:
        ValueError: The site has no page with executed examples.
    """
    examples = [page for page in site_pages(site) if EXAMPLE_MARK in (site / page / "index.html").read_text(encoding="utf-8")]
    if not examples:
        raise ValueError(f"{site}: no page with executed examples ({EXAMPLE_MARK!r})")
    weights = {page: page_weight(site, page) for page in examples}
    page = max(weights, key=lambda name: (weights[name], name))
    return page, weights[page]


def main(argv: list[str] | None = None) -> int:
    """Print the Lighthouse scores of both home pages and of the heaviest example page, and that page's weight."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", type=Path, default=REPO / "site", help="the built site (default: site/)")
    parser.add_argument("--runs", type=int, default=RUNS, help=f"audits per page; the median counts (default {RUNS})")
    parser.add_argument("--preset", choices=sorted(PRESETS), default="mobile", help="form factor (default: mobile)")
    parser.add_argument("--json", action="store_true", help="print one JSON object (heaviest page, bytes, scores)")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"{args.site}: no built site there (no index.html): run `make build` first", file=sys.stderr)
        return 1
    heaviest, weight = heaviest_page(args.site)
    pages = ["", "en/", heaviest]
    try:
        scores = lighthouse_scores(args.site, pages, runs=args.runs, preset=args.preset)
    except (FileNotFoundError, RuntimeError) as error:
        print(error, file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps({"heaviest": heaviest, "bytes": weight, "preset": args.preset, "scores": scores}))
        return 0
    print(f"heaviest example page: /{heaviest} ({weight / 1024:.0f} KiB: its HTML and what its markup loads)")
    print(f"Lighthouse, {args.preset}, median of {args.runs} runs:")
    width = max(len(page) for page in pages) + 1
    print(f"{'page':<{width}}  " + "  ".join(f"{category:>14}" for category in CATEGORIES))
    for page in pages:
        print(f"{'/' + page:<{width}}  " + "  ".join(f"{scores[page][category]:>14}" for category in CATEGORIES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
