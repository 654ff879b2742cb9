"""axe-core finds no serious or critical accessibility violation on any page of either edition, in either palette.

axe-core (npm, pinned in ``package.json``/``package-lock.json``; ``npm ci``, run
by ``make setup`` and ``make test``, puts it in ``node_modules/``) is injected
with Playwright into each page of the site, served on 127.0.0.1 and opened in
Debian's chromium. Every page is checked twice: with the light palette, by
every rule, and with the dark one, by the rules that read colours
(:data:`COLOUR_RULES`): a palette changes only colours (Material's swap CSS
colour variables, the figures take an inverting filter), so the other rules
would find the same again at twice the cost. The site's palettes follow the reader's system setting
(``media: "(prefers-color-scheme: …)"`` in ``mkdocs.yml``), so each browser
context emulates that setting, as a reader's system would, and the test checks
that Material did switch (``data-md-color-scheme`` on ``<body>``).

No rule is disabled: every rule axe runs by default (WCAG 2.x A/AA and best
practices) is checked on every page; only the serious and critical violations fail the test.
The others are printed, and every violation found is written to
``test-artifacts/axe-violations.json``.

Also here, a quality of the pages in the browser that Lighthouse measures
(``tests/published/lighthouse.py``): a page loads the search index only once the reader
reaches for the search box.

Run only these against a site built beforehand::

    .venv/bin/python -m properdocs build -f mkdocs.yml --site-dir /tmp/site-dev
    TOCHA_SITE_DIR=/tmp/site-dev .venv/bin/python -m pytest tests/published/test_accessibility.py -m site -q
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from time import monotonic

import pytest
from playwright.sync_api import Browser, Page

from tests.conftest import REPO
from tests.published.browser import open_search, search, serve, site_pages

pytestmark = pytest.mark.site

AXE_SCRIPT = REPO / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = REPO / "test-artifacts"
# The reader's system setting (what Playwright emulates) → the scheme Material must show.
PALETTES = {"light": "default", "dark": "slate"}
SEVERE = ("critical", "serious")
#: axe's rules that read the colours of the page: the only ones a palette can change.
COLOUR_RULES = ("color-contrast", "link-in-text-block")
#: The rules each palette's pass runs (``None``: every rule axe runs by default).
PALETTE_RULES: dict[str, tuple[str, ...] | None] = {"light": None, "dark": COLOUR_RULES}
# Pages checked side by side, one tab each: axe runs in each tab's own renderer process.
TABS = 4
# How often the results that came in are collected.
POLL_MS = 50
# How many offending elements a failure lists per rule, page and palette (all are in the JSON artifact).
SHOWN_TARGETS = 8

# Injected into every page before its own scripts (with axe-core): once the page
# has loaded (Material's scripts ran, the palette is applied) and its CSS
# transitions have ended (a colour caught halfway through one fails the
# contrast rule at random), axe checks the whole document, and the page hands
# its colour scheme and each violation, with the CSS selector of every
# offending element, to the test (__tochaAxeDone).
RUN_AXE_ON_LOAD = """
window.addEventListener("load", async () => {
  if (window !== window.top) return;
  try {
    // Code blocks off screen are not rendered until the reader scrolls near them
    // (content-visibility in docs/stylesheets/tocha.css): render them all, so axe
    // checks their colours as a reader who reaches them sees them.
    const rendered = document.createElement("style");
    rendered.textContent = ".md-typeset .highlight { content-visibility: visible !important; }";
    document.head.append(rendered);
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
    await frame();
    await frame();
    const ending = document.getAnimations()
      .filter((animation) => animation.effect && Number.isFinite(animation.effect.getComputedTiming().endTime));
    await Promise.all(ending.map((animation) => animation.finished.catch(() => null)));
    const scheme = document.body.getAttribute("data-md-color-scheme");
    const rules = window.__tochaAxeRules;
    const only = rules ? { runOnly: { type: "rule", values: rules } } : {};
    const results = await axe.run(document, { resultTypes: ["violations"], ...only });
    window.__tochaAxeDone({
      scheme,
      violations: results.violations.map((rule) => ({
        id: rule.id,
        impact: rule.impact,
        help: rule.help,
        targets: rule.nodes.map((node) => node.target.map((part) => [].concat(part).join(" ")).join(" | ")),
      })),
    });
  } catch (error) {
    window.__tochaAxeDone({ error: String(error) });
  }
});
"""


@dataclass(frozen=True)
class Violation:
    """One rule axe-core found broken on one page, in one palette.

    Attributes:
        rule: axe's rule id (``color-contrast``).
        impact: ``critical``, ``serious``, ``moderate`` or ``minor``.
        page: The page, relative to the site (``""``: the home page, ``en/conceitos/tensores/``).
        palette: ``light`` or ``dark``: the reader's system setting the browser emulated.
        help: What the rule asks for, in axe's words.
        targets: The CSS selector of each offending element.
    """

    rule: str
    impact: str
    page: str
    palette: str
    help: str
    targets: tuple[str, ...]

    def describe(self, shown: int = SHOWN_TARGETS) -> str:
        """Several lines for a failure message: the rule, where, and the first ``shown`` offending elements."""
        lines = [f"{self.rule} ({self.impact}) on /{self.page}, {self.palette} palette: {self.help}"]
        lines += [f"    {target}" for target in self.targets[:shown]]
        if len(self.targets) > shown:
            lines.append(f"    … and {len(self.targets) - shown} more elements")
        return "\n".join(lines)


def axe_source() -> str:
    """The axe-core script that ``npm ci`` installed.

    Raises:
        FileNotFoundError: Not installed, with the one-line fix.
    """
    if not AXE_SCRIPT.is_file():
        raise FileNotFoundError(f"{AXE_SCRIPT.relative_to(REPO)} not found: run `make setup` (npm ci installs axe-core)")
    return AXE_SCRIPT.read_text(encoding="utf-8")


def audit_pages(
    browser: Browser, base_url: str, pages: list[str], palette: str, *, tabs: int = TABS, timeout_ms: float = 60_000
) -> list[Violation]:
    """Run axe-core's rules for ``palette`` (:data:`PALETTE_RULES`) on each page, in a fresh browser context that emulates that system setting.

    Args:
        browser: The browser to open the pages in.
        base_url: The site's base URL (served on 127.0.0.1).
        pages: The pages to check, relative to the site.
        palette: ``light`` or ``dark`` (``prefers-color-scheme``).
        tabs: How many pages are checked side by side.
        timeout_ms: How long one page may take to load, or axe to answer.

    Returns:
        Every violation found, of any impact, page by page.

    Raises:
        AssertionError: A page did not show the palette's colour scheme, or axe failed on it.
    """
    scheme = PALETTES[palette]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=palette)
    reports: dict[str, dict] = {}
    # Each page runs axe on its own once loaded and hands the result over through
    # this binding: a busy tab is never asked anything while axe works in it.
    context.expose_binding("__tochaAxeDone", lambda source, report: reports.update({source["page"].url: report}))
    rules = f"window.__tochaAxeRules = {json.dumps(PALETTE_RULES[palette])};"
    context.add_init_script(rules + "\n" + axe_source() + "\n" + RUN_AXE_ON_LOAD)
    found: list[Violation] = []
    waiting = list(reversed(pages))
    busy: dict[Page, tuple[str, float]] = {}  # tab → (page, deadline)
    try:
        idle: list[Page] = [context.new_page() for _ in range(min(tabs, len(pages)))]
        while waiting or busy:
            while idle and waiting:
                tab, path = idle.pop(), waiting.pop()
                tab.goto(base_url + path, wait_until="commit", timeout=timeout_ms)
                busy[tab] = (path, monotonic() + timeout_ms / 1000)
            # Lets Playwright deliver the results that came in meanwhile.
            next(iter(busy)).wait_for_timeout(POLL_MS)
            for tab, (path, deadline) in list(busy.items()):
                report = reports.pop(tab.url, None)
                if report is None:
                    assert monotonic() < deadline, f"/{path} ({palette}): no axe-core result after {timeout_ms / 1000:.0f} s"
                    continue
                assert "error" not in report, f"/{path} ({palette}): axe-core failed: {report['error']}"
                shown = report["scheme"]
                assert shown == scheme, f"/{path}: the {palette} system setting shows scheme {shown!r}, not {scheme!r}"
                found += [
                    Violation(rule["id"], rule["impact"] or "minor", path, palette, rule["help"], tuple(rule["targets"]))
                    for rule in report["violations"]
                ]
                del busy[tab]
                idle.append(tab)
    finally:
        context.close()
    return found


def severe(violations: list[Violation]) -> list[Violation]:
    """The serious and critical ones, most severe first, then by page."""
    chosen = [violation for violation in violations if violation.impact in SEVERE]
    return sorted(chosen, key=lambda v: (SEVERE.index(v.impact), v.rule, v.page, v.palette))


# --- The built site ------------------------------------------------------------------


def test_no_serious_or_critical_violation(
    site: Path, base_url: str, browser: Browser, capsys: pytest.CaptureFixture
) -> None:
    try:
        axe_source()
    except FileNotFoundError as error:
        pytest.fail(str(error), pytrace=False)
    pages = site_pages(site)
    assert any(path.startswith("en/") for path in pages) and any(not path.startswith("en/") for path in pages), pages
    violations = [violation for palette in PALETTES for violation in audit_pages(browser, base_url, pages, palette)]
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "axe-violations.json").write_text(
        json.dumps([asdict(violation) for violation in violations], ensure_ascii=False, indent=1), encoding="utf-8"
    )
    others = Counter((v.rule, v.impact) for v in violations if v.impact not in SEVERE)
    with capsys.disabled():
        print(
            f"\naxe-core: {len(pages)} pages × {len(PALETTES)} palettes (the dark one: {', '.join(COLOUR_RULES)}); "
            f"{len(severe(violations))} serious or critical violations; others (not failing): "
            + (", ".join(f"{rule} ({impact}) on {count} page views" for (rule, impact), count in others.items()) or "none")
        )
    failing = severe(violations)
    if failing:
        pytest.fail(
            f"{len(failing)} serious or critical axe-core violations (rule (impact) on page, palette; offending elements):\n"
            + "\n".join(violation.describe() for violation in failing),
            pytrace=False,
        )


# --- What a page loads ------------------------------------------------------------------


@pytest.mark.parametrize("home", ["", "en/"])
def test_search_index_loads_when_the_reader_reaches_for_search(page: Page, base_url: str, home: str) -> None:
    """docs/javascripts/search-on-demand.js: no page pays for the search index until the search box is used."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url) if "search_index.json" in request.url else None)
    page.goto(base_url + home, wait_until="load")
    page.wait_for_load_state("networkidle")
    assert not requested, f"/{home} loaded the search index before the search box was used: {requested}"
    open_search(page)
    outcome = search(page, base_url, "tensor", timeout_ms=30_000)
    assert requested, f"/{home}: the search answered without loading the index"
    assert outcome.pages, f"/{home}: no result for 'tensor' once the index loaded on demand"


# --- The check itself can fail ------------------------------------------------------


def test_audit_reports_rule_page_palette_and_element(tmp_path: Path, browser: Browser) -> None:
    site = tmp_path / "site"
    (site / "bad").mkdir(parents=True)
    # Material's palette attribute, so the page passes the scheme check; the violations are the point.
    body = '<body data-md-color-scheme="{scheme}"><main><h1>Page</h1>{content}</main></body>'
    head = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Page</title></head>'
    (site / "index.html").write_text(head + body.format(scheme="default", content="<p>Fine.</p>"), encoding="utf-8")
    (site / "bad" / "index.html").write_text(
        head + body.format(scheme="default", content='<img src="data:," id="no-alt"><button id="no-name"></button>'),
        encoding="utf-8",
    )
    # In the dark palette, only the colours are checked: the missing alt is the light pass's to find.
    (site / "dim").mkdir()
    dim = '<p id="dim" style="color: #777; background: #6a6a6a">Dim.</p><img src="data:," id="no-alt">'
    (site / "dim" / "index.html").write_text(head + body.format(scheme="slate", content=dim), encoding="utf-8")
    with serve(site) as url:
        dark = {(v.rule, v.page, v.palette, v.targets) for v in audit_pages(browser, url, ["dim/"], "dark", tabs=1)}
        assert dark == {("color-contrast", "dim/", "dark", ("#dim",))}, dark
        violations = audit_pages(browser, url, ["", "bad/"], "light", tabs=2)
        found = {(v.rule, v.impact, v.page, v.palette, v.targets) for v in severe(violations)}
        assert found == {
            ("image-alt", "critical", "bad/", "light", ("#no-alt",)),
            ("button-name", "critical", "bad/", "light", ("#no-name",)),
        }, violations
        described = severe(violations)[0].describe()
        assert "(critical) on /bad/, light palette" in described and "#no-" in described, described
        # A page whose colour scheme does not follow the emulated setting fails, naming it.
        with pytest.raises(AssertionError, match=r"/: the dark system setting shows scheme 'default', not 'slate'"):
            audit_pages(browser, url, [""], "dark", tabs=1)
