"""Trust in the build: offline, reproducible, independent of the order examples run in, and writing nowhere else.

One more whole-site build runs here, the way ``make build`` does it on a clean
machine with no network: the dependencies installed, an empty execution cache,
``tocha examples run`` (every example runs again, each page's blocks in page
order, the pages spread over worker processes), then the strict site build,
which renders every block from the engine's results. Both run in a network
namespace with no interface (``unshare --net``, which needs root, as on CI).
Then:

* both must pass (**offline**), the engine running every block and the build
  none;
* its site must be byte for byte the site of the run's main build
  (:func:`~tests.published.conftest.site`, rendered from the results of the snippet
  cases), except for :data:`ALLOWED_TO_DIFFER` (**reproducible**);
* each example's output must be the one the snippet cases got, though they ran
  the examples in another order, split over other worker processes (**order**).

Finally, after everything else in the suite, neither the repository nor the home
folder may hold a file written since the suite started (**writes**).
"""

from __future__ import annotations

import filecmp
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.site.test_plugin import make_example_site
from tests.conftest import REPO
from tocha.site.generator import generator_command

pytestmark = pytest.mark.site

#: Files of the site that may differ between two builds of one commit, and why.
ALLOWED_TO_DIFFER = {
    # The execution report's data: each block's measured run time, and whether it
    # ran in that build or came from the cache. Pages carry no time (see tocha.site.report).
    "execution-report.json": "run times measured by that build",
    "en/execution-report.json": "run times measured by that build",
}
#: What the suite itself writes in the repository, all ignored by git: bytecode,
#: pytest's cache, and the test artifacts it keeps on purpose (screenshots, search results).
SUITE_OUTPUTS = {"__pycache__", ".pytest_cache", "test-artifacts"}
#: Folders of the repository the suite never writes and that are too large to walk.
NOT_WALKED = {".git", ".venv", "node_modules"}
#: Run inside the new network namespace before the build: bring its loopback interface up
#: (it starts down), so examples can still talk to 127.0.0.1 (DDP's gloo rendezvous, say),
#: then become ``python ARGS``. No outside interface exists there: nothing else is reachable.
LOOPBACK_UP_THEN_RUN = """
import fcntl, os, socket, struct, sys
SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1
with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as control:
    request = struct.pack("16sH14x", b"lo", 0)
    flags = struct.unpack("16sH14x", fcntl.ioctl(control, SIOCGIFFLAGS, request))[1]
    fcntl.ioctl(control, SIOCSIFFLAGS, struct.pack("16sH14x", b"lo", flags | IFF_UP))
os.execv(sys.executable, [sys.executable, *sys.argv[1:]])
"""


@dataclass
class FreshBuild:
    """``make build``'s path from an empty execution cache with no network: the engine's run, then the site build."""

    examples: subprocess.CompletedProcess
    records: list[dict]
    result: subprocess.CompletedProcess
    site: Path
    cache: Path


def offline(python: str, *arguments: str) -> list[str]:
    """The command running ``python ARGUMENTS`` with no network but loopback (fails clearly without root or unshare)."""
    unshare = shutil.which("unshare")
    if unshare is None or os.geteuid() != 0:
        pytest.fail("the offline build needs `unshare --net`, as root (util-linux's unshare; CI runs as root)")
    return [unshare, "--net", "--", python, "-c", LOOPBACK_UP_THEN_RUN, *arguments]


@pytest.fixture(scope="module")
def offline_build(tmp_path_factory: pytest.TempPathFactory, python: str, build_env: dict[str, str]) -> FreshBuild:
    """Run every example with ``tocha examples run``, then build the whole site from its results: no network, an empty cache."""
    folder = tmp_path_factory.mktemp("offline")
    site, cache, results = folder / "site", folder / "cache", folder / "results.json"
    env = {**build_env, "TOCHA_CACHE_DIR": str(cache)}
    examples = subprocess.run(
        offline(python, "-m", "tocha.examples", "run", "--results", str(results)),
        cwd=REPO, env=env, capture_output=True, text=True,
    )  # fmt: skip
    records = json.loads(results.read_text(encoding="utf-8")) if results.is_file() else []
    result = subprocess.run(
        offline(*generator_command("build", "--strict", "--site-dir", str(site), python=python)),
        cwd=REPO, env=env, capture_output=True, text=True,
    )  # fmt: skip
    return FreshBuild(examples, records, result, site, cache)


def command_name(step: subprocess.CompletedProcess) -> str:
    """What an :func:`offline` command ran, for a message: ``-m tocha.examples run``."""
    arguments = step.args[step.args.index(LOOPBACK_UP_THEN_RUN) + 1 :]
    return " ".join(arguments[:3])


def passed(build: FreshBuild) -> None:
    """Fail (pointing at the test that says why) unless the engine's run and the build both passed."""
    assert build.examples.returncode == 0 and build.result.returncode == 0, (
        "see test_the_site_builds_with_no_network_and_an_empty_cache"
    )


def test_an_example_that_downloads_fails_the_offline_build_naming_its_snippet(
    tmp_path: Path, python: str, build_env: dict[str, str]
) -> None:
    make_example_site(tmp_path, '# Dados\n\n```python exec="on"\n--8<-- "demo/baixa.py"\n```\n')
    download = "import urllib.request\nurllib.request.urlopen('https://download.pytorch.org/models/resnet18.pth')\n"
    (tmp_path / "snippets" / "demo" / "baixa.py").write_text(download, encoding="utf-8")
    result = subprocess.run(
        offline(*generator_command("build", "--strict", python=python)),
        cwd=tmp_path,
        env={**build_env, "TOCHA_CACHE_DIR": str(tmp_path / ".cache")},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert errors and errors[0].startswith("ERROR   -  page index.md: snippet snippets/demo/baixa.py failed: "), result.stderr


def test_the_site_builds_with_no_network_and_an_empty_cache(offline_build: FreshBuild) -> None:
    for step in (offline_build.examples, offline_build.result):
        errors = [line for line in step.stderr.splitlines() if "ERROR" in line or "WARNING" in line]
        assert step.returncode == 0, f"offline, {command_name(step)} failed:\n" + "\n".join(
            errors or step.stderr.splitlines()[-30:]
        )
    assert offline_build.records and not any(record["cached"] for record in offline_build.records), (
        "the engine ran every example again, offline"
    )
    report = json.loads((offline_build.site / "execution-report.json").read_text(encoding="utf-8"))
    assert report and all(run["cached"] for run in report), "the build rendered every block from the engine's results"


#: The lines a clean ``make build`` prints: the engine's summary, then MkDocs' own,
#: mkdocs-static-i18n's, and the tocha plugin's summary per edition. Nothing an example
#: prints or logs (torch's warnings, the profiler's messages) may appear among them.
CLEAN_ENGINE_LINE = re.compile(r"^INFO - tocha examples: shard 1/1: \d+ page\(s\), \d+ block\(s\): .+, 0 failed$")
CLEAN_BUILD_LINE = re.compile(
    r"^INFO    -  (?:Cleaning site directory|Building documentation to directory: \S+|Documentation built in [\d.]+ seconds"
    r"|mkdocs_static_i18n: .+|tocha: edition (?:pt-BR|en): \d+ executed blocks, .+)$"
)


def test_a_cold_build_prints_only_mkdocs_lines_and_the_summaries(offline_build: FreshBuild) -> None:
    """Every example ran in the engine's run (the cache was empty): its stdout and stderr stayed in its block."""
    passed(offline_build)
    engine = offline_build.examples.stderr.splitlines()
    assert len(engine) == 1 and CLEAN_ENGINE_LINE.match(engine[0]), f"the engine's run printed: {engine[:20]}"
    lines = offline_build.result.stderr.splitlines()
    other = [line for line in lines if not CLEAN_BUILD_LINE.match(line)]
    print(f"a cold build of both editions printed {len(engine) + len(lines)} lines")
    assert not other, f"{len(other)} of the build's {len(lines)} log lines are not MkDocs' or the summary: {other[:20]}"
    for step in (offline_build.examples, offline_build.result):
        assert not step.stdout, f"{command_name(step)} printed to stdout: {step.stdout[:500]!r}"
    summaries = [line for line in lines if "tocha: edition" in line]
    assert len(summaries) == 2 and all(", 0 run now " in line for line in summaries), summaries
    assert len(lines) <= 15, f"a cold build printed {len(lines)} lines"


def differing_files(left: Path, right: Path) -> list[str]:
    """Paths (relative, POSIX) present in only one of two trees, or with different bytes."""
    names = {path.relative_to(left).as_posix() for path in left.rglob("*") if path.is_file()}
    names |= {path.relative_to(right).as_posix() for path in right.rglob("*") if path.is_file()}
    return sorted(
        name
        for name in names
        if not ((left / name).is_file() and (right / name).is_file() and filecmp.cmp(left / name, right / name, shallow=False))
    )


def test_two_clean_builds_give_the_same_site(site: Path, offline_build: FreshBuild) -> None:
    passed(offline_build)
    differing = differing_files(site, offline_build.site)
    unexpected = [name for name in differing if name not in ALLOWED_TO_DIFFER]
    assert not unexpected, (
        f"{len(unexpected)} file(s) differ between two builds of this commit "
        f"(the suite's build and a clean offline one): {unexpected[:20]}"
    )
    assert set(differing) == set(ALLOWED_TO_DIFFER), "the allowed differences are real: the reports hold times"


def cache_outputs(cache: Path) -> dict[str, tuple[str, list]]:
    """Every result in an execution cache folder: key → (output, figures)."""
    entries = {}
    for path in cache.glob("??/*.json"):
        raw = json.loads(path.read_text(encoding="utf-8"))
        entries[path.stem] = (raw["output"], raw["figures"])
    return entries


def test_examples_give_the_same_output_in_another_order(exec_cache: Path, offline_build: FreshBuild) -> None:
    """The snippet cases ran each file alone, alphabetically, split over workers; the engine ran them page by page."""
    passed(offline_build)
    page_order = list(dict.fromkeys(name for record in offline_build.records for name in record["snippets"]))
    assert page_order != sorted(page_order), "the two runs must order the examples differently"
    in_cases, in_build = cache_outputs(exec_cache), cache_outputs(offline_build.cache)
    assert in_build and set(in_build) <= set(in_cases), "every block of the build was run by a snippet case too"
    differing = sorted(key for key in in_build if in_build[key] != in_cases[key])
    assert not differing, f"{len(differing)} block(s) print or draw something else in page order: " + ", ".join(
        f"{key[:12]}: {in_build[key][0][:80]!r} vs {in_cases[key][0][:80]!r}" for key in differing[:5]
    )


def written_since(root: Path, since_ns: int, skipped: set[str]) -> list[str]:
    """Files (and links) under ``root`` created or changed since ``since_ns``, skipping folders named in ``skipped``."""
    found = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [name for name in subfolders if name not in skipped]
        for name in files:
            path = Path(folder, name)
            try:
                info = path.lstat()
            except FileNotFoundError:
                continue
            if max(info.st_mtime_ns, info.st_ctime_ns) > since_ns:
                found.append(str(path))
    return sorted(found)


@pytest.mark.after_suite
def test_the_suite_wrote_nothing_in_the_repository_or_the_home_folder(suite_started_ns: int) -> None:
    in_tree = written_since(REPO, suite_started_ns, SUITE_OUTPUTS | NOT_WALKED)
    assert not in_tree, f"written in the repository during the suite: {[str(Path(p).relative_to(REPO)) for p in in_tree]}"
    home = Path.home()
    in_home = [path for path in written_since(home, suite_started_ns, set()) if not Path(path).is_relative_to(REPO)]
    assert not in_home, f"written in the home folder ({home}) during the suite: {in_home[:20]}"
