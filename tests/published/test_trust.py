"""Trust in the build: offline, reproducible, and writing nowhere else.

The suite runs the examples and builds the site the way ``make build`` does on
a clean machine with no network: ``tocha examples run`` into an empty execution
cache (``tests/examples/test_offline_run.py``, first), then the strict build of
both editions, which renders every block from the engine's results
(:func:`~tests.published.conftest.build`). Both run in a network namespace with
no interface but loopback (``unshare --net``, which needs root, as on CI:
:mod:`tests.offline`). Here:

* the build must pass offline, rendering every block from the engine's results
  and printing only the generator's lines and the summaries (**offline**);
* a second build from the same results must give the same site, byte for byte,
  except for :data:`ALLOWED_TO_DIFFER` (**reproducible**);
* after everything else in the suite, neither the repository nor the home
  folder may hold a file written since the suite started (**writes**).

That the examples print the same in another order, and in a new process,
the notebooks check: each runs in a new Jupyter kernel, and each cell must
print what the page shows (``tests/published/test_notebooks_run.py``).
"""

from __future__ import annotations

import filecmp
import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.site.test_plugin import make_example_site
from tests.conftest import REPO
from tests.offline import NO_NAMESPACE, offline_command
from tests.published.conftest import SiteBuild, build_repository_site
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


def test_an_example_that_downloads_fails_the_offline_build_naming_its_snippet(
    tmp_path: Path, python: str, build_env: dict[str, str]
) -> None:
    make_example_site(tmp_path, '# Dados\n\n```python exec="on"\n--8<-- "demo/baixa.py"\n```\n')
    download = "import urllib.request\nurllib.request.urlopen('https://download.pytorch.org/models/resnet18.pth')\n"
    (tmp_path / "snippets" / "demo" / "baixa.py").write_text(download, encoding="utf-8")
    command = offline_command(*generator_command("build", "--strict", python=python))
    if command is None:
        pytest.fail(NO_NAMESPACE)
    result = subprocess.run(
        command, cwd=tmp_path, env={**build_env, "TOCHA_CACHE_DIR": str(tmp_path / ".cache")}, capture_output=True, text=True
    )
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert errors and errors[0].startswith("ERROR   -  page index.md: snippet snippets/demo/baixa.py failed: "), result.stderr


def test_the_site_builds_with_no_network_from_the_engine_s_results(build: SiteBuild, site: Path) -> None:
    assert build.offline, NO_NAMESPACE
    assert build.result.returncode == 0, build.result.stderr[-3000:]
    if not build.engine_ran:
        pytest.skip("the engine did not run the examples first in this test run (`make test` runs it first)")
    for edition in ("", "en"):
        report = (site / edition / "execution-report.json").read_text(encoding="utf-8")
        assert '"cached": false' not in report, f"the build of edition {edition or 'pt-BR'} ran examples itself"


#: The lines a clean build prints: MkDocs' own, mkdocs-static-i18n's, and the tocha
#: plugin's summary per edition. Nothing an example prints or logs (torch's warnings,
#: the profiler's messages) may appear among them.
CLEAN_BUILD_LINE = re.compile(
    r"^INFO    -  (?:Cleaning site directory|Building documentation to directory: \S+|Documentation built in [\d.]+ seconds"
    r"|mkdocs_static_i18n: .+|tocha: edition (?:pt-BR|en): \d+ executed blocks, .+)$"
)


def test_the_build_prints_only_the_generator_s_lines_and_the_summaries(build: SiteBuild) -> None:
    lines = build.result.stderr.splitlines()
    other = [line for line in lines if not CLEAN_BUILD_LINE.match(line)]
    print(f"the build of both editions printed {len(lines)} lines")
    assert not other, f"{len(other)} of the build's {len(lines)} log lines are not MkDocs' or the summary: {other[:20]}"
    assert not build.result.stdout, f"the build printed to stdout: {build.result.stdout[:500]!r}"
    summaries = [line for line in lines if "tocha: edition" in line]
    assert len(summaries) == 2, summaries
    if build.engine_ran:
        assert all(", 0 run now " in line for line in summaries), summaries
    assert len(lines) <= 15, f"the build printed {len(lines)} lines"


def differing_files(left: Path, right: Path) -> list[str]:
    """Paths (relative, POSIX) present in only one of two trees, or with different bytes."""
    names = {path.relative_to(left).as_posix() for path in left.rglob("*") if path.is_file()}
    names |= {path.relative_to(right).as_posix() for path in right.rglob("*") if path.is_file()}
    return sorted(
        name
        for name in names
        if not ((left / name).is_file() and (right / name).is_file() and filecmp.cmp(left / name, right / name, shallow=False))
    )


def test_two_builds_give_the_same_site(
    site: Path, tmp_path: Path, python: str, build_env: dict[str, str], exec_cache: Path
) -> None:
    again, _ = build_repository_site(tmp_path / "site", python, build_env, exec_cache)
    assert again.returncode == 0, again.stderr[-3000:]
    differing = differing_files(site, tmp_path / "site")
    unexpected = [name for name in differing if name not in ALLOWED_TO_DIFFER]
    assert not unexpected, (
        f"{len(unexpected)} file(s) differ between two builds of this commit from the same results: {unexpected[:20]}"
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
