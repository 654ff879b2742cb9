"""The one whole-site build of a test run, shared by every ``site`` test (build checks, browser tests).

The site is built once per test run, into a temporary folder, from the
execution cache the snippet cases filled (``--exec-cache``): every example has
already run once, in its test case, and the build renders from its result.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO


def git_status() -> str:
    return subprocess.run(["git", "status", "--porcelain"], cwd=REPO, capture_output=True, text=True).stdout


@dataclass
class SiteBuild:
    """The one whole-site build of the test run."""

    result: subprocess.CompletedProcess
    site: Path
    git_status_before: str
    cache_was_filled: bool


@pytest.fixture(scope="session")
def build(tmp_path_factory: pytest.TempPathFactory, python: str, build_env: dict[str, str], exec_cache: Path) -> SiteBuild:
    site = tmp_path_factory.mktemp("build") / "site"
    filled = any(exec_cache.rglob("*.json"))
    before = git_status()
    result = subprocess.run(
        [python, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=REPO,
        env={**build_env, "TOCHA_CACHE_DIR": str(exec_cache)},
        capture_output=True,
        text=True,
    )
    return SiteBuild(result, site, before, filled)


@pytest.fixture(scope="session")
def site(build: SiteBuild) -> Path:
    assert build.result.returncode == 0, build.result.stderr
    return build.site


