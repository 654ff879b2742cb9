"""The ten defects of issue #12, each from the issue's smallest input (page text after the Zim header)."""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath

import pytest
import yaml

from tests.importer.conftest import HEADER, make_notebook, notebook_files, site_markdown, write, write_page
from tocha.cli import main
from tocha.importer import zim
from tocha.importer.base import Page
from tocha.importer.detect import detect_format
from tocha.importer.notebook import convert_notebook


def convert(body: str, name: str = "Page.txt") -> Page:
    return zim.convert(HEADER + body, Path(name))


def page_body(outputs: dict[PurePosixPath, bytes], path: str) -> str:
    return outputs[PurePosixPath(path)].decode().split("---\n\n", 1)[1]


# 1. Verbatim blocks close only at their own indent.

VERBATIM = "\t'''\n\tdef f():\n\t\t'''doc\n\t\t'''\n\t'''"


def test_1_verbatim_block_closes_at_its_own_indent() -> None:
    page = convert(VERBATIM + "\nDepois.\n")
    # The block's own indent is taken off every line; the inner ''' lines stay code.
    assert page.body == "# Page\n\n```\ndef f():\n\t'''doc\n\t'''\n```\n\nDepois.\n"
    html = site_markdown(page.body)
    assert html.count("<pre") == 1 and "'''doc" in html and "<p>Depois.</p>" in html


def test_1_verbatim_block_does_not_block_the_notebook(tmp_path: Path) -> None:
    notebook = make_notebook(tmp_path / "nb", {"Code.txt": VERBATIM + "\n", "Other.txt": "x\n"})
    assert main(["import", "zim", str(notebook), "--out", str(tmp_path / "out")]) == 0
    assert "'''doc" in (tmp_path / "out" / "code.md").read_text(encoding="utf-8")


# 2. A list whose first item is indented.


@pytest.mark.parametrize(
    ("text", "markdown"),
    [
        ("Intro:\n\t* a\n\t* b", "Intro:\n\n- a\n- b"),
        ("Tarefas:\n\t[ ] a\n\t[*] b\n\t\t[x] c", "Tarefas:\n\n- [ ] a\n- [x] b\n    - [ ] ~~c~~"),
    ],
)
def test_2_indented_first_item_makes_siblings(text: str, markdown: str) -> None:
    page = convert(text + "\n")
    assert page.body == f"# Page\n\n{markdown}\n"
    html = site_markdown(page.body)
    assert html.count("<ul") == markdown.count("    -") + 1, "siblings share one list"


# 3. Anchors.


def test_3_anchor_and_link_to_it_single_file() -> None:
    page = convert("Text {{id: foo}} and [[#foo]]\n")
    assert page.body == '# Page\n\nText <a id="foo"></a> and [\\#foo](#foo)\n'
    assert page.warnings == []
    html = site_markdown(page.body)
    assert '<a id="foo"></a>' in html and '<a href="#foo">#foo</a>' in html


def test_3_anchor_in_a_heading_is_its_id() -> None:
    page = convert("===== Passos {{id: passos}} =====\n[[#passos]] e [[#Passos]]\n")
    assert "\n## Passos { #passos }\n" in page.body
    assert "[\\#passos](#passos) e [\\#Passos](#passos)" in page.body
    assert '<h2 id="passos">Passos' in site_markdown(page.body)


def test_3_anchor_in_a_notebook_is_no_text(tmp_path: Path) -> None:
    notebook = make_notebook(tmp_path / "nb", {"A.txt": "Text {{id: foo}} and [[#foo]]\n"})
    body = page_body(convert_notebook(notebook).outputs, "a.md")
    assert "id: foo" not in body
    assert 'Text <a id="foo"></a> and [\\#foo](#foo)' in body


def test_3_missing_anchor_is_reported_with_file_and_line() -> None:
    page = convert("linha\n[[#nada|aqui]]\n")
    assert "\naqui\n" in page.body and "](#" not in page.body
    assert page.warnings == ["Page.txt:6: warning: link to a missing anchor: #nada"]


# 4. Heading links resolve under MkDocs' ids.


def test_4_heading_links_get_the_site_ids(tmp_path: Path) -> None:
    notebook = make_notebook(
        tmp_path / "nb",
        {
            "A.txt": "[[Other page#what-is-a-project-]] [[B#中文]] [[B#nada]]\n",
            "Other_page.txt": "===== What is a project ? =====\n",
            "B.txt": "===== 中文 =====\n",
        },
    )
    outputs, warnings, _ = convert_notebook(notebook)
    body = page_body(outputs, "a.md")
    assert "[Other page\\#what-is-a-project-](other-page.md#what-is-a-project)" in body
    assert "[B\\#中文](b.md#_1)" in body  # the id toc gives a heading with no ASCII letter
    assert "[B\\#nada](b.md)" in body, "a missing anchor links to its page"
    assert warnings == [f"{notebook / 'A.txt'}:5: warning: link to a missing anchor: B#nada (linked to the page)"]
    assert 'id="what-is-a-project"' in site_markdown(page_body(outputs, "other-page.md"))
    assert 'id="_1"' in site_markdown(page_body(outputs, "b.md"))


def test_4_the_added_title_counts_for_heading_ids() -> None:
    """A page without a level-1 heading gets "# <name>": toc numbers the same-named heading after it."""
    page = convert("===== Notas =====\n[[#notas]]\n", "Notas.txt")
    assert page.body == "# Notas\n\n## Notas\n\n[\\#notas](#notas_1)\n"
    assert '<h2 id="notas_1">' in site_markdown(page.body)


# 5. Table header alignment (wrap) markers.


def test_5_wrap_marker_leaves_the_header() -> None:
    page = convert("|H1 <|H2|\n|---|---|\n|a|b|\n")
    assert "| H1 | H2 |\n| --- | --- |\n| a | b |" in page.body
    assert "<th>H1</th>" in site_markdown(page.body)


# 6. Another page extension.


def test_6_default_file_extension_is_honoured(tmp_path: Path) -> None:
    notebook = make_notebook(tmp_path / "nb", {}, "default_file_extension=.wiki\n")
    write(notebook / "Home.wiki", HEADER + "====== Casa ======\n[[Sub]]\n")
    write(notebook / "Sub.wiki", HEADER + "texto\n")
    write(notebook / "Home" / "leia.txt", "um anexo\n")
    outputs, warnings, _ = convert_notebook(notebook)
    assert sorted(map(str, outputs)) == ["_nav.yml", "home/index.md", "home/leia.txt", "sub.md"]
    assert yaml.safe_load(outputs[PurePosixPath("_nav.yml")]) == [{"Casa": "home/index.md"}, {"Sub": "sub.md"}]
    assert "[Sub](../sub.md)" in page_body(outputs, "home/index.md")
    assert warnings == []


def test_6_unknown_page_format_is_an_error_not_a_silent_loss(tmp_path: Path, capsys) -> None:
    notebook = make_notebook(tmp_path / "nb", {"A.txt": "x\n"}, "default_file_format=markdown\n")
    assert main(["import", "zim", str(notebook), "--out", str(tmp_path / "out")]) == 1
    assert "only 'zim-wiki' notebooks can be imported" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


# 7. Symbolic links.


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    write(folder / "passwd", "root:x:0:0\n")
    write(folder / "Secret.txt", HEADER + "secret page\n")
    write(folder / "Shared" / "Page.txt", HEADER + "shared page\n")
    return folder


def test_7_links_outside_are_skipped_with_a_warning(tmp_path: Path, outside: Path) -> None:
    notebook = make_notebook(tmp_path / "nb", {"Home.txt": "x\n"})
    (notebook / "Home").mkdir(exist_ok=True)
    os.symlink(outside / "passwd", notebook / "Home" / "passwd")
    os.symlink(outside / "Secret.txt", notebook / "Secret.txt")
    os.symlink(outside / "Shared", notebook / "Shared")
    outputs, warnings, _ = convert_notebook(notebook)
    assert not any(b"root:x" in data or b"secret" in data or b"shared" in data for data in outputs.values())
    assert sorted(map(str, outputs)) == ["_nav.yml", "home.md"]
    assert sorted(warning.split(": warning: ")[0] for warning in warnings) == [
        str(notebook / "Home" / "passwd"),
        str(notebook / "Secret.txt"),
        str(notebook / "Shared"),
    ]
    assert all("a link leading outside the notebook" in warning for warning in warnings)


def test_7_linked_namespace_inside_is_followed(tmp_path: Path) -> None:
    notebook = make_notebook(tmp_path / "nb", {"Archive/Projects/Plan.txt": "o plano\n", "Home.txt": "[[:Projects:Plan]]\n"})
    os.symlink(notebook / "Archive" / "Projects", notebook / "Projects")
    outputs, warnings, _ = convert_notebook(notebook)
    assert "projects/plan.md" in map(str, outputs)
    assert "[:Projects:Plan](projects/plan.md)" in page_body(outputs, "home.md")
    assert warnings == []


def test_7_dangling_link_and_loop_are_warnings(tmp_path: Path) -> None:
    notebook = make_notebook(tmp_path / "nb", {"Home.txt": "x\n"})
    os.symlink(tmp_path / "gone.png", notebook / "gone.png")
    os.symlink(notebook, notebook / "Loop")
    outputs, warnings, _ = convert_notebook(notebook)
    assert sorted(map(str, outputs)) == ["_nav.yml", "home.md"]
    assert [w.split(": warning: ")[1].split(" (")[0].split(";")[0] for w in warnings] == [
        "dangling link",
        "a link to a folder that holds it",
    ]


# 8. Stale and nested output.


def test_8_reimport_removes_the_renamed_page(tmp_path: Path) -> None:
    notebook = make_notebook(tmp_path / "nb", {"Old.txt": "x\n", "Home.txt": "[[Old]]\n"})
    out = tmp_path / "out"
    assert main(["import", "zim", str(notebook), "--out", str(out)]) == 0
    (notebook / "Old.txt").rename(notebook / "New.txt")
    write_page(notebook, "Home.txt", "[[New]]\n")
    assert main(["import", "zim", str(notebook), "--out", str(out)]) == 0
    assert sorted(notebook_files(out)) == ["_nav.yml", "home.md", "new.md"]


def test_8_out_inside_the_notebook_is_left_out(tmp_path: Path) -> None:
    notebook = make_notebook(tmp_path / "nb", {"Home.txt": "x\n"})
    out = notebook / "out"
    for _ in range(2):
        assert main(["import", "zim", str(notebook), "--out", str(out)]) == 0
    assert sorted(notebook_files(out)) == ["_nav.yml", "home.md"]


def test_8_markdown_attachment_beside_a_page_folder(tmp_path: Path) -> None:
    notebook = make_notebook(tmp_path / "nb", {"Ns/Notes.txt": "[[./notas.md|as notas]]\n", "Ns/Notes/Sub.txt": "y\n"})
    write(notebook / "Ns" / "notes.md", "# um anexo\n")
    write(notebook / "Ns" / "Notes" / "notas.md", "# outro anexo\n")
    outputs, _, _ = convert_notebook(notebook)
    assert sorted(map(str, outputs)) == [
        "_nav.yml", "ns/notes/index.md", "ns/notes/notas_md.txt", "ns/notes/sub.md", "ns/notes_md.txt",
    ]
    assert "[as notas](notas_md.txt)" in page_body(outputs, "ns/notes/index.md")


# 9. Lossy conversions.


@pytest.mark.parametrize(
    ("text", "markdown"),
    [
        pytest.param("[[wp?Test]]", "[wp?Test](https://en.wikipedia.org/wiki/Test)", id="interwiki"),
        pytest.param(
            "{{./fig.png?href=https%3A%2F%2Fx.org}}", "[![fig.png](fig.png)](https://x.org)", id="image-href"
        ),
        pytest.param("[[https://x.org|link **with**]]", "[link **with**](https://x.org)", id="markup-in-label"),
        pytest.param("[<] movido", "- [ ] movido (← transmigrado)", id="transmigrated-checkbox"),
        pytest.param("file:///home/u/a.pdf.", "[file:///home/u/a.pdf](file:///home/u/a.pdf).", id="bare-file-uri"),
    ],
)
def test_9_nothing_is_lost(text: str, markdown: str) -> None:
    page = convert(text + "\n")
    assert page.body == f"# Page\n\n{markdown}\n"
    assert page.warnings == []


def test_9_markup_in_a_label_renders() -> None:
    assert '<a href="https://x.org">link <strong>with</strong></a>' in site_markdown(
        convert("[[https://x.org|link **with**]]\n").body
    )


@pytest.mark.parametrize(
    ("value", "created"),
    [
        ("Wed, 08 Jul 2009 10:00:00 +0200", "2009-07-08T10:00:00+02:00"),
        ("Unknown", None),
    ],
)
def test_9_creation_dates_of_older_zim(value: str, created: str | None) -> None:
    page = zim.convert(f"Content-Type: text/x-zim-wiki\nCreation-Date: {value}\n\nx\n", Path("a.txt"))
    assert page.meta.get("created") == created
    assert page.warnings == []


# 10. Small ones.


def test_10_page_without_header_is_zim() -> None:
    assert detect_format("====== Nota ======\n**x** e [[Outra]]\n", Path("nota.txt")) == "zim"


@pytest.mark.parametrize("command", ["zim", "files"])
def test_10_notebook_zim_as_input_means_its_notebook(tmp_path: Path, command: str) -> None:
    notebook = make_notebook(tmp_path / "nb", {"Home.txt": "x\n"})
    out = tmp_path / "out"
    assert main(["import", command, str(notebook / "notebook.zim"), "--out", str(out)]) == 0
    assert sorted(notebook_files(out)) == ["_nav.yml", "home.md"]


def test_10_home_page_comes_first(tmp_path: Path) -> None:
    notebook = make_notebook(
        tmp_path / "nb", {"Alpha.txt": "a\n", "Start/Page.txt": "b\n", "Zeta.txt": "c\n"}, "home=Start:Page\n"
    )
    nav = yaml.safe_load(convert_notebook(notebook).outputs[PurePosixPath("_nav.yml")])
    assert [next(iter(entry)) for entry in nav] == ["Start", "Alpha", "Zeta"]
    assert nav[0] == {"Start": [{"Page": "start/page.md"}]}


def test_heading_slugs_are_the_sites() -> None:
    """The importer computes heading ids with the toc settings mkdocs.yml gives (its default slugify)."""
    from markdown.extensions.toc import slugify

    from tests.conftest import REPO
    from tocha.importer.zim_links import SLUG_SEPARATOR, SLUGIFY

    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    toc = next(e["toc"] for e in config["markdown_extensions"] if isinstance(e, dict) and "toc" in e)
    assert "slugify" not in toc and toc.get("separator", "-") == SLUG_SEPARATOR
    assert SLUGIFY is slugify
    assert re.fullmatch(r"[a-z0-9_-]+", SLUGIFY("Ação & reação!", "-"))
