"""Both editions of the committed site: same pages, same heading ids, catalogs in step with the snippets."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO
from tocha.site.editions import edition_mismatches, pt_page, pt_pages
from tocha.examples.snippet_catalog import extract

PAGES = pt_pages(REPO / "docs")


@pytest.mark.parametrize("page", PAGES, ids=lambda path: path.relative_to(REPO / "docs").as_posix())
def test_english_edition_has_the_same_heading_ids(page: Path) -> None:
    problems = edition_mismatches(page)
    assert not problems, "\n".join(problems)


def test_english_pages_all_have_a_pt_page() -> None:
    orphans = [path for path in (REPO / "docs").rglob("*.en.md") if not pt_page(path).is_file()]
    assert not orphans, f"English pages without a pt-BR page: {orphans}"


def test_snippet_catalogs_are_up_to_date(tmp_path: Path) -> None:
    shutil.copytree(REPO / "locales", tmp_path / "locales")
    changed = extract(REPO / "snippets", tmp_path / "locales")
    assert not changed, (
        f"{[path.relative_to(tmp_path).as_posix() for path in changed]} differ from a fresh extraction: "
        "run `make messages` (tocha snippets extract) and translate what is new"
    )
