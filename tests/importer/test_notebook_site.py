"""A whole Zim notebook, imported with the command line, builds into a strict site: both editions, the real ``mkdocs.yml``."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import build_site, make_site
from tests.importer.conftest import write_page
from tocha.cli import main

NAV = "  - index.md\n  - Notas: notas/_nav.yml\n"


def imported_site(root: Path, notebook: Path) -> Path:
    """A site with the real ``mkdocs.yml`` (i18n included), a home page in both editions, and the notebook imported."""
    site = make_site(root, NAV, english=True)
    (site / "docs" / "index.md").write_text("# Wiki\n\n[Notas](notas/home.md)\n", encoding="utf-8")
    (site / "docs" / "index.en.md").write_text("# Wiki\n\n[Notes](notas/home.md)\n", encoding="utf-8")
    assert main(["import", "zim", str(notebook), "--out", str(site / "docs" / "notas")]) == 0
    return site


def test_imported_notebook_builds_strictly_in_both_editions(
    notebook: Path, tmp_path: Path, python: str, build_env: dict[str, str], capsys
) -> None:
    site = imported_site(tmp_path / "site-root", notebook)
    assert "Página Inexistente" in capsys.readouterr().err, "the missing page is reported"
    result = build_site(site, python, build_env)
    assert result.returncode == 0, result.stderr
    for edition in ("", "en/"):
        built = site / "site" / edition / "notas"
        tensores = (built / "deep-learning" / "tensores" / "index.html").read_text(encoding="utf-8")
        image = re.search(r'<img [^>]*src="([^"]+)"', tensores).group(1)
        assert (built / "deep-learning" / "tensores" / image).resolve().is_file(), f"{edition}: the attachment resolves"
        assert 'href="../../home/"' in tensores, "the [[:Home]] link points at the home page"
        home = (built / "home" / "index.html").read_text(encoding="utf-8")
        section = (built / "deep-learning" / "index.html").read_text(encoding="utf-8")
        # The navigation shows the notebook's tree (navigation.prune writes only what a reader can see:
        # a section's pages in the pages of that section).
        assert "Deep Learning" in home, "the notebook's namespaces are in the site navigation"
        assert "Autograd" in section and "Tensores" in section, "a namespace's pages are in its navigation"
        assert "Páginas do wiki baseadas nesta fonte" not in home, "a note is no source: no derived-pages section"
    english = (site / "site" / "en" / "notas" / "home" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in english and "Note in Portuguese" in english and "Veja" in english
    assert "Note in Portuguese" not in (site / "site" / "notas" / "home" / "index.html").read_text(encoding="utf-8")
    assert (site / "site" / "notas" / "deep-learning" / "tensores" / "fig.png").is_file()
    assert not (site / "site" / "notas" / "_nav.yml").exists()


def test_a_curated_page_without_its_english_edition_fails_the_build(
    notebook: Path, tmp_path: Path, python: str, build_env: dict[str, str]
) -> None:
    site = imported_site(tmp_path / "site-root", notebook)
    (site / "docs" / "index.en.md").unlink()
    result = build_site(site, python, build_env)
    assert result.returncode == 1
    assert "WARNING -  page index.md has no en edition: write index.en.md" in result.stderr, result.stderr


def test_attachments_the_editions_would_take_for_translations_reach_both_editions(
    notebook: Path, tmp_path: Path, python: str, build_env: dict[str, str]
) -> None:
    folder = notebook / "Deep_Learning" / "Tensores"
    (folder / "notes.md").write_text("# notas em Markdown\n", encoding="utf-8")
    (folder / "foto.de.png").write_bytes(b"\x89PNG fake")
    page = notebook / "Deep_Learning" / "Tensores.txt"
    page.write_text(page.read_text(encoding="utf-8") + "[[./notes.md|as notas]] e {{./foto.de.png}}\n", encoding="utf-8")
    site = imported_site(tmp_path / "site-root", notebook)
    result = build_site(site, python, build_env)
    assert result.returncode == 0, result.stderr
    built = site / "site" / "notas" / "deep-learning" / "tensores"
    assert (built / "notes_md.txt").is_file() and (built / "foto_de.png").is_file()
    english = (site / "site" / "en" / "notas" / "deep-learning" / "tensores" / "index.html").read_text(encoding="utf-8")
    assert "notes_md.txt" in english and "foto_de.png" in english


#: The link a page shows for a hidden stretch of a long section, in each edition (tocha.site.labels).
MORE_LINK = {"": r"… mais (\d+) páginas", "en/": r"… (\d+) more pages"}


def test_a_long_namespace_shows_in_each_page_the_entries_near_it_and_links_to_the_rest(
    notebook: Path, tmp_path: Path, python: str, build_env: dict[str, str]
) -> None:
    for number in range(40):
        write_page(notebook, f"Deep_Learning/Nota_{number:02d}.txt", f"====== Nota {number:02d} ======\n")
    site = imported_site(tmp_path / "site-root", notebook)
    result = build_site(site, python, build_env)
    assert result.returncode == 0, result.stderr
    for edition, more in MORE_LINK.items():
        page = site / "site" / edition / "notas" / "deep-learning" / "nota-20" / "index.html"
        html = page.read_text(encoding="utf-8")
        nav = html[html.index("md-nav--primary") : html.index("md-sidebar--secondary")]
        entries = re.findall(r'<a href="([^"]+)" class="md-nav__link[^"]*">\s*<span class="md-ellipsis">\s*([^<]*?)\s*</span>', nav)
        section = [(href, title) for href, title in entries if re.fullmatch(more, title) or title.startswith("Nota ")]
        hidden = [int(re.fullmatch(more, title).group(1)) for _, title in section if re.fullmatch(more, title)]
        assert len(hidden) == 2, f"{edition}: one link before the window and one after: {section}"
        # Deep Learning holds Autograd, Tensores and the 40 notes; the plugin's nav_window is 30.
        assert len(section) - len(hidden) == 30 and sum(hidden) == 42 - 30, section
        assert ("./", "Nota 20") in section, "the page itself is in its window"
        for href, _ in section:
            assert (page.parent / href / "index.html").resolve().is_file(), f"{edition}: {href} is a built page"
        home = (site / "site" / edition / "notas" / "home" / "index.html").read_text(encoding="utf-8")
        assert not re.search(more, home), "the section is closed in another section's page"
