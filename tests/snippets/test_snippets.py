"""Every file under ``snippets/`` runs, unchanged, as a test case.

Each snippet runs in its own process and temporary directory under the same
conditions as at build (see ``tocha.build.hermetic``): no network, deprecations are
errors, a time limit. Collection is automatic: a new snippet is a new test.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO

SNIPPETS = sorted((REPO / "snippets").rglob("*.py"))
#: Seconds one snippet may take, interpreter start and imports included.
SNIPPET_TIMEOUT = 120


@pytest.mark.parametrize("snippet", SNIPPETS, ids=lambda path: path.relative_to(REPO / "snippets").as_posix())
def test_snippet_runs(snippet: Path, tmp_path: Path, python: str, example_env: dict[str, str]) -> None:
    result = subprocess.run(
        [python, "-m", "tocha.build.hermetic", str(snippet), "--timeout", str(SNIPPET_TIMEOUT)],
        cwd=tmp_path,
        env=example_env,
        capture_output=True,
        text=True,
        timeout=SNIPPET_TIMEOUT + 30,
    )
    assert result.returncode == 0, f"{snippet.relative_to(REPO)} failed:\n{result.stderr}"
    assert result.stdout.strip(), f"{snippet.relative_to(REPO)} printed nothing: an example shows its result"


def test_snippets_exist() -> None:
    assert SNIPPETS, "no snippet found under snippets/"


@pytest.mark.gpu
def test_examples_run_on_cuda_when_a_gpu_is_there(tmp_path: Path, python: str, example_env: dict[str, str]) -> None:
    snippet = REPO / "snippets" / "guides" / "first_steps" / "tensor_operations.py"
    result = subprocess.run(
        [python, "-m", "tocha.build.hermetic", str(snippet)], cwd=tmp_path, env=example_env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "dispositivo: cuda" in result.stdout
