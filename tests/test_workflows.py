"""The GitHub Actions workflows: audited by zizmor, and publishing the notebooks the Colab links open.

zizmor (pinned in requirements.txt) runs offline on ``.github/workflows/``: any
finding of medium severity or higher fails, listed by rule, file and line. A
deliberately bad workflow shows the audit can fail.

The Pages workflow deploys the site from an artifact, so no branch holds it;
Colab opens notebooks only from a branch. So the workflow also pushes the site's
``.ipynb`` files to a branch, which must be the ``colab_branch`` of
``mkdocs.yml``: read from the workflow's jobs and steps, not from its text.
"""

from __future__ import annotations

import copy
import json
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
import yaml

from tests.conftest import REPO

WORKFLOWS = REPO / ".github" / "workflows"
PAGES = WORKFLOWS / "pages.yml"
#: zizmor's severities below medium: every other one fails the audit.
MINOR = frozenset({"Informational", "Low"})
#: Variables that would give zizmor a token or another host: --offline should ignore them, but
#: the audit must not depend on who runs it. ZIZMOR_* also covers a config file set from outside.
ONLINE_VARIABLES = re.compile(r"^(GH_TOKEN|GITHUB_TOKEN|GH_HOST|ZIZMOR_.*)$")


@dataclass(frozen=True)
class Finding:
    """One zizmor finding: its rule, severity, file and 1-based line."""

    rule: str
    severity: str
    file: str
    line: int

    def __str__(self) -> str:
        """``file:line: rule (severity)``, as the failure lists it."""
        return f"{self.file}:{self.line}: {self.rule} ({self.severity})"


def zizmor() -> str:
    """The venv's zizmor, at the version requirements.txt pins.

    Raises:
        FileNotFoundError: No zizmor beside the interpreter.
        AssertionError: Another version is installed (its audits could differ).
    """
    binary = Path(sys.executable).with_name("zizmor")
    if not (binary.is_file() and os.access(binary, os.X_OK)):
        raise FileNotFoundError("zizmor not found beside the interpreter: run `make setup` (requirements.txt pins it)")
    pinned = re.search(r"^zizmor==(\S+)", (REPO / "requirements.txt").read_text(encoding="utf-8"), re.MULTILINE)
    assert pinned, "requirements.txt pins zizmor"
    version = subprocess.run([str(binary), "--version"], capture_output=True, text=True, check=True).stdout.split()
    assert version[-1:] == [pinned.group(1)], f"zizmor {version} installed, {pinned.group(1)} pinned: run `make setup`"
    return str(binary)


def audit(root: Path, target: str) -> list[Finding]:
    """Every finding of zizmor's default persona on ``target`` (a path relative to ``root``), offline.

    Args:
        root: The folder zizmor runs in; the findings' files are relative to it.
        target: The folder or workflow file to audit.

    Returns:
        The findings not ignored by a ``# zizmor: ignore`` comment or a zizmor configuration.
    """
    env = {name: value for name, value in os.environ.items() if not ONLINE_VARIABLES.match(name)}
    command = [
        zizmor(),
        "--offline",
        # A workflow zizmor cannot parse would otherwise be skipped with a warning, and pass.
        "--strict-collection",
        "--format",
        "json",
        "--no-progress",
        "--color",
        "never",
        # Findings come back in the JSON: a non-zero status then means zizmor itself failed.
        "--no-exit-codes",
        target,
    ]
    result = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"zizmor failed ({result.returncode}):\n{result.stderr}"
    findings = []
    for entry in json.loads(result.stdout):
        if entry.get("ignored"):
            continue
        locations = entry["locations"]
        primary = next((where for where in locations if where["symbolic"]["kind"] == "Primary"), locations[0])
        key = primary["symbolic"]["key"]
        file = key["Local"]["verbatim_path"] if "Local" in key else json.dumps(key)
        line = primary["concrete"]["location"]["start_point"]["row"] + 1
        findings.append(Finding(entry["ident"], entry["determinations"]["severity"], file, line))
    return findings


def serious(findings: list[Finding]) -> list[Finding]:
    """The findings of medium severity or higher (an unknown severity counts as one)."""
    return [finding for finding in findings if finding.severity not in MINOR]


def test_the_workflows_have_no_finding_of_medium_severity_or_higher() -> None:
    """zizmor, offline, finds nothing of medium severity or higher in .github/workflows/."""
    assert sorted(WORKFLOWS.glob("*.yml")), "the workflows were found"
    problems = serious(audit(REPO, WORKFLOWS.relative_to(REPO).as_posix()))
    assert not problems, "zizmor findings:\n" + "\n".join(map(str, problems))


#: An unpinned action and every permission. Two jobs: zizmor's default persona takes
#: workflow-level permissions of a single job as that job's own and leaves them to --pedantic.
BAD_WORKFLOW = """\
name: Bad
on: push
permissions: write-all
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
  test:
    runs-on: ubuntu-latest
    steps:
      - run: echo test
"""


def test_the_audit_fails_on_a_bad_workflow(tmp_path: Path) -> None:
    """An unpinned action and ``permissions: write-all`` are reported, by rule, file and line."""
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    (folder / "bad.yml").write_text(BAD_WORKFLOW, encoding="utf-8")
    problems = {(finding.rule, finding.file, finding.line) for finding in serious(audit(tmp_path, ".github/workflows"))}
    assert ("unpinned-uses", ".github/workflows/bad.yml", 8) in problems, problems
    assert ("excessive-permissions", ".github/workflows/bad.yml", 3) in problems, problems


def load(path: Path) -> dict[str, Any]:
    """A YAML file as plain data (mkdocs.yml has no ``!!python`` tags)."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def colab_branch(mkdocs: dict[str, Any]) -> str:
    """``plugins → tocha → colab_branch`` of a loaded mkdocs.yml."""
    tocha = next(plugin["tocha"] for plugin in mkdocs["plugins"] if isinstance(plugin, dict) and "tocha" in plugin)
    return tocha["colab_branch"]


def action(step: dict[str, Any]) -> str:
    """The action a step uses, without its ref (``actions/checkout``); empty for a ``run`` step."""
    return str(step.get("uses", "")).split("@", 1)[0]


def folder(path: Any) -> PurePosixPath:
    """A step's folder (download path, working directory) relative to the workspace, its default."""
    return PurePosixPath(str(path or "."))


def needs(job: dict[str, Any]) -> set[str]:
    """The jobs a job waits for."""
    wanted = job.get("needs", [])
    return {wanted} if isinstance(wanted, str) else set(wanted)


def notebook_uploads(workflow: dict[str, Any], site_dir: str) -> dict[str, str]:
    """The artifacts of the site's notebooks: artifact name → the job that uploads it.

    An upload counts when one of its ``path`` patterns lies under the site folder and
    ends in ``.ipynb`` (a wildcard keeps the hierarchy after it: the paths in the site).
    """
    uploads = {}
    for job_id, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            if action(step) != "actions/upload-artifact":
                continue
            options = step.get("with", {})
            patterns = [line.strip() for line in str(options.get("path", "")).splitlines()]
            if any(p.startswith(f"{site_dir}/") and p.endswith(".ipynb") for p in patterns if not p.startswith("!")):
                uploads[str(options.get("name", "artifact"))] = job_id
    return uploads


def pushed_branches(script: str, env: dict[str, str]) -> list[str]:
    """The branches a ``run`` script's ``git push`` commands write, their variables resolved from ``env``.

    A branch the script's own variables name (not the workflow's ``env``) comes back as it is
    written (``$X``), which matches no branch.
    """
    branches = []
    for command in script.replace("\\\n", " ").splitlines():
        try:
            words = shlex.split(command, comments=True)
        except ValueError:  # not one shell command (a heredoc's text): no push of its own
            continue
        if "git" not in words or "push" not in words[words.index("git") :]:
            continue
        arguments = words[words.index("push", words.index("git")) + 1 :]
        for refspec in arguments:
            if refspec.startswith("-") or "://" in refspec or ":" not in refspec:
                continue
            branch = refspec.split(":", 1)[1].removeprefix("refs/heads/")
            variable = re.fullmatch(r"\$\{?(\w+)\}?", branch)
            branches.append(env.get(variable.group(1), branch) if variable else branch)
    return branches


def notebook_branches(workflow: dict[str, Any], site_dir: str) -> set[str]:
    """The branches the workflow publishes the site's notebooks to.

    A branch counts when a job that waits for the upload of the notebooks' artifact
    (:func:`notebook_uploads`), with ``contents: write``, downloads it and then, in the
    folder it downloaded to, runs a script whose ``git push`` writes that branch.
    """
    uploads = notebook_uploads(workflow, site_dir)
    branches: set[str] = set()
    for job in workflow["jobs"].values():
        if (job.get("permissions") or {}).get("contents") != "write":
            continue
        downloaded: set[PurePosixPath] = set()
        for step in job.get("steps", []):
            options = step.get("with", {})
            name = str(options.get("name", ""))
            if action(step) == "actions/download-artifact" and uploads.get(name) in needs(job):
                downloaded.add(folder(options.get("path")))
            elif "run" in step and folder(step.get("working-directory")) in downloaded:
                env = {**workflow.get("env", {}), **job.get("env", {}), **step.get("env", {})}
                branches.update(pushed_branches(step["run"], {key: str(value) for key, value in env.items()}))
    return branches


def site_dir(mkdocs: dict[str, Any]) -> str:
    """The folder MkDocs builds the site into (``site_dir``, ``site`` by default)."""
    return str(mkdocs.get("site_dir", "site")).rstrip("/")


def test_the_pages_workflow_publishes_the_notebooks_on_the_colab_branch() -> None:
    """The Colab links' branch (mkdocs.yml) is the one the Pages workflow pushes the notebooks to."""
    mkdocs = load(REPO / "mkdocs.yml")
    published = notebook_branches(load(PAGES), site_dir(mkdocs))
    assert published == {colab_branch(mkdocs)}, f"pages.yml publishes the notebooks to {published or 'no branch'}"


def _other_branch(workflow: dict[str, Any]) -> None:
    workflow["env"]["NOTEBOOKS_BRANCH"] += "-elsewhere"


def _no_notebooks_uploaded(workflow: dict[str, Any]) -> None:
    for job in workflow["jobs"].values():
        for step in job.get("steps", []):
            if action(step) == "actions/upload-artifact":
                step["with"]["path"] = "site"


def _not_waiting_for_the_build(workflow: dict[str, Any]) -> None:
    for job in workflow["jobs"].values():
        if (job.get("permissions") or {}).get("contents") == "write":
            job.pop("needs", None)


def _no_write_permission(workflow: dict[str, Any]) -> None:
    for job in workflow["jobs"].values():
        if (job.get("permissions") or {}).get("contents") == "write":
            job["permissions"]["contents"] = "read"


@pytest.mark.parametrize(
    "break_it", [_other_branch, _no_notebooks_uploaded, _not_waiting_for_the_build, _no_write_permission]
)
def test_the_check_of_the_notebooks_branch_can_fail(break_it: Any) -> None:
    """The check above sees a wrong branch, and a workflow that publishes no notebooks."""
    mkdocs = load(REPO / "mkdocs.yml")
    workflow = copy.deepcopy(load(PAGES))
    break_it(workflow)
    assert notebook_branches(workflow, site_dir(mkdocs)) != {colab_branch(mkdocs)}


CI = WORKFLOWS / "ci.yml"


def steps_using(job: dict[str, Any], name: str) -> list[dict[str, Any]]:
    """The steps of a job that use the action ``name`` (``actions/cache/restore``)."""
    return [step for step in job.get("steps", []) if action(step) == name]


def runs(job: dict[str, Any]) -> str:
    """Every ``run`` script of a job, one after another."""
    return "\n".join(str(step["run"]) for step in job.get("steps", []) if "run" in step)


def test_ci_runs_the_examples_in_shards_merges_them_and_tests_and_publishes_from_the_merge() -> None:
    """Shards 1..N each run a share; one job merges all N and tests from them; Pages builds from that merge."""
    jobs = load(CI)["jobs"]
    examples, test, pages = jobs["examples"], jobs["test"], jobs["pages"]

    shards = examples["strategy"]["matrix"]["shard"]
    assert shards == list(range(1, len(shards) + 1)) and len(shards) > 1
    shard_step = next(step for step in examples["steps"] if "make examples" in str(step.get("run", "")))
    assert shard_step["env"]["SHARD"] == "${{ matrix.shard }}/${{ strategy.job-total }}"
    uploaded = steps_using(examples, "actions/upload-artifact")[0]["with"]
    assert uploaded["name"] == "examples-shard-${{ matrix.shard }}"

    assert needs(test) == {"examples"}
    downloaded = steps_using(test, "actions/download-artifact")[0]["with"]
    assert downloaded["pattern"] == "examples-shard-*"
    script = runs(test)
    assert f'make merge-examples SHARDS="$(echo {downloaded["path"]}/examples-shard-*)"' in script
    assert "make test EXEC_CACHE=" in script.splitlines()[-1]

    # The cache is restored by every shard and saved after the merge, under one key of the examples' inputs.
    restored = steps_using(examples, "actions/cache/restore")[0]["with"]
    saved = steps_using(test, "actions/cache/save")[0]["with"]
    assert restored["key"] == saved["key"] and restored["path"] == saved["path"]
    assert restored["restore-keys"] and saved["key"].startswith(restored["restore-keys"])
    for inputs in ("requirements.txt", "mkdocs.yml", "docs/", "snippets/", "locales/"):
        assert inputs in saved["key"], f"the cache key covers {inputs}"

    assert needs(pages) == {"test"} and pages["uses"] == "./.github/workflows/pages.yml"
    merged = {step["with"]["name"] for step in steps_using(test, "actions/upload-artifact")}
    build = load(PAGES)["jobs"]["build"]
    assert {step["with"]["name"] for step in steps_using(build, "actions/download-artifact")} & merged == {"examples-merged"}
    assert "workflow_call" in load(PAGES)[True], "pages.yml is called by the CI workflow (YAML reads `on` as True)"
