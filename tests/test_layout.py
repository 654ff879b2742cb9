"""The project's layout: an installed package, nothing that edits the import path."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

from tests.conftest import REPO


#: Every folder of the project's Python code.
CODE_FOLDERS = ("src", "tests", "scripts", "snippets")


def test_no_python_file_edits_sys_path() -> None:
    this = Path(__file__).resolve()
    files = [path for folder in CODE_FOLDERS for path in (REPO / folder).rglob("*.py") if path.resolve() != this]
    assert len(files) > 100, "the project's Python files were found"
    offenders = [
        f"{path.relative_to(REPO)}:{number}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "sys.path" in line
    ]
    assert not offenders, offenders


def test_the_plugin_and_the_command_are_installed_entry_points() -> None:
    entry_points = metadata.entry_points()
    plugin = entry_points.select(group="mkdocs.plugins", name="tocha")
    assert [entry.value for entry in plugin] == ["tocha.site.plugin:TochaPlugin"]
    command = entry_points.select(group="console_scripts", name="tocha")
    assert [entry.value for entry in command] == ["tocha.cli:main"]
