"""The one run of every example in a test run: ``tocha examples run``, with no network, into the run's execution cache.

``make test`` runs this module first, alone: the engine runs the examples of
both editions on every core, as ``make build`` does, in a network namespace
with no interface but loopback (:mod:`tests.offline`). The snippet cases that
follow check each example's result from the cache it filled, and the site is
built from it (``tests/published``): each example runs once (and once more in
a Jupyter kernel, in its page's notebook: ``tests/published/test_notebooks_run.py``).
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ENGINE_RESULTS, REPO
from tests.offline import NO_NAMESPACE, offline_command

pytestmark = pytest.mark.engine_run

#: The one line a clean run prints: nothing an example prints or logs (torch's warnings, the
#: profiler's messages) may appear beside it.
CLEAN_ENGINE_LINE = re.compile(r"^INFO - tocha examples: shard 1/1: \d+ page\(s\), \d+ block\(s\): .+, 0 failed$")


@dataclass
class EngineRun:
    """The engine's run: the command's result, its per-block records, and what it started from."""

    step: subprocess.CompletedProcess
    records: list[dict]
    offline: bool
    started_empty: bool


@pytest.fixture(scope="module")
def engine_run(exec_cache: Path, python: str, build_env: dict[str, str], pytestconfig: pytest.Config) -> EngineRun:
    """``python -m tocha.examples run`` into :func:`~tests.conftest.exec_cache`, offline where the machine allows it."""
    started_empty = not any(exec_cache.glob("??/*.json"))
    results = exec_cache / ENGINE_RESULTS
    arguments = ["-m", "tocha.examples", "run", "--results", str(results)]
    if pytestconfig.getoption("--device") != "auto":
        arguments += ["--device", pytestconfig.getoption("--device")]
    offline = offline_command(python, *arguments)
    step = subprocess.run(
        offline or [python, *arguments],
        cwd=REPO, env={**build_env, "TOCHA_CACHE_DIR": str(exec_cache)}, capture_output=True, text=True,
    )  # fmt: skip
    records = json.loads(results.read_text(encoding="utf-8")) if results.is_file() else []
    return EngineRun(step, records, offline is not None, started_empty)


def test_every_example_runs_with_no_network_into_an_empty_cache(engine_run: EngineRun) -> None:
    step = engine_run.step
    errors = [line for line in step.stderr.splitlines() if "ERROR" in line or "WARNING" in line]
    assert step.returncode == 0, "tocha examples run failed:\n" + "\n".join(errors or step.stderr.splitlines()[-30:])
    assert engine_run.offline, NO_NAMESPACE
    assert engine_run.records, "the engine wrote no record"
    if not engine_run.started_empty:
        pytest.skip("the execution cache given (EXEC_CACHE: the shards' results) already held the examples' results")
    cached = [record for record in engine_run.records if record["cached"]]
    assert not cached, f"{len(cached)} block(s) came from a cache that was empty"


def test_the_run_prints_its_summary_and_nothing_an_example_prints(engine_run: EngineRun) -> None:
    lines = engine_run.step.stderr.splitlines()
    assert len(lines) == 1 and CLEAN_ENGINE_LINE.match(lines[0]), f"the engine's run printed: {lines[:20]}"
    assert not engine_run.step.stdout, f"the engine's run printed to stdout: {engine_run.step.stdout[:500]!r}"
