"""The project's layout: an installed package, nothing that edits the import path."""

from __future__ import annotations

import subprocess
from importlib import metadata
from pathlib import Path

from tests.conftest import REPO


def test_no_python_file_edits_sys_path() -> None:
    listed = subprocess.run(["git", "ls-files", "*.py"], cwd=REPO, capture_output=True, text=True, check=True)
    this = Path(__file__).resolve().relative_to(REPO).as_posix()
    offenders = [
        f"{name}:{number}"
        for name in listed.stdout.split()
        if name != this
        for number, line in enumerate((REPO / name).read_text(encoding="utf-8").splitlines(), start=1)
        if "sys.path" in line
    ]
    assert not offenders, offenders


def test_the_plugin_and_the_command_are_installed_entry_points() -> None:
    entry_points = metadata.entry_points()
    plugin = entry_points.select(group="mkdocs.plugins", name="tocha")
    assert [entry.value for entry in plugin] == ["tocha.build.plugin:TochaPlugin"]
    command = entry_points.select(group="console_scripts", name="tocha")
    assert [entry.value for entry in command] == ["tocha.cli:main"]
