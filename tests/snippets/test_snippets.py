"""Every file under ``snippets/`` runs, unchanged, as a test case.

Each case runs its snippet through the build's own runner (see
``tocha.examples.runner``), under the site's conditions and time limit: no
network, deprecations are errors, a fresh working directory. A snippet with
sections runs them in one session, in file order: together they are the whole
file, run as ``python file.py`` runs it. In ``make test``, the engine has
already run every page's examples into the run's execution cache
(``tests/examples/test_offline_run.py``): each case then finds its results
there, and runs nothing again; alone (``make test-fast``), it runs its example
and leaves the results there. Collection is automatic: a new snippet is a new
test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.snippets.cases import ran_again
from tocha.examples.runner import ExampleRunner

SNIPPETS = sorted((REPO / "snippets").rglob("*.py"))


@pytest.mark.parametrize("snippet", SNIPPETS, ids=lambda path: path.relative_to(REPO / "snippets").as_posix())
def test_snippet_runs(snippet: Path, site_runner: ExampleRunner, engine_ran: bool) -> None:
    results = site_runner.run_example(snippet)
    name = snippet.relative_to(REPO)
    assert not (engine_ran and ran_again(name, results)), ran_again(name, results)
    failed = [result for result in results if not result.run.ok]
    assert not failed, f"{name} failed:\n{failed[0].output}"
    assert "".join(result.output for result in results).strip(), f"{name} printed nothing: an example shows its result"
    stderr = "".join(result.stderr for result in results)
    assert not stderr, f"{name} wrote to stderr (a reader's notebook shows it in red; print what it teaches):\n{stderr}"


def test_snippets_exist() -> None:
    assert SNIPPETS, "no snippet found under snippets/"


@pytest.mark.gpu
def test_examples_run_on_cuda_when_a_gpu_is_there(site_runner: ExampleRunner) -> None:
    site_runner.start_page("")
    result = site_runner.run_block('import torch\nprint(torch.zeros(1, device="cuda").device.type)')
    assert result.output == "cuda\n"
    assert result.run.device == "cuda"
