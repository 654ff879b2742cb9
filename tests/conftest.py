"""Shared test options and fixtures.

``--device`` picks where the snippet suite runs: ``cpu`` hides any GPU from the
examples, ``cuda`` requires one (GPU CI), ``auto`` (default) lets each example
choose as a reader's machine would.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SCRIPTS = REPO / "scripts"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--device",
        choices=("auto", "cpu", "cuda"),
        default="auto",
        help="where the examples run: cpu, cuda (fails without a GPU) or auto (default)",
    )


def _cuda_available() -> bool:
    import torch

    return torch.cuda.is_available()


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--device") == "cuda" and not _cuda_available():
        raise pytest.UsageError("--device cuda: torch.cuda.is_available() is False on this machine")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not any(item.get_closest_marker("gpu") for item in items):
        return
    if config.getoption("--device") == "cpu" or not _cuda_available():
        skip = pytest.mark.skip(reason="needs a CUDA device (run with --device cuda on a GPU machine)")
        for item in items:
            if item.get_closest_marker("gpu"):
                item.add_marker(skip)


@pytest.fixture(scope="session")
def example_env(pytestconfig: pytest.Config) -> dict[str, str]:
    """Environment for running an example in a subprocess, as the build does."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SCRIPTS), env.get("PYTHONPATH")]))
    env["MPLBACKEND"] = "Agg"
    env["MATPLOTLIBRC"] = str(SCRIPTS / "matplotlibrc")
    env["NO_MKDOCS_2_WARNING"] = "1"
    if pytestconfig.getoption("--device") == "cpu":
        env["CUDA_VISIBLE_DEVICES"] = ""
    # Parallel workers each start torch processes: share the cores instead of
    # oversubscribing them (torch's OpenMP threads slow down badly when they do).
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    if workers > 1 and "OMP_NUM_THREADS" not in env:
        env["OMP_NUM_THREADS"] = str(max(1, (os.cpu_count() or 1) // workers))
    return env


@pytest.fixture(scope="session")
def python() -> str:
    """The interpreter running the tests (the project's virtual environment)."""
    return sys.executable


def make_site(root: Path, nav: str) -> Path:
    """Lay out a small site in ``root`` that inherits the real ``mkdocs.yml`` (extensions, hooks, validation).

    The caller writes its pages under ``root / "docs"`` and snippets under
    ``root / "snippets"``; ``nav`` is the YAML text of the navigation list.

    Returns:
        ``root``.
    """
    shutil.copytree(SCRIPTS, root / "scripts")
    shutil.copytree(REPO / "docs" / "stylesheets", root / "docs" / "stylesheets")
    (root / "snippets").mkdir(exist_ok=True)
    (root / "mkdocs.yml").write_text(f"INHERIT: {REPO / 'mkdocs.yml'}\nnav:\n{nav}", encoding="utf-8")
    return root


def build_site(root: Path, python: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run the strict build of a site made by :func:`make_site` (with its own empty cache)."""
    env = {**env, "TOCHA_CACHE_DIR": str(root / ".cache")}
    return subprocess.run([python, "-m", "mkdocs", "build", "--strict"], cwd=root, env=env, capture_output=True, text=True)
