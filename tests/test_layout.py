"""The project's layout: an installed package, nothing that edits the import path."""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

from tests.conftest import REPO
from tocha.site.generator import GENERATOR, generator_command


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


#: How a file would run the old generator: MkDocs 1.6.1 stays installed (Material requires it).
OLD_GENERATOR = re.compile(r"""["']-m["'],\s*["']mkdocs["']|-m mkdocs\b|bin/mkdocs\b|BIN\)/mkdocs\b|^\s*mkdocs (build|serve)\b""", re.MULTILINE)


def test_every_build_and_serve_runs_the_generator_tocha_site_generator_names() -> None:
    this = Path(__file__).resolve()
    files = [path for folder in CODE_FOLDERS for path in (REPO / folder).rglob("*.py") if path.resolve() != this]
    files += [REPO / "Makefile", REPO / ".ci" / "run", *sorted((REPO / ".github" / "workflows").glob("*.yml"))]
    offenders = [
        f"{path.relative_to(REPO)}:{text.count(chr(10), 0, match.start()) + 1}: {match.group(0).strip()}"
        for path in files
        for text in [path.read_text(encoding="utf-8")]
        for match in OLD_GENERATOR.finditer(text)
    ]
    assert not offenders, "these run MkDocs 1.6.1, not the site's generator:\n" + "\n".join(offenders)
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(rf"^GENERATOR := \$\(BIN\)/python -m {GENERATOR}$", makefile, re.MULTILINE)
    assert generator_command("build", "--strict", python="py") == ["py", "-m", GENERATOR, "build", "-f", "mkdocs.yml", "--strict"]


def test_the_generator_the_tests_import_is_the_site_s() -> None:
    import mkdocs.commands.build

    assert mkdocs.commands.build.__name__ == f"{GENERATOR}.commands.build", "pyproject's -p properdocs.replacement"


#: The most lines the generator's plugin may have: it only wires events (issue #22, as markdown-exec's plugin).
PLUGIN_MOST_LINES = 250


def test_the_generator_plugin_only_wires_events() -> None:
    plugin = REPO / "src" / "tocha" / "site" / "plugin.py"
    lines = plugin.read_text(encoding="utf-8").count("\n")
    assert lines <= PLUGIN_MOST_LINES, f"src/tocha/site/plugin.py has {lines} lines: move features into tocha.site.site_build"
    # The features' module takes plain values: no generator import of its own.
    features = (REPO / "src" / "tocha" / "site" / "site_build.py").read_text(encoding="utf-8")
    assert not re.search(r"^\s*(from|import) (mkdocs|properdocs|material|mkdocs_static_i18n)\b", features, re.MULTILINE)
