"""Shared test options and fixtures.

``--device`` picks where the examples run: ``cpu`` hides any GPU from them,
``cuda`` requires one (GPU CI), ``auto`` (default) lets each example choose as
a reader's machine would.

``--exec-cache DIR`` is the execution cache the run shares. The examples run
once: ``tocha examples run`` fills it, with no network, in the ``engine_run``
tests (``tests/examples/test_offline_run.py``); the snippet cases then check
each example's result from it, and the ``site`` tests build the whole site from
it. ``make test`` runs the three in that order, in three pytest runs over one
folder; a single serial ``pytest`` orders them so; under xdist the
``engine_run`` and ``site`` tests are skipped, since they would race the cases.
Without the engine's run (``make test-fast``), each snippet case runs its
example itself.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from tocha.examples.settings import read_settings
from tocha.examples.runner import ENGINE_LOG, ExampleRunner
from tocha.site.logs import SITE_LOG, LogForwarder
from tocha.site.generator import generator_command

REPO = Path(__file__).resolve().parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--device",
        choices=("auto", "cpu", "cuda"),
        default="auto",
        help="where the examples run: cpu, cuda (fails without a GPU) or auto (default)",
    )
    parser.addoption(
        "--exec-cache",
        type=Path,
        default=None,
        help="execution cache shared by the snippet cases and the site build (default: a temporary folder)",
    )


def _cuda_available() -> bool:
    import torch

    return torch.cuda.is_available()


def pytest_configure(config: pytest.Config) -> None:
    # Before any example imports torch: these choose its devices and threads, and what it logs.
    os.environ.update(read_settings(REPO / "mkdocs.yml").environment)
    if config.getoption("--device") == "cpu":
        os.environ["CUDA_VISIBLE_DEVICES"] = ""
    if config.getoption("--device") == "cuda" and not _cuda_available():
        raise pytest.UsageError("--device cuda: torch.cuda.is_available() is False on this machine")


#: File in the ``--exec-cache`` folder holding when the suite started (``make test``'s first run writes it).
SUITE_START = "suite-started-ns"
suite_started = pytest.StashKey[int]()


def pytest_sessionstart(session: pytest.Session) -> None:
    """Note when the suite started: the first of ``make test``'s two runs over one ``--exec-cache`` writes it there."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return
    started = time.time_ns()
    chosen = session.config.getoption("--exec-cache")
    if chosen is not None:
        marker = Path(chosen) / SUITE_START
        if marker.is_file():
            started = int(marker.read_text(encoding="utf-8"))
        else:
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.write_text(str(started), encoding="utf-8")
    session.config.stash[suite_started] = started


@pytest.fixture(scope="session")
def suite_started_ns(pytestconfig: pytest.Config) -> int:
    """When the suite started (its first run, for ``make test``), in nanoseconds since the epoch."""
    return pytestconfig.stash[suite_started]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    engine = [item for item in items if item.get_closest_marker("engine_run")]
    site = [item for item in items if item.get_closest_marker("site")]
    if os.environ.get("PYTEST_XDIST_WORKER"):
        skip = pytest.mark.skip(reason="runs serially, before (engine_run) or after (site) the snippet cases: `make test` runs it")
        for item in engine + site:
            item.add_marker(skip)
    # The engine fills the cache first; the site is built from it after the snippet cases;
    # what checks the whole suite's traces runs after everything.
    last = [item for item in items if item.get_closest_marker("after_suite")]
    site = [item for item in site if item not in last]
    rest = [item for item in items if item not in engine and item not in site and item not in last]
    items[:] = engine + rest + site + last
    if any(item.get_closest_marker("gpu") for item in items):
        if config.getoption("--device") == "cpu" or not _cuda_available():
            skip = pytest.mark.skip(reason="needs a CUDA device (run with --device cuda on a GPU machine)")
            for item in items:
                if item.get_closest_marker("gpu"):
                    item.add_marker(skip)


@pytest.fixture(autouse=True)
def _tocha_logs_left_as_found() -> None:
    """Undo the log forwarding an in-process build sets up (tocha.site.logs.forward_logs), after each test.

    Left in place, a later test's log capture would see each of Tocha's records
    twice: through the forwarder, and from the non-propagating logger itself.
    """
    loggers = [logging.getLogger(name) for name in (ENGINE_LOG, SITE_LOG)]
    found = [(logger, logger.propagate, list(logger.handlers)) for logger in loggers]
    yield
    for logger, propagate, handlers in found:
        for handler in list(logger.handlers):
            if isinstance(handler, LogForwarder) and handler not in handlers:
                logger.removeHandler(handler)
        logger.propagate = propagate


@pytest.fixture(scope="session")
def exec_cache(pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The execution cache this test run shares between the snippet cases and the site build."""
    chosen = pytestconfig.getoption("--exec-cache")
    return chosen.resolve() if chosen else tmp_path_factory.mktemp("exec-cache")


#: The engine's per-block records, written in the ``--exec-cache`` folder by its run (``engine_run``):
#: there, they say that every example has already run once in this test run.
ENGINE_RESULTS = "engine-results.json"


@pytest.fixture(scope="session")
def engine_ran(exec_cache: Path) -> bool:
    """Whether ``tocha examples run`` filled :func:`exec_cache` earlier in this test run (``make test``'s first pytest run)."""
    return (exec_cache / ENGINE_RESULTS).is_file()


@pytest.fixture(scope="session")
def site_runner(exec_cache: Path) -> ExampleRunner:
    """The build's runner, in the conditions of the real ``mkdocs.yml`` (time limit, threads, snippets), on :func:`exec_cache`."""
    runner = read_settings(REPO / "mkdocs.yml", exec_cache).runner()
    yield runner
    runner.close()


@pytest.fixture(scope="session")
def build_env(pytestconfig: pytest.Config) -> dict[str, str]:
    """Environment for a ``mkdocs build`` subprocess, with the run's device choice."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if pytestconfig.getoption("--device") == "cpu":
        env["CUDA_VISIBLE_DEVICES"] = ""
    return env


@pytest.fixture(scope="session")
def python() -> str:
    """The interpreter running the tests (the project's virtual environment)."""
    return sys.executable


def make_site(root: Path, nav: str, *, english: bool = False) -> Path:
    """Lay out a small site in ``root`` with the real ``mkdocs.yml``'s settings (extensions, plugins, validation).

    The caller writes its pages under ``root / "docs"`` and snippets under
    ``root / "snippets"``; ``nav`` is the YAML text of the navigation list.
    Without ``english``, the site has only its pt-BR edition (mkdocs-static-i18n
    off); with it, each page needs its ``.en.md`` and the snippet catalog is
    ``root / "locales"``.

    Returns:
        ``root``.
    """
    shutil.copytree(REPO / "docs" / "stylesheets", root / "docs" / "stylesheets")
    (root / "snippets").mkdir(exist_ok=True)
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    if not english:
        config["plugins"] = [plugin for plugin in config["plugins"] if not (isinstance(plugin, dict) and "i18n" in plugin)]
    config["theme"]["custom_dir"] = str(REPO / config["theme"]["custom_dir"])
    config["nav"] = yaml.safe_load(nav)
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


def build_site(root: Path, python: str, env: dict[str, str], cache: Path | None = None) -> subprocess.CompletedProcess:
    """Run the strict build of a site made by :func:`make_site` (by default with its own empty cache)."""
    env = {**env, "TOCHA_CACHE_DIR": str(cache or root / ".cache")}
    return subprocess.run(generator_command("build", "--strict", python=python), cwd=root, env=env, capture_output=True, text=True)
