"""Guards over the pages: every Python example runs, every snippet is shown.

* A fenced Python block in ``docs/`` is executed at build (``exec="on"``) or
  carries its reason not to be, visibly, as a title starting "Não executado"
  (or "Not executed" in the English edition).
* Every file in ``snippets/`` is included by some page (no orphan examples),
  and every included snippet exists.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REPO
import markdown
from pymdownx.snippets import SnippetMissingError

from tocha.examples.settings import read_settings
from tocha.examples.snippets import RecordingSnippetExtension

DOCS = REPO / "docs"
PAGES = sorted(DOCS.rglob("*.md"))
#: Opening fences of Python blocks: ``` or ~~~, language python/py/python3, then options.
PYTHON_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})[ \t]*(?:python3?|py)\b([^\n]*)$", re.MULTILINE)
NOT_EXECUTED_TITLE = re.compile(r'title="(Não executado|Not executed)[^"]+"')


def python_fences(text: str) -> list[tuple[int, str]]:
    """Return (line number, options) for each opening Python fence of a page."""
    return [(text.count("\n", 0, match.start()) + 1, match.group(2)) for match in PYTHON_FENCE.finditer(text)]


def fence_problem(options: str) -> str | None:
    """Say what is wrong with a Python fence's options, or None when it is fine."""
    if re.search(r'\bexec="(on|1|true|yes)"', options):
        return None
    if NOT_EXECUTED_TITLE.search(options):
        return None
    return 'neither exec="on" nor a title="Não executado: <motivo>"'


@pytest.mark.parametrize(
    ("options", "ok"),
    [
        ('exec="on" source="above" result="text"', True),
        ('title="Não executado: baixa pesos da internet"', True),
        ('title="Exemplo"', False),
        ("", False),
        ('exec="off"', False),
    ],
)
def test_fence_rule(options: str, ok: bool) -> None:
    assert (fence_problem(options) is None) is ok


def test_python_fences_are_executed_or_say_why() -> None:
    problems = [
        f"{page.relative_to(REPO)}:{line}: {problem}"
        for page in PAGES
        for line, options in python_fences(page.read_text(encoding="utf-8"))
        if (problem := fence_problem(options))
    ]
    assert not problems, "\n".join(problems)


def test_every_snippet_is_used_and_every_include_exists() -> None:
    # The pages' own snippet machinery (as configured in mkdocs.yml) says what each page includes.
    options = read_settings(REPO / "mkdocs.yml").snippet_options
    included: set[Path] = set()
    missing = []
    for page in PAGES:
        md = markdown.Markdown(extensions=[RecordingSnippetExtension(**options)])
        preprocessor = md.preprocessors["snippet"]
        try:
            preprocessor.run(page.read_text(encoding="utf-8").splitlines())
        except SnippetMissingError as error:
            missing.append(f"{page.relative_to(REPO)}: {error}")
            continue
        included |= {inclusion.path for inclusion in preprocessor.inclusions}
    assert not missing, "pages include snippets that do not exist:\n" + "\n".join(missing)
    orphans = sorted(str(path.relative_to(REPO)) for path in (REPO / "snippets").rglob("*.py") if path.resolve() not in included)
    assert not orphans, f"snippets no page includes: {orphans}"
