"""The English variant of every snippet runs too, and speaks English.

The English edition shows each example with its comments and strings taken
from ``locales/en/LC_MESSAGES/snippets.po`` (see ``tocha.examples.snippet_catalog``).
Each variant is checked here through the build's runner, like the pt-BR file,
from the same execution cache (where the engine's run of the English edition
left its results, in ``make test``).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.snippets.cases import ran_again
from tocha.site.editions import portuguese_words
from tocha.examples.runner import ExampleRunner
from tocha.examples.settings import ENGINE_SNIPPETS_EXTENSION, read_settings
from tocha.examples.snippet_catalog import edition_snippet_folders, load_catalog, messages, translate_source

SNIPPETS = sorted((REPO / "snippets").rglob("*.py"))
CATALOG = load_catalog(REPO / "locales", "en")


@pytest.fixture(scope="session")
def english_snippets(exec_cache: Path) -> Path:
    """The English snippet tree, written where and as the English build writes it (in the run's execution cache)."""
    (folder,) = edition_snippet_folders([str(REPO / "snippets")], REPO / "locales", "en", exec_cache)
    return Path(folder)


@pytest.fixture(scope="session")
def english_runner(exec_cache: Path, english_snippets: Path) -> ExampleRunner:
    """The build's runner in the real ``mkdocs.yml``'s conditions, reading snippets from the English tree as the English build does."""
    settings = read_settings(REPO / "mkdocs.yml", exec_cache)
    options = {**settings.snippet_options, "base_path": [str(english_snippets)]}
    configs = {**settings.extension_configs, ENGINE_SNIPPETS_EXTENSION: options}
    runner = replace(settings, extension_configs=configs).runner()
    yield runner
    runner.close()


@pytest.mark.parametrize("snippet", SNIPPETS, ids=lambda path: path.relative_to(REPO / "snippets").as_posix())
def test_english_snippet_runs_and_speaks_english(
    snippet: Path, english_snippets: Path, english_runner: ExampleRunner, engine_ran: bool
) -> None:
    english = english_snippets / snippet.relative_to(REPO / "snippets")
    results = english_runner.run_example(english)
    again = ran_again(f"the English variant of {snippet.relative_to(REPO)}", results)
    assert not (engine_ran and again), again
    failed = [result for result in results if not result.run.ok]
    assert not failed, f"English variant of {snippet.relative_to(REPO)} failed:\n{failed[0].output}"
    texts = [message.text for message in messages(english.read_text(encoding="utf-8"))]
    output = "".join(result.output for result in results)
    leftovers = portuguese_words("\n".join(texts) + "\n" + output)
    assert not leftovers, f"{snippet.relative_to(REPO)}: Portuguese in the English variant (code or output): {leftovers}"


def test_every_snippet_message_has_an_english_translation() -> None:
    for snippet in SNIPPETS:
        translate_source(snippet.read_text(encoding="utf-8"), CATALOG, snippet.relative_to(REPO))
