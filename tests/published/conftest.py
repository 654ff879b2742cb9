"""The one whole-site build of a test run, shared by every ``site`` test (build checks, browser tests).

The site is built once per test run, into a temporary folder, with no network
where the machine allows it (:mod:`tests.offline`), from the execution cache
the engine filled (``--exec-cache``): every example has already run once, and
the build renders from its result.

``TOCHA_SITE_DIR=/path/to/site`` makes the ``site`` fixture use a site built
beforehand instead (e.g. ``python -m properdocs build -f mkdocs.yml --site-dir /tmp/site-dev``), to iterate
on the browser tests without the whole build::

    TOCHA_SITE_DIR=/tmp/site-dev .venv/bin/python -m pytest tests/published/test_browser.py -m site -q

Only ``site`` honours it: the tests of the build itself (``build``) still build.

The browser fixtures live here, shared by every browser test module
(``test_browser.py``, ``test_accessibility.py``): one Playwright driver and one
headless Debian chromium per test run (Playwright's sync API allows one driver
at a time), and the site served on 127.0.0.1 for each module (``base_url``).

A browser test that fails leaves a full-page screenshot of its page in
``test-artifacts/screenshots/<test name>.png`` (see :func:`pytest_runtest_makereport`).
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.conftest import REPO
from tests.offline import offline_command
from tests.published.browser import CHROMIUM_ARGS, chromium_env, chromium_executable, serve
from tocha.site.generator import generator_command

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Playwright


def git_status() -> str:
    return subprocess.run(["git", "status", "--porcelain"], cwd=REPO, capture_output=True, text=True).stdout


@dataclass
class SiteBuild:
    """The one whole-site build of the test run."""

    result: subprocess.CompletedProcess
    site: Path
    git_status_before: str
    engine_ran: bool
    offline: bool


def build_repository_site(site: Path, python: str, build_env: dict[str, str], exec_cache: Path) -> tuple[subprocess.CompletedProcess, bool]:
    """The strict build of both editions into ``site``, from ``exec_cache``, offline where possible; and whether it was."""
    command = generator_command("build", "--strict", "--site-dir", str(site), python=python)
    offline = offline_command(*command)
    result = subprocess.run(
        offline or command, cwd=REPO, env={**build_env, "TOCHA_CACHE_DIR": str(exec_cache)}, capture_output=True, text=True
    )
    return result, offline is not None


@pytest.fixture(scope="session")
def build(
    tmp_path_factory: pytest.TempPathFactory, python: str, build_env: dict[str, str], exec_cache: Path, engine_ran: bool
) -> SiteBuild:
    site = tmp_path_factory.mktemp("build") / "site"
    before = git_status()
    result, offline = build_repository_site(site, python, build_env, exec_cache)
    return SiteBuild(result, site, before, engine_ran, offline)


@pytest.fixture(scope="session")
def site(request: pytest.FixtureRequest) -> Path:
    """The built site: the run's strict build, or the folder ``TOCHA_SITE_DIR`` names (see the module docstring)."""
    prebuilt = os.environ.get("TOCHA_SITE_DIR")
    if prebuilt:
        folder = Path(prebuilt).resolve()
        assert (folder / "index.html").is_file(), f"TOCHA_SITE_DIR={prebuilt}: no built site there (no index.html)"
        return folder
    build: SiteBuild = request.getfixturevalue("build")
    assert build.result.returncode == 0, build.result.stderr
    return build.site


# --- The browser -------------------------------------------------------------------


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    """The built site, served over HTTP on 127.0.0.1 (a free port) for this module's tests."""
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    """Playwright's synchronous driver, started once (a second one could not start beside it)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    """Headless Debian chromium (``TOCHA_CHROMIUM`` to use another binary); fails with the fix when it is missing.

    Its home folder is a temporary one: chromium writes into it at every start.
    """
    try:
        executable = chromium_executable()
    except FileNotFoundError as error:
        raise pytest.fail.Exception(str(error), pytrace=False) from None
    home = tmp_path_factory.mktemp("chromium-home")
    browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, env=chromium_env(home))
    yield browser
    browser.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh browser context (no cookies, storage or permissions left by another test)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    """A page of :func:`context`; the screenshot hook below captures it when the test fails."""
    return context.new_page()


# --- Screenshots of failed browser tests ------------------------------------------------

SCREENSHOTS = REPO / "test-artifacts" / "screenshots"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> pytest.TestReport:
    """When a browser test fails, save a full-page screenshot of its page as a test artifact.

    The page is the test's Playwright ``Page`` argument, still open at this
    point (fixtures are torn down after the report). The screenshot goes to
    ``test-artifacts/screenshots/<test name>.png``, and the report names it.
    """
    report = yield
    if report.when == "call" and report.failed:
        pages = [value for value in getattr(item, "funcargs", {}).values() if _is_browser_page(value)]
        for number, page in enumerate(pages):
            name = re.sub(r"[^\w.-]", "_", item.name) + (f"-{number}" if number else "")
            path = SCREENSHOTS / f"{name}.png"
            try:
                SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(path), full_page=True)
            except Exception as error:  # noqa: BLE001 (a closed page, a crashed browser: report, keep the failure)
                report.sections.append(("screenshot", f"could not save {path}: {error}"))
            else:
                report.sections.append(("screenshot", f"saved {path.relative_to(REPO)}"))
    return report


def _is_browser_page(value: object) -> bool:
    """Whether a test argument is a Playwright page (imported only when Playwright is installed)."""
    try:
        from playwright.sync_api import Page
    except ImportError:
        return False
    return isinstance(value, Page)


