"""The owner's notebook, safely: re-imports that survive a move and keep edits, Zim's visibility rules, odd pages."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path, PurePosixPath

import pytest
import yaml

from tests.conftest import REPO
from tests.importer.conftest import HEADER, make_notebook, notebook_files, write, write_page
from tocha.cli import main
from tocha.importer.base import ConversionFailed
from tocha.importer.manifest import MANIFEST_FILE, name_limit, write_import
from tocha.importer.notebook import convert_notebook


def mtimes(folder: Path) -> dict[Path, int]:
    """Every file under a folder (the manifest included) → its modification time."""
    return {path: path.stat().st_mtime_ns for path in folder.rglob("*") if path.is_file()}


def manifest(out: Path) -> dict:
    return json.loads((out / MANIFEST_FILE).read_text(encoding="utf-8"))


@pytest.fixture
def imported(tmp_path: Path) -> tuple[Path, Path]:
    """A notebook of three pages (one with an attachment), imported once into ``out``."""
    notebook = make_notebook(
        tmp_path / "nb", {"Home.txt": "[[A]] [[B]]\n", "A.txt": "página A\n{{./fig.png}}\n", "B.txt": "página B\n"}
    )
    write(notebook / "A" / "fig.png", b"\x89PNG fake")
    out = tmp_path / "out"
    assert main(["import", "zim", str(notebook), "--out", str(out)]) == 0
    return notebook, out


# 1. A moved notebook is the same notebook.


def test_moving_the_notebook_rewrites_nothing(
    imported: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notebook, out = imported
    before, files = mtimes(out), notebook_files(out)
    moved = tmp_path / "elsewhere" / "Notas"
    moved.parent.mkdir()
    notebook.rename(moved)
    capsys.readouterr()
    assert main(["import", "zim", str(moved), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.out == f"0 file(s) written to {out} (5 unchanged)\n" and captured.err == ""
    assert mtimes(out) == before, "no file rewritten, the manifest included"
    assert notebook_files(out) == files


def test_another_checkout_of_notebook_and_wiki_rewrites_nothing(imported: tuple[Path, Path], tmp_path: Path) -> None:
    notebook, out = imported
    clone = tmp_path / "clone"
    shutil.copytree(notebook, clone / "nb")
    shutil.copytree(out, clone / "out")
    before = mtimes(clone / "out")
    assert main(["import", "zim", str(clone / "nb"), "--out", str(clone / "out")]) == 0
    assert mtimes(clone / "out") == before


def test_a_moved_notebook_still_removes_its_deleted_pages(imported: tuple[Path, Path], tmp_path: Path) -> None:
    notebook, out = imported
    moved = tmp_path / "moved"
    notebook.rename(moved)
    (moved / "B.txt").unlink()
    write_page(moved, "Home.txt", "[[A]]\n")
    assert main(["import", "zim", str(moved), "--out", str(out)]) == 0
    assert sorted(notebook_files(out)) == ["_nav.yml", "a/fig.png", "a/index.md", "home.md"]


def test_a_notebook_without_a_name_is_known_by_its_folder_name(tmp_path: Path) -> None:
    notebook = tmp_path / "Minhas Notas"
    write(notebook / "notebook.zim", "[Notebook]\nversion=0.4\n")
    write_page(notebook, "Home.txt", "x\n")
    out = tmp_path / "out"
    assert main(["import", "zim", str(notebook), "--out", str(out)]) == 0
    assert list(manifest(out)["inputs"]) == ["notebook:Minhas Notas"]


def test_a_file_input_is_known_by_its_name(tmp_path: Path) -> None:
    source = write(tmp_path / "a" / "Nota.txt", HEADER + "x\n")
    out = tmp_path / "out"
    assert main(["import", "files", str(source), "--out", str(out)]) == 0
    moved = tmp_path / "b" / "Nota.txt"
    moved.parent.mkdir()
    source.rename(moved)
    before = mtimes(out)
    assert main(["import", "files", str(moved), "--out", str(out)]) == 0
    assert list(manifest(out)["inputs"]) == ["file:Nota.txt"]
    assert mtimes(out) == before


def first_format(out: Path, key: str) -> None:
    """Rewrite the manifest as the first format did: the same files, keyed by an absolute path."""
    inputs = manifest(out)["inputs"]
    data = {"format": 1, "inputs": {key: files for files in inputs.values()}}
    (out / MANIFEST_FILE).write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize("moved", [False, True])
def test_a_first_format_manifest_is_migrated(imported: tuple[Path, Path], tmp_path: Path, moved: bool) -> None:
    notebook, out = imported
    first_format(out, notebook.resolve().as_posix())
    if moved:
        notebook = notebook.rename(tmp_path / "moved")
    pages = {path: mtime for path, mtime in mtimes(out).items() if path.name != MANIFEST_FILE}
    assert main(["import", "zim", str(notebook), "--out", str(out)]) == 0
    assert {path: mtime for path, mtime in mtimes(out).items() if path.name != MANIFEST_FILE} == pages
    data = manifest(out)
    assert data["format"] == 2 and list(data["inputs"]) == ["notebook:Caderno"]
    assert sorted(data["inputs"]["notebook:Caderno"]) == ["_nav.yml", "a/fig.png", "a/index.md", "b.md", "home.md"]
    assert str(tmp_path) not in (out / MANIFEST_FILE).read_text(encoding="utf-8"), "no path of the machine left"


def test_a_migrated_manifest_still_protects_edits(imported: tuple[Path, Path], tmp_path: Path, capsys) -> None:
    notebook, out = imported
    first_format(out, "/gone/nb")
    (out / "b.md").write_text("editada à mão\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["import", "zim", str(notebook), "--out", str(out)]) == 1
    assert f"{out / 'b.md'}: changed by hand since the last import" in capsys.readouterr().err
    assert (out / "b.md").read_text(encoding="utf-8") == "editada à mão\n"


def test_a_first_format_entry_of_another_input_is_kept(imported: tuple[Path, Path], tmp_path: Path) -> None:
    notebook, out = imported
    data = manifest(out)
    data = {"format": 1, "inputs": {"/old/other.txt": {"other.md": "0" * 64}, **data["inputs"]}}
    (out / MANIFEST_FILE).write_text(json.dumps(data), encoding="utf-8")
    assert main(["import", "zim", str(notebook), "--out", str(out)]) == 0
    assert manifest(out)["inputs"]["/old/other.txt"] == {"other.md": "0" * 64}


def test_a_newer_manifest_is_refused(imported: tuple[Path, Path], capsys) -> None:
    notebook, out = imported
    (out / MANIFEST_FILE).write_text('{"format": 99, "inputs": {}}', encoding="utf-8")
    capsys.readouterr()
    assert main(["import", "zim", str(notebook), "--out", str(out)]) == 1
    assert f"{out / MANIFEST_FILE}: an import manifest of format 99, newer" in capsys.readouterr().err


def test_a_renamed_notebook_is_refused_then_taken_over_with_force(
    imported: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    notebook, out = imported
    (notebook / "notebook.zim").write_text("[Notebook]\nname=Renomeado\n", encoding="utf-8")
    write_page(notebook, "B.txt", "página B, nova\n")
    capsys.readouterr()
    assert main(["import", "zim", str(notebook), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{out / 'b.md'}: would overwrite a file written by the import of the notebook Caderno" in err
    assert "--force" in err
    assert main(["import", "zim", str(notebook), "--out", str(out), "--force"]) == 0
    assert list(manifest(out)["inputs"]) == ["notebook:Renomeado"], "every file taken over"
    assert "página B, nova" in (out / "b.md").read_text(encoding="utf-8")


# 1. An edit by hand is never lost.


def test_a_page_edited_by_hand_stops_the_reimport(
    imported: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    notebook, out = imported
    (out / "b.md").write_text("editada à mão\n", encoding="utf-8")
    (out / "_nav.yml").write_text("- Minha: home.md\n", encoding="utf-8")
    write_page(notebook, "A.txt", "página A, nova\n{{./fig.png}}\n")
    before, files = mtimes(out), notebook_files(out)
    capsys.readouterr()
    assert main(["import", "zim", str(notebook), "--out", str(out), "--keep-going"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert [line.split(": ")[0] for line in err[:-1]] == [str(out / "_nav.yml"), str(out / "b.md")]
    assert all("changed by hand since the last import" in line and "--force" in line for line in err[:-1])
    assert err[-1] == f"nothing written to {out}"
    assert mtimes(out) == before and notebook_files(out) == files, "nothing written, not even the new page A"


def test_force_overwrites_the_pages_edited_by_hand(
    imported: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    notebook, out = imported
    original = (out / "b.md").read_bytes()
    (out / "b.md").write_text("editada à mão\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["import", "zim", str(notebook), "--out", str(out), "--force"]) == 0
    assert "1 file(s) overwritten (--force): b.md" in capsys.readouterr().out
    assert (out / "b.md").read_bytes() == original


def test_an_edit_that_matches_the_new_page_is_no_conflict(imported: tuple[Path, Path]) -> None:
    notebook, out = imported
    write_page(notebook, "B.txt", "página B, nova\n")
    assert main(["import", "zim", str(notebook), "--out", str(tmp := out.parent / "other")]) == 0
    (out / "b.md").write_bytes((tmp / "b.md").read_bytes())  # edited by hand into what the import now writes
    assert main(["import", "zim", str(notebook), "--out", str(out)]) == 0


def test_a_single_file_edited_by_hand_is_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write(tmp_path / "nota.txt", HEADER + "x\n")
    out = tmp_path / "out"
    assert main(["import", "files", str(source), "--out", str(out)]) == 0
    (out / "nota.md").write_text("minha versão\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["import", "files", str(source), "--out", str(out)]) == 1
    assert f"{out / 'nota.md'}: changed by hand since the last import" in capsys.readouterr().err
    assert (out / "nota.md").read_text(encoding="utf-8") == "minha versão\n"
    assert main(["import", "files", str(source), "--out", str(out), "--force"]) == 0
    assert (out / "nota.md").read_text(encoding="utf-8").endswith("\nx\n")


def test_force_still_never_overwrites_a_file_no_import_wrote(imported: tuple[Path, Path], capsys) -> None:
    notebook, out = imported
    write_page(notebook, "Mine.txt", "nova\n")
    (out / "mine.md").write_text("# Escrita à mão\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["import", "zim", str(notebook), "--out", str(out), "--force"]) == 1
    assert f"{out / 'mine.md'}: would overwrite a file this import did not write" in capsys.readouterr().err
    assert (out / "mine.md").read_text(encoding="utf-8") == "# Escrita à mão\n"


def test_make_import_zim_passes_force() -> None:
    recipe = (REPO / "Makefile").read_text(encoding="utf-8").split("\nimport-zim:", 1)[1].split("\n\n", 1)[0]
    assert '--out "$(NOTES_DIR)" $(if $(FORCE),--force)' in recipe


# 2. What Zim hides.


def test_what_zim_hides_is_skipped_and_counted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notebook = make_notebook(tmp_path / "nb", {"Home.txt": "x\n", "Home/Child.txt": "y\n"})
    write(notebook / "Home.txt~", HEADER + "backup\n")
    write(notebook / "Home.txt.zim-new~", HEADER + "half-saved\n")
    write(notebook / "~Rascunho.txt", HEADER + "a hidden page\n")
    write(notebook / "Home" / "~draft.odt", b"lock")
    write(notebook / "Home" / "data.zim", b"zim data")
    write(notebook / "Home" / "fig.png", b"\x89PNG fake")
    write(notebook / "~Velho" / "Page.txt", HEADER + "in a hidden folder\n")
    write(notebook / ".zim" / "index.db", b"cache")  # Zim's own cache: not counted
    out = tmp_path / "out"
    assert main(["import", "zim", str(notebook), "--out", str(out)]) == 0
    assert sorted(notebook_files(out)) == ["_nav.yml", "home/child.md", "home/fig.png", "home/index.md"]
    captured = capsys.readouterr()
    assert captured.out.splitlines()[-1] == "5 hidden file(s) and 1 hidden folder(s) skipped, as Zim hides them"
    assert captured.err == ""


def test_nothing_hidden_says_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notebook = make_notebook(tmp_path / "nb", {"Home.txt": "x\n"})
    write(notebook / ".zim" / "index.db", b"cache")
    assert main(["import", "zim", str(notebook), "--out", str(tmp_path / "out")]) == 0
    assert "skipped, as Zim hides them" not in capsys.readouterr().out


def test_the_manifest_name_inside_the_notebook_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notebook = make_notebook(tmp_path / "nb", {"Home.txt": "x\n", "Ns/Page.txt": "y\n"})
    write(notebook / "Ns" / MANIFEST_FILE, "{}")
    out = tmp_path / "out"
    assert main(["import", "zim", str(notebook), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{notebook / 'Ns' / MANIFEST_FILE}: a name the importer reserves for its manifest" in err
    assert not out.exists()
    assert main(["import", "zim", str(notebook), "--out", str(out), "--keep-going"]) == 1
    assert sorted(notebook_files(out)) == ["_nav.yml", "home.md"]


def test_an_output_folder_inside_the_notebook_is_still_left_out(tmp_path: Path) -> None:
    notebook = make_notebook(tmp_path / "nb", {"Home.txt": "x\n"})
    for _ in range(2):
        assert main(["import", "zim", str(notebook), "--out", str(notebook / "site-notes")]) == 0


def test_a_name_that_is_not_utf8_is_an_error_naming_it(tmp_path: Path) -> None:
    notebook = make_notebook(tmp_path / "nb", {"Home.txt": "x\n"})
    name = os.fsdecode(b"caf\xe9.png")  # a Latin-1 name, as an old archive leaves it
    write(notebook / "Home" / name, b"\x89PNG fake")
    with pytest.raises(ConversionFailed) as caught:
        convert_notebook(notebook)
    assert [str(error) for error in caught.value.errors] == [
        f"{notebook / 'Home' / name}: a name that is not valid UTF-8; rename it"
    ]


def test_a_root_attachment_named_like_the_navigation_is_an_error(tmp_path: Path) -> None:
    notebook = make_notebook(tmp_path / "nb", {"Home.txt": "x\n"})
    write(notebook / "_nav.yml", "- mine\n")
    with pytest.raises(ConversionFailed) as caught:
        convert_notebook(notebook)
    assert [str(error) for error in caught.value.errors] == [
        f"{notebook / '_nav.yml'}: would be written to _nav.yml, a name the import reserves for the navigation; "
        "rename the file"
    ]


# 3. Long names.


def test_a_page_name_up_to_the_limit_imports(tmp_path: Path) -> None:
    limit = name_limit(tmp_path)
    name = "P" * (limit - len(".txt"))
    notebook = make_notebook(tmp_path / "nb", {f"{name}.txt": "x\n"})
    out = tmp_path / "out"
    assert main(["import", "zim", str(notebook), "--out", str(out)]) == 0
    assert (out / f"{name.lower()}.md").is_file()
    assert sorted(path.name for path in out.iterdir()) == sorted([MANIFEST_FILE, "_nav.yml", f"{name.lower()}.md"])


def test_an_output_name_over_the_limit_is_an_error_naming_the_file(tmp_path: Path, capsys) -> None:
    limit = name_limit(tmp_path)
    notebook = make_notebook(tmp_path / "nb", {"Home.txt": "x\n"})
    attachment = write(notebook / "Home" / ("n" * (limit - len(".md")) + ".md"), "# notes\n")  # gets .txt added
    out = tmp_path / "out"
    assert main(["import", "zim", str(notebook), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{attachment}: its output name " in err and f"more than the output file system takes ({limit})" in err
    assert not out.exists()


def test_the_writer_refuses_a_name_over_the_limit(tmp_path: Path) -> None:
    long = PurePosixPath("x" * (name_limit(tmp_path) + 1))
    with pytest.raises(ConversionFailed, match="longer than the output file system takes"):
        write_import({long: b"x"}, tmp_path / "out", {"file:x": [long]})
    assert not (tmp_path / "out").exists()


# 3. An attachment where the site builds a page.


def test_an_attachment_where_mkdocs_builds_a_page_is_an_error(tmp_path: Path, capsys) -> None:
    notebook = make_notebook(tmp_path / "nb", {"Home.txt": "x\n", "Home/Child.txt": "y\n"})
    write(notebook / "Home" / "index.html", "<p>exported</p>\n")
    out = tmp_path / "out"
    assert main(["import", "zim", str(notebook), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert (
        f"{notebook / 'Home' / 'index.html'}: would be published at home/index.html, where the site builds the page "
        f"{notebook / 'Home.txt'}; rename the file"
    ) in err
    assert main(["import", "zim", str(notebook), "--out", str(out), "--keep-going"]) == 1
    assert sorted(notebook_files(out)) == ["_nav.yml", "home/child.md", "home/index.md"], "the page stays"


def test_an_attachment_where_the_site_needs_a_folder_is_an_error(tmp_path: Path) -> None:
    notebook = make_notebook(tmp_path / "nb", {"Ns.txt": "x\n", "Ns/Foo.txt": "y\n"})
    write(notebook / "Ns" / "foo", "an attachment of Ns named like the page Ns:Foo\n")
    with pytest.raises(ConversionFailed) as caught:
        convert_notebook(notebook)
    assert [str(error) for error in caught.value.errors] == [
        f"{notebook / 'Ns' / 'foo'}: would be published at ns/foo, where the site needs a folder for the page "
        f"{notebook / 'Ns' / 'Foo.txt'}; rename the file"
    ]


# 3. UTF-16 and empty pages.


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_a_utf16_page_is_converted(tmp_path: Path, encoding: str) -> None:
    notebook = make_notebook(tmp_path / "nb", {"Home.txt": "[[Nota]]\n"})
    bom = "\ufeff".encode(encoding)
    page = write(notebook / "Nota.txt", bom + (HEADER + "====== Ação ======\ntexto\n").encode(encoding))
    outputs, warnings, _ = convert_notebook(notebook)
    assert outputs[PurePosixPath("nota.md")].decode().endswith("---\n\n# Ação\n\ntexto\n")
    assert warnings == [f"{page}: warning: UTF-16 text, converted; Zim opens only UTF-8 pages: save it as UTF-8 to edit it in Zim"]


def test_a_utf16_file_is_converted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write(tmp_path / "nota.txt", (HEADER + "texto\n").encode("utf-16"))
    assert main(["import", "files", str(source), "--out", str(tmp_path / "out")]) == 0
    assert f"{source}: warning: UTF-16 text, converted" in capsys.readouterr().err
    assert (tmp_path / "out" / "nota.md").read_text(encoding="utf-8").endswith("\ntexto\n")


def test_a_binary_file_is_still_refused(tmp_path: Path) -> None:
    notebook = make_notebook(tmp_path / "nb", {"Home.txt": "x\n"})
    write(notebook / "Bin.txt", b"PNG\n\x00\x01")
    with pytest.raises(ConversionFailed, match=r"Bin.txt:2: binary file \(NUL byte\)"):
        convert_notebook(notebook)


@pytest.mark.parametrize("data", [b"", b"\n \n"], ids=["zero-bytes", "white-space"])
def test_an_empty_page_is_an_empty_page(tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes) -> None:
    notebook = make_notebook(tmp_path / "nb", {"Home.txt": "[[Vazia Mesmo]]\n"})
    page = write(notebook / "Vazia_Mesmo.txt", data)
    out = tmp_path / "out"
    assert main(["import", "zim", str(notebook), "--out", str(out)]) == 0
    text = (out / "vazia-mesmo.md").read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: Vazia Mesmo\n") and text.endswith("---\n\n# Vazia Mesmo\n")
    assert capsys.readouterr().err == f"{page}: warning: an empty page; imported with its name as title\n"
    assert "[Vazia Mesmo](vazia-mesmo.md)" in (out / "home.md").read_text(encoding="utf-8")


# 3. A page imported alone reports every link it leaves dangling.


def test_a_single_file_reports_every_dangling_link(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    write(out / "existente.md", "# already there\n")
    write(out / "fig-ok.png", b"\x89PNG fake")
    source = write(
        tmp_path / "wiki.txt",
        HEADER
        + "[[Outra]] e [[Ns:Funda|funda]]\n"  # line 5: two missing pages
        + "[[Existente]] e [[Irmã]] e [[wiki]]\n"  # 6: on disk, in this import, itself
        + "{{./fig.png}} e {{./fig-ok.png}}\n"  # 7: a missing image, one on disk
        + "[[./doc.pdf|o PDF]] e https://pytorch.org\n",  # 8: a missing file, a URL
    )
    sister = write(tmp_path / "Irmã.txt", HEADER + "[[wiki]]\n")
    assert main(["import", "files", str(source), str(sister), "--out", str(out)]) == 0
    assert capsys.readouterr().err.splitlines() == [
        f"{source}:5: warning: link to a page that is not in the output folder (kept, to be imported too): Outra",
        f"{source}:5: warning: link to a page that is not in the output folder (kept, to be imported too): Ns:Funda",
        f"{source}:7: warning: image outside the notebook or missing: ./fig.png",
        f"{source}:8: warning: link to a file outside the notebook or missing: ./doc.pdf",
    ]
    body = (out / "wiki.md").read_text(encoding="utf-8")
    assert "[Outra](outra.md) e [funda](ns/funda.md)" in body, "page links are kept"
    assert "fig.png e ![fig-ok.png](fig-ok.png)" in body and "o PDF e" in body


# The navigation.


def test_nav_labels_are_html_safe(tmp_path: Path) -> None:
    notebook = make_notebook(tmp_path / "nb", {"Home.txt": '====== <b>Tom</b> & "Jerry" ======\nx\n'})
    nav = yaml.safe_load(convert_notebook(notebook).outputs[PurePosixPath("_nav.yml")])
    assert nav == [{"&lt;b&gt;Tom&lt;/b&gt; &amp; &quot;Jerry&quot;": "home.md"}]
