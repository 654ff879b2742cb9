"""Writing an import: only inside --out, all at once, only over its own files; bad pages and --keep-going."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path, PurePosixPath

import pytest
import yaml

from tests.importer.conftest import HEADER, make_notebook, notebook_files, write, write_page
from tocha.cli import main
from tocha.importer.base import ConversionFailed
from tocha.importer.manifest import MANIFEST_FILE, write_import
from tocha.importer.notebook import convert_notebook


@pytest.fixture
def imported(tmp_path: Path) -> tuple[Path, Path]:
    """A notebook of three pages, imported once into ``out``."""
    notebook = make_notebook(
        tmp_path / "nb", {"Home.txt": "[[A]] [[B]]\n", "A.txt": "página A\n", "B.txt": "página B\n"}
    )
    out = tmp_path / "out"
    assert main(["import", "zim", str(notebook), "--out", str(out)]) == 0
    return notebook, out


def test_manifest_lists_what_the_import_wrote(imported: tuple[Path, Path]) -> None:
    notebook, out = imported
    data = json.loads((out / MANIFEST_FILE).read_text(encoding="utf-8"))
    assert data["format"] == 2
    assert list(data["inputs"]) == ["notebook:Caderno"], "named by notebook.zim's name=, not by a path"
    assert sorted(data["inputs"]["notebook:Caderno"]) == ["_nav.yml", "a.md", "b.md", "home.md"]
    assert str(notebook.parent) not in (out / MANIFEST_FILE).read_text(encoding="utf-8")


def test_reimport_unchanged_changes_nothing(imported: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    notebook, out = imported
    before = {path: path.stat().st_mtime_ns for path in out.rglob("*")}
    capsys.readouterr()
    assert main(["import", "zim", str(notebook), "--out", str(out)]) == 0
    assert capsys.readouterr().out == f"0 file(s) written to {out} (4 unchanged)\n"
    assert {path: path.stat().st_mtime_ns for path in out.rglob("*")} == before, "not even rewritten"


def test_reimport_removes_deleted_pages_and_their_empty_folders(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notebook = make_notebook(tmp_path / "nb", {"Home.txt": "x\n", "Ns/Deep/Page.txt": "y\n"})
    out = tmp_path / "out"
    assert main(["import", "zim", str(notebook), "--out", str(out)]) == 0
    (notebook / "Ns" / "Deep" / "Page.txt").unlink()
    capsys.readouterr()
    assert main(["import", "zim", str(notebook), "--out", str(out)]) == 0
    assert "1 file(s) of the previous import removed: ns/deep/page.md" in capsys.readouterr().out
    assert sorted(notebook_files(out)) == ["_nav.yml", "home.md"]
    assert not (out / "ns").exists()


def test_never_overwrites_a_file_it_did_not_write(imported: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    notebook, out = imported
    write_page(notebook, "Mine.txt", "nova\n")
    (out / "mine.md").write_text("# Escrita à mão\n", encoding="utf-8")
    (out / "README.md").write_text("# Minha\n", encoding="utf-8")
    before = notebook_files(out)
    capsys.readouterr()
    assert main(["import", "zim", str(notebook), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{out / 'mine.md'}: would overwrite a file this import did not write" in err
    assert err.endswith(f"nothing written to {out}\n")
    assert notebook_files(out) == before, "nothing changed"


def test_a_file_already_holding_the_same_bytes_is_adopted(imported: tuple[Path, Path]) -> None:
    notebook, out = imported
    (out / MANIFEST_FILE).unlink()  # an import made before the manifest existed
    assert main(["import", "zim", str(notebook), "--out", str(out)]) == 0
    assert (out / MANIFEST_FILE).is_file()


def test_a_changed_stale_file_is_left_in_place(imported: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    notebook, out = imported
    (notebook / "B.txt").unlink()
    (out / "b.md").write_text("editada à mão\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["import", "zim", str(notebook), "--out", str(out)]) == 0
    assert "changed since; left in place" in capsys.readouterr().err
    assert (out / "b.md").read_text(encoding="utf-8") == "editada à mão\n"
    assert "b.md" not in json.loads((out / MANIFEST_FILE).read_text(encoding="utf-8"))["inputs"]["notebook:Caderno"]


def test_another_notebooks_files_are_not_touched(imported: tuple[Path, Path], tmp_path: Path, capsys) -> None:
    _, out = imported
    other = make_notebook(tmp_path / "other", {"Home.txt": "outro\n"}, "name=Outro\n")  # the last name= wins
    before = notebook_files(out)
    capsys.readouterr()
    assert main(["import", "zim", str(other), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{out / 'home.md'}: would overwrite a file written by the import of the notebook Caderno" in err
    assert notebook_files(out) == before


def test_nothing_is_written_through_a_link_out_of_the_output(tmp_path: Path, capsys) -> None:
    notebook = make_notebook(tmp_path / "nb", {"Ns/Page.txt": "x\n"})
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    os.symlink(elsewhere, out / "ns")
    assert main(["import", "zim", str(notebook), "--out", str(out)]) == 1
    assert "a folder on the way is a link leading outside the output folder" in capsys.readouterr().err
    assert list(elsewhere.iterdir()) == []


def test_unsafe_output_paths_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ConversionFailed, match="unsafe output path"):
        write_import({PurePosixPath("../x.md"): b"x"}, tmp_path / "out", {"k": [PurePosixPath("../x.md")]})
    assert not (tmp_path / "x.md").exists() and not (tmp_path / "out").exists()


def test_a_failed_write_changes_nothing(imported: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    notebook, out = imported
    write_page(notebook, "A.txt", "página A, nova\n")
    write_page(notebook, "New/Deep.txt", "nova\n")
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    real_mkstemp = tempfile.mkstemp

    def failing_mkstemp(*args, **kwargs):
        # The last file to write, in a folder made for it: the others are already written beside their place.
        if Path(kwargs["dir"]).name == "new":
            raise OSError(28, "No space left on device")
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", failing_mkstemp)
    assert main(["import", "zim", str(notebook), "--out", str(out)]) == 1
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before, "no file changed, no temporary file left"
    assert not (out / "new").exists(), "the folders made for the write are gone"


# Bad pages.


@pytest.fixture
def with_bad_pages(tmp_path: Path) -> Path:
    notebook = make_notebook(
        tmp_path / "nb",
        {"Home.txt": "[[Bad]] e [[Ns:Worse]] e [[Good]]\n", "Good.txt": "boa\n", "Bad.txt": "ok\n'''\nnunca fecha\n"},
    )
    write(notebook / "Ns" / "Worse.txt", (HEADER + "ok\n").encode() + b"\xff\n")
    write_page(notebook, "Ns/Worse/Child.txt", "filha\n")
    return notebook


def test_every_bad_page_is_listed_and_nothing_written(with_bad_pages: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    assert main(["import", "zim", str(with_bad_pages), "--out", str(out)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"{with_bad_pages / 'Bad.txt'}:6: unterminated ''' verbatim block: no closing '''",
        f"{with_bad_pages / 'Ns' / 'Worse.txt'}:6: invalid UTF-8 (byte 0xff at offset {len(HEADER) + 3})",
        f"nothing written to {out}",
    ]
    assert not out.exists()


def test_keep_going_imports_the_rest(with_bad_pages: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    assert main(["import", "zim", str(with_bad_pages), "--out", str(out), "--keep-going"]) == 1
    captured = capsys.readouterr()
    assert sorted(notebook_files(out)) == ["_nav.yml", "good.md", "home.md", "ns/worse/child.md"]
    nav = yaml.safe_load((out / "_nav.yml").read_text(encoding="utf-8"))
    assert nav == [{"Good": "good.md"}, {"Home": "home.md"}, {"Ns": [{"Worse": [{"Child": "ns/worse/child.md"}]}]}]
    home = (out / "home.md").read_text(encoding="utf-8")
    assert home.endswith("\nBad e Ns:Worse e [Good](good.md)\n"), "links to left-out pages are plain text"
    assert f"{with_bad_pages / 'Home.txt'}:5: warning: link to a page left out of the import" in captured.err
    summary = captured.err[captured.err.index("2 left out") :].splitlines()
    assert summary == [
        "2 left out (not converted, not in the navigation):",
        f"  {with_bad_pages / 'Bad.txt'}:6: unterminated ''' verbatim block: no closing '''",
        f"  {with_bad_pages / 'Ns' / 'Worse.txt'}:6: invalid UTF-8 (byte 0xff at offset {len(HEADER) + 3})",
    ]


def test_keep_going_removes_the_old_output_of_a_page_gone_bad(tmp_path: Path) -> None:
    notebook = make_notebook(tmp_path / "nb", {"Home.txt": "x\n", "Page.txt": "boa\n"})
    out = tmp_path / "out"
    assert main(["import", "zim", str(notebook), "--out", str(out)]) == 0
    write_page(notebook, "Page.txt", "'''\n")
    assert main(["import", "zim", str(notebook), "--out", str(out), "--keep-going"]) == 1
    assert sorted(notebook_files(out)) == ["_nav.yml", "home.md"]


def test_keep_going_with_files(tmp_path: Path, capsys) -> None:
    good = write(tmp_path / "boa.txt", HEADER + "boa\n")
    bad = write(tmp_path / "ruim.txt", b"\xff")
    out = tmp_path / "out"
    assert main(["import", "files", str(good), str(bad), "--out", str(out), "--keep-going"]) == 1
    assert sorted(notebook_files(out)) == ["boa.md"]
    assert f"  {bad}:1: invalid UTF-8" in capsys.readouterr().err


def test_a_file_where_a_folder_is_needed_is_an_error(tmp_path: Path) -> None:
    notebook = make_notebook(tmp_path / "nb", {"A.txt": "x\n", "A/B/C.txt": "y\n"})
    write(notebook / "A" / "b", "an attachment of A named like the folder of A:B\n")
    with pytest.raises(ConversionFailed) as caught:
        convert_notebook(notebook)
    assert [str(error) for error in caught.value.errors] == [
        f"{notebook / 'A' / 'b'}: would be written to a/b, a folder of other pages"
    ]
    kept = convert_notebook(notebook, keep_going=True)
    assert "a/b" not in map(str, kept.outputs) and "a/b/c.md" in map(str, kept.outputs)


def test_the_notebook_itself_is_no_output_folder(tmp_path: Path, capsys) -> None:
    notebook = make_notebook(tmp_path / "nb", {"Home.txt": "x\n"})
    assert main(["import", "zim", str(notebook), "--out", str(notebook)]) == 1
    assert "the output folder is the notebook itself" in capsys.readouterr().err
    assert sorted(p.name for p in notebook.iterdir()) == ["Home.txt", "notebook.zim"]
