"""A page's view of a long navigation section (``tocha.site.nav_window``), on MkDocs' own navigation objects."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Link, Navigation, Section, get_navigation

from tocha.site.nav_window import windowed_nav

MORE = "… {count} more"


def navigation(tmp_path: Path, nav: list, paths: list[str]) -> Navigation:
    """MkDocs' navigation of ``nav`` over pages at ``paths``, as a build makes it."""
    docs = tmp_path / "docs"
    for path in paths:
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text("# t\n", encoding="utf-8")
    config = MkDocsConfig()
    # The site's theme: ProperDocs ships no "mkdocs" theme, the default of a bare config.
    config.load_dict(
        {"site_name": "t", "docs_dir": str(docs), "site_dir": str(tmp_path / "site"), "nav": nav, "theme": {"name": "material"}}
    )
    assert config.validate() == ([], [])
    files = Files([File(path, str(docs), str(tmp_path / "site"), use_directory_urls=True) for path in paths])
    return get_navigation(files, config)


def long_section(tmp_path: Path, pages: int, index: bool = True) -> tuple[Navigation, list[str]]:
    """A navigation with a home page and one section of ``pages`` pages (and an index page)."""
    names = [f"notas/p{number:02d}.md" for number in range(pages)]
    entries = (["notas/index.md"] if index else []) + names
    return navigation(tmp_path, ["index.md", {"Notas": entries}], ["index.md", *entries]), names


def page(nav: Navigation, path: str):
    """The page of ``path`` in ``nav``."""
    return next(item for item in nav.pages if item.file.src_uri == path)


def titles(section: Section) -> list[str]:
    """What a section shows: its entries' titles, a link as ``title -> url``."""
    return [f"{item.title} -> {item.url}" if isinstance(item, Link) else item.file.src_uri for item in section.children]


def test_a_long_open_section_shows_the_entries_around_the_page_and_a_link_for_each_hidden_stretch(tmp_path: Path) -> None:
    nav, names = long_section(tmp_path, 40)
    page(nav, names[20]).active = True
    view = windowed_nav(nav, 10, MORE)
    assert titles(view.items[1]) == [
        "notas/index.md",
        "… 15 more -> notas/p14/",
        *names[15:25],
        "… 15 more -> notas/p25/",
    ]
    assert len(nav.items[1].children) == 41, "the site's own navigation is left whole"
    assert view.items[0] is nav.items[0]


def test_the_window_stays_whole_at_either_end_of_the_section(tmp_path: Path) -> None:
    nav, names = long_section(tmp_path, 25, index=False)
    first, last = page(nav, names[0]), page(nav, names[-1])
    first.active = True
    assert titles(windowed_nav(nav, 10, MORE).items[1]) == [*names[:10], "… 15 more -> notas/p10/"]
    first.active = False
    last.active = True
    assert titles(windowed_nav(nav, 10, MORE).items[1]) == ["… 15 more -> notas/p14/", *names[15:]]


def test_a_hidden_subsection_is_linked_by_its_first_page(tmp_path: Path) -> None:
    pages = [f"notas/p{number}.md" for number in range(11)]
    nested = {"Sub": ["notas/sub/a.md", "notas/sub/b.md"]}
    nav = navigation(tmp_path, [{"Notas": [*pages[:6], nested, *pages[6:]]}], ["notas/sub/a.md", "notas/sub/b.md", *pages])
    page(nav, pages[-1]).active = True
    assert titles(windowed_nav(nav, 5, MORE).items[0]) == ["… 7 more -> notas/sub/a/", *pages[6:]]


def test_short_sections_and_sections_off_the_path_are_the_sites_own(tmp_path: Path) -> None:
    nav, names = long_section(tmp_path, 40)
    page(nav, "index.md").active = True
    assert windowed_nav(nav, 10, MORE) is nav, "the long section is closed: Material prunes it"
    page(nav, "index.md").active = False
    page(nav, names[3]).active = True
    assert windowed_nav(nav, 40, MORE) is nav, "40 entries fit a window of 40"
