"""The English edition of a small site: its own words, its own executed snippet variant."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from tests.site.test_plugin import PAGE, make_example_site
from tests.conftest import build_site
from tocha.examples.page_model import PageLayout, scan_layout
from tocha.site import site_build
from tocha.site.editions import edition_mismatches, headings, imported_folders, is_imported, pt_pages

PO = """
msgid "soma:"
msgstr "sum:"

msgid "máximo:"
msgstr "maximum:"

msgid "curva.svg"
msgstr "curve.svg"

msgid "w"
msgstr "w"

msgid "<svg xmlns='http://www.w3.org/2000/svg'/>"
msgstr "<svg xmlns='http://www.w3.org/2000/svg'/>"
"""
ENGLISH_PAGE = PAGE.replace("# Exemplo", "# Example { #exemplo }").replace("Texto.", "Text.")


def make_bilingual_site(root: Path, po: str = PO) -> Path:
    make_example_site(root, english=True)
    (root / "docs" / "index.en.md").write_text(ENGLISH_PAGE, encoding="utf-8")
    (root / "locales" / "en" / "LC_MESSAGES").mkdir(parents=True)
    (root / "locales" / "en" / "LC_MESSAGES" / "snippets.po").write_text(po, encoding="utf-8")
    return root


def test_each_edition_runs_its_own_variant_of_the_snippet(tmp_path: Path, python: str, build_env: dict[str, str]) -> None:
    make_bilingual_site(tmp_path)
    result = build_site(tmp_path, python, build_env)
    assert result.returncode == 0, result.stderr
    portuguese = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    english = (tmp_path / "site" / "en" / "index.html").read_text(encoding="utf-8")
    assert "soma: 6" in portuguese and "Executado com torch" in portuguese
    assert "sum: 6" in english and "maximum: 3" in english and "Run with torch" in english
    assert "soma" not in english and "Figure drawn by the example (curve.svg)" in english
    assert not (tmp_path / "snippets" / "demo" / "steps.en.py").exists(), "no copy is written beside the snippet"
    runs = json.loads((tmp_path / "site" / "en" / "execution-report.json").read_text(encoding="utf-8"))
    assert [run["snippets"] for run in runs] == [["demo/steps.py (en)"]] * 2, "the variant is named after its snippet"


def test_a_missing_translation_stops_the_build_naming_the_snippet(
    tmp_path: Path, python: str, build_env: dict[str, str]
) -> None:
    make_bilingual_site(tmp_path, PO.replace('msgstr "maximum:"', 'msgstr ""'))
    result = build_site(tmp_path, python, build_env)
    assert result.returncode != 0
    assert "demo/steps.py:8: no en translation for 'máximo:'" in result.stderr


def test_heading_ids_of_the_two_editions_are_compared(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("---\ntitle: T\n---\n# Título\n\n## Criação de tensores\n", encoding="utf-8")
    assert [heading.id for heading in headings(page.read_text(encoding="utf-8"))] == ["titulo", "criacao-de-tensores"]
    (tmp_path / "page.en.md").write_text("# Title { #titulo }\n\n## Creating tensors\n", encoding="utf-8")
    [problem] = edition_mismatches(page)
    assert "page.en.md: heading 2 'Creating tensors' is h2 #creating-tensors" in problem
    assert "## Creating tensors { #criacao-de-tensores }" in problem
    (tmp_path / "page.en.md").write_text("# Title { #titulo }\n\n## Creating tensors { #criacao-de-tensores }\n", encoding="utf-8")
    assert edition_mismatches(page) == []


def test_headings_after_executed_blocks_are_seen() -> None:
    text = '# A\n\n```python exec="on" source="above" session="s"\nprint(1)\n```\n\n## Depois do bloco\n\n```python exec="on"\nprint(2)\n```\n\n## Fim\n'
    assert [heading.id for heading in headings(text)] == ["a", "depois-do-bloco", "fim"]


def test_imported_notes_need_no_english_edition_and_every_other_page_does(tmp_path: Path) -> None:
    for name in ("index.md", "index.en.md", "guia.md", "notas/home.md", "notas/sub/pagina.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("# T\n", encoding="utf-8")
    (tmp_path / "notas" / ".tocha-import.json").write_text("{}", encoding="utf-8")
    assert imported_folders(tmp_path) == ["notas/"]
    assert is_imported("notas/sub/pagina.md", ["notas/"]) and not is_imported("notasx.md", ["notas/"])
    assert pt_pages(tmp_path) == [tmp_path / "guia.md", tmp_path / "index.md"]
    assert edition_mismatches(tmp_path / "guia.md") == [f"{tmp_path / 'guia.en.md'}: missing (English edition of {tmp_path / 'guia.md'})"]


def test_a_build_of_both_editions_scans_each_page_file_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The notebook's prose, the prose-number check and the English page's versions all read one scan per file."""
    root = make_bilingual_site(tmp_path)
    scanned: list[str] = []

    def counting_scan(text: str) -> PageLayout:
        scanned.append(text)
        return scan_layout(text)

    monkeypatch.setattr(site_build, "scan_layout", counting_scan)
    monkeypatch.chdir(root)
    monkeypatch.setenv("TOCHA_CACHE_DIR", str(root / ".cache"))
    build(load_config(str(root / "mkdocs.yml")))
    pages = {(root / "docs" / name).read_text(encoding="utf-8") for name in ("index.md", "index.en.md")}
    assert sorted(scanned) == sorted(pages), "each page file scanned exactly once over the build of both editions"
    assert (root / "site" / "en" / "index.ipynb").is_file() and (root / "site" / "index.ipynb").is_file()
