"""The snippet catalogs: what is extracted, how a variant is written, how a gap is reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from tocha.examples.snippet_catalog import (
    CatalogError,
    TranslatedSnippets,
    extract,
    load_catalog,
    messages,
    translate_source,
    untranslated,
)

SOURCE = (
    "# --8<-- [start:dados]\n"
    "import torch  # noqa: F401\n"
    "valores = [3, 1, 2]  # três valores\n"
    'print(f"soma: {sum(valores)}", "cpu", b"bytes", "42")\n'
    'def media():\n    """Média dos valores."""\n    return sum(valores) / 3\n'
    "# --8<-- [end:dados]\n"
)
ENGLISH = {"três valores": "three values", "soma: {sum(valores)}": "sum: {sum(valores)}", "cpu": "cpu", "Média dos valores.": "Mean of the values."}


def english_catalog(translations: dict[str, str] = ENGLISH) -> Catalog:
    catalog = Catalog(locale="en")
    for source, translation in translations.items():
        catalog.add(source, translation)
    return catalog


def test_messages_are_comments_and_strings_with_letters_but_not_notation() -> None:
    assert [message.text for message in messages(SOURCE)] == [
        "três valores",
        "soma: {sum(valores)}",
        "cpu",
        "Média dos valores.",
    ]
    assert [message.line for message in messages(SOURCE)] == [3, 4, 4, 6]


def test_translation_replaces_only_the_messages() -> None:
    translated = translate_source(SOURCE, english_catalog())
    assert translated == (
        SOURCE.replace("três valores", "three values")
        .replace("soma: {sum", "sum: {sum")
        .replace("Média dos valores.", "Mean of the values.")
    )
    assert "# --8<-- [start:dados]" in translated and "# noqa: F401" in translated


def test_a_missing_translation_names_the_file_and_line() -> None:
    partial = {key: value for key, value in ENGLISH.items() if key != "cpu"}
    with pytest.raises(CatalogError, match=r"demo/steps\.py:4: no en translation for 'cpu'"):
        translate_source(SOURCE, english_catalog(partial), "demo/steps.py")


def test_invalid_python_is_named() -> None:
    with pytest.raises(CatalogError, match=r"broken\.py: not valid Python"):
        messages('print("open\n', "broken.py")


def test_extract_keeps_translations_and_adds_new_messages(tmp_path: Path) -> None:
    snippets, locales = tmp_path / "snippets", tmp_path / "locales"
    (snippets / "demo").mkdir(parents=True)
    (snippets / "demo" / "steps.py").write_text(SOURCE, encoding="utf-8")
    (locales / "en" / "LC_MESSAGES").mkdir(parents=True)
    (locales / "en" / "LC_MESSAGES" / "snippets.po").write_text('msgid "três valores"\nmsgstr "three values"\n', encoding="utf-8")
    written = extract(snippets, locales)
    assert sorted(path.name for path in written) == ["snippets.po", "snippets.pot"]
    catalog = load_catalog(locales, "en")
    assert catalog.get("três valores").string == "three values"
    assert sorted(untranslated(catalog)) == ["Média dos valores.", "cpu", "soma: {sum(valores)}"]
    assert extract(snippets, locales) == [], "a second run changes nothing"


def test_translated_tree_mirrors_the_snippets_and_drops_stale_files(tmp_path: Path) -> None:
    snippets, out = tmp_path / "snippets", tmp_path / "out"
    (snippets / "demo").mkdir(parents=True)
    (snippets / "demo" / "steps.py").write_text(SOURCE, encoding="utf-8")
    (snippets / "demo" / "data.txt").write_text("1 2 3\n", encoding="utf-8")
    (out / "gone").mkdir(parents=True)
    (out / "gone" / "old.py").write_text("", encoding="utf-8")
    TranslatedSnippets(snippets, english_catalog(), out).write()
    assert "three values" in (out / "demo" / "steps.py").read_text(encoding="utf-8")
    assert (out / "demo" / "data.txt").read_text(encoding="utf-8") == "1 2 3\n"
    assert not (out / "gone" / "old.py").exists()
