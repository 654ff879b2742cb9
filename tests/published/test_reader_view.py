"""What a reader sees of the pages around the examples: 404 pages, output boxes, figures on a phone and in the dark.

- Each edition has a 404 page in its language (``404.html`` in pt-BR,
  ``en/404.html`` in English), and the root one, the only one GitHub Pages
  serves, also points an English reader to the English edition.
- An executed block's output box is labelled "Saída"/"Output", visibly and
  by name, and does not look like the code above it.
- On a 390 px phone the GAN figure keeps a legible size in a box that
  scrolls sideways, and says so; in the dark palette figures are not white panels.

Run only these against a site built beforehand::

    .venv/bin/python -m properdocs build -f mkdocs.yml --site-dir /tmp/site-dev
    TOCHA_SITE_DIR=/tmp/site-dev .venv/bin/python -m pytest tests/published/test_reader_view.py -m site -q
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from http import HTTPStatus
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.published.browser import SiteHandler, serve
from tests.published.test_accessibility import audit_pages, axe_source, severe

pytestmark = pytest.mark.site

# Fixtures (site, base_url, browser, context, page): tests/published/conftest.py.

PHONE = {"width": 390, "height": 844}
#: The GAN figure: four scatter panels, 1000 px wide as drawn.
GAN_PAGE = "guias/gan/"
#: Below this width its tick labels and titles are under 9 px high (13-14 px as drawn).
LEGIBLE_WIDTH = 600
OUTPUT_LABEL = {"": "Saída", "en/": "Output"}


class PagesHandler(SiteHandler):
    """:class:`SiteHandler` that answers a missing address as GitHub Pages does: 404, with the site's root ``404.html``."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The root ``404.html`` for a 404 (the base class's error page otherwise)."""
        page = Path(self.directory, "404.html")
        if code != HTTPStatus.NOT_FOUND or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="module")
def pages_url(site: Path) -> Iterator[str]:
    """The built site served like GitHub Pages serves it: every missing address gets the root 404 page."""
    with serve(site, handler_class=PagesHandler) as url:
        yield url


# --- 404 pages ----------------------------------------------------------------------


def html_lang(page: Page) -> str:
    return page.evaluate("document.documentElement.lang")


@pytest.mark.parametrize("missing", ["conceitos/nao-existe/", "en/concepts/does-not-exist/"])
def test_missing_address_gets_the_pt_404_page_with_a_way_to_the_english_edition(
    page: Page, pages_url: str, missing: str
) -> None:
    response = page.goto(pages_url + missing)
    assert response is not None and response.status == 404
    # Material writes the language's base code: "pt" for pt-BR.
    assert html_lang(page).split("-")[0] == "pt", "the root 404 page is not the pt-BR edition's"
    assert page.locator("article h1").inner_text() == "Página não encontrada"
    home = page.locator("article a", has_text="página inicial").first
    assert home.get_attribute("href") == site_path_of(pages_url)
    # The English reader who mistyped an /en/ address: a line in English, marked as English, to their home page.
    english = page.locator('article p[lang="en"]')
    assert english.count() == 1 and "Page not found" in english.inner_text()
    assert english.locator("a").get_attribute("href") == site_path_of(pages_url) + "en/"
    # The language selector leads to the editions' home pages (not to the last page the build rendered).
    links = page.locator(".md-header a.md-select__link")
    assert sorted(links.evaluate_all("(links) => links.map((a) => a.getAttribute('href'))")) == sorted(
        [site_path_of(pages_url), site_path_of(pages_url) + "en/"]
    )


def site_path_of(url: str) -> str:
    """The path part of the served site's base URL (``/tocha/``)."""
    return "/" + url.split("/", 3)[3]


def test_each_edition_has_its_own_404_page(page: Page, base_url: str, site: Path) -> None:
    assert (site / "en" / "404.html").is_file(), "no en/404.html"
    page.goto(base_url + "en/404.html")
    assert html_lang(page) == "en"
    assert page.locator("article h1").inner_text() == "Page not found"
    # Its navigation is the English edition's.
    assert page.locator(".md-nav__link", has_text="Concepts").count() > 0
    assert page.locator(".md-nav__link", has_text="Conceitos").count() == 0
    assert page.locator("article a", has_text="home page").first.get_attribute("href") == site_path_of(base_url) + "en/"
    assert page.locator('article p[lang="pt-BR"] a').get_attribute("href") == site_path_of(base_url)
    page.goto(base_url + "404.html")
    assert html_lang(page).split("-")[0] == "pt"
    assert page.locator(".md-nav__link", has_text="Conceitos").count() > 0


def test_404_pages_have_no_serious_accessibility_violation(browser: Browser, base_url: str) -> None:
    """tests/published/test_accessibility.py checks every page; a 404 page is no page of the site's list."""
    try:
        axe_source()
    except FileNotFoundError as error:
        pytest.fail(str(error), pytrace=False)
    pages = ["404.html", "en/404.html"]
    failing = severe([v for palette in ("light", "dark") for v in audit_pages(browser, base_url, pages, palette)])
    assert not failing, "\n".join(violation.describe() for violation in failing)


# --- Output boxes -------------------------------------------------------------------------


@pytest.mark.parametrize("edition", ["", "en/"])
def test_output_box_is_labelled_and_does_not_look_like_code(page: Page, base_url: str, edition: str) -> None:
    page.goto(base_url + edition + "conceitos/tensores/")
    label = OUTPUT_LABEL[edition]
    first = page.locator("article .tocha-example").first
    output = first.get_by_role("group", name=label, exact=True)
    assert output.count() == 1, f"the first example has no output box named {label!r}"
    shown = output.locator(".tocha-output__label")
    assert shown.is_visible() and shown.inner_text() == label
    assert "ndim=" in output.locator("code").inner_text()
    # The source above it: the example's first code block, no group of its own.
    source = first.locator("div.highlight").first
    assert source.get_attribute("role") is None
    style = "(el) => { const s = getComputedStyle(el); return [s.backgroundColor, s.borderLeftWidth, s.borderLeftStyle]; }"
    source_style = source.locator("code").evaluate(style)
    output_style = output.locator("code").evaluate(style)
    assert output_style[0] != source_style[0], f"same background as the code: {output_style[0]}"
    assert output_style[2] == "solid" and float(output_style[1].removesuffix("px")) >= 2, output_style


# --- Figures ---------------------------------------------------------------------------------


def test_wide_figure_scrolls_at_a_legible_size_on_a_phone(page: Page, base_url: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(base_url + GAN_PAGE)
    figure = page.locator("article figure.tocha-figure").first
    figure.scroll_into_view_if_needed()
    image = figure.locator("img")
    box = image.bounding_box()
    assert box is not None and box["width"] >= LEGIBLE_WIDTH, f"the figure is {box and box['width']:.0f} px wide"
    sizes = figure.evaluate("(el) => [el.scrollWidth, el.clientWidth]")
    assert sizes[0] > sizes[1], f"the figure's box does not scroll: scrollWidth, clientWidth = {sizes}"
    assert sizes[1] <= PHONE["width"], "the figure's box is wider than the screen"
    # The page itself does not scroll sideways: only the figure does.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # The hint says so, and stays in view once the figure is scrolled.
    hint = figure.locator(".tocha-figure__hint")
    assert hint.is_visible() and hint.inner_text().startswith("Role para o lado")
    figure.evaluate("(el) => { el.scrollLeft = el.scrollWidth; }")
    assert figure.evaluate("(el) => el.scrollLeft") > 0
    hint_box, figure_box = hint.bounding_box(), figure.bounding_box()
    assert hint_box is not None and figure_box is not None and hint_box["x"] >= figure_box["x"] - 1


def test_figure_fits_a_wide_screen_without_hint(page: Page, base_url: str) -> None:
    page.goto(base_url + GAN_PAGE)  # the context's 1280 px
    figure = page.locator("article figure.tocha-figure").first
    sizes = figure.evaluate("(el) => [el.scrollWidth, el.clientWidth]")
    assert sizes[0] <= sizes[1], f"the figure scrolls on a wide screen: {sizes}"
    assert not figure.locator(".tocha-figure__hint").is_visible()


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_figures_follow_the_palette(browser: Browser, base_url: str, palette: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=palette)
    try:
        page = context.new_page()
        page.goto(base_url + GAN_PAGE)
        scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert scheme == {"light": "default", "dark": "slate"}[palette]
        image = page.locator("article figure.tocha-figure img").first
        image.scroll_into_view_if_needed()
        filtered = image.evaluate("(el) => getComputedStyle(el).filter")
        if palette == "light":
            assert filtered == "none"
            return
        assert "invert" in filtered, f"the figure is drawn as it is, a white panel: filter {filtered!r}"
        # What the reader sees: the figure's corner (its background) is dark, not white.
        corner = image.bounding_box()
        assert corner is not None
        shot = page.screenshot(clip={"x": corner["x"] + 2, "y": corner["y"] + 2, "width": 4, "height": 4})
        assert mean_brightness(shot) < 0.25, "the dark palette shows the figure's background light"
    finally:
        context.close()


def mean_brightness(png: bytes) -> float:
    """The mean grey level of a PNG screenshot, 0 (black) to 1 (white) (Pillow comes with matplotlib)."""
    from PIL import Image, ImageStat

    return ImageStat.Stat(Image.open(io.BytesIO(png)).convert("L")).mean[0] / 255
