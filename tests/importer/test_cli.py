"""The ``tocha import`` command line: output, all-or-nothing errors, warnings, exit codes, the script itself."""

from __future__ import annotations

import shutil
import subprocess
import sysconfig
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO
from tests.importer.conftest import HEADER as ZIM
from tests.importer.conftest import NOTEBOOK_OUTPUTS, SOURCE_000, write
from tocha.cli import main
from tocha.importer.manifest import MANIFEST_FILE



def files(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# tocha import files


def test_zim_file_written_with_front_matter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write(tmp_path / "Minha_Nota.txt", ZIM + "====== Nota ======\n@tag texto\n")
    out = tmp_path / "out"
    assert main(["import", "files", str(source), "--out", str(out)]) == 0
    assert (out / "minha-nota.md").read_text(encoding="utf-8") == (
        "---\n"
        "title: Nota\n"
        "source_file: Minha_Nota.txt\n"
        "format: zim\n"
        "wiki_format: zim 0.6\n"
        "created: '2024-01-18T01:04:14-03:00'\n"
        "tags:\n"
        "- tag\n"
        "---\n"
        "\n"
        "# Nota\n"
        "\n"
        "`@tag` texto\n"
    )
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out == f"1 file(s) written to {out}\n"


def test_real_source_twice_is_byte_identical(tmp_path: Path) -> None:
    for out in ("a", "b"):
        assert main(["import", "files", str(SOURCE_000), "--out", str(tmp_path / out)]) == 0
    first = (tmp_path / "a" / "000-81e574fc5bfc50d0.md").read_bytes()
    assert first == (tmp_path / "b" / "000-81e574fc5bfc50d0.md").read_bytes()
    assert first.endswith(b".\n") and not first.endswith(b"\n\n")
    assert b"title: PyTorch\n" in first


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(ZIM.encode() + "ok\n".encode() + b"caf\xe9\n", ":6: invalid UTF-8 (byte 0xe9", id="invalid-utf8"),
        pytest.param(b"", ":1: empty file", id="empty"),
        pytest.param(b"PNG\n\x00\x01\x02", ":2: binary file (NUL byte)", id="binary"),
        pytest.param((ZIM + "x\n'''\ncódigo\n").encode(), ":6: unterminated ''' verbatim block", id="verbatim"),
        pytest.param((ZIM + '{{{code: lang="python3"\nx\n').encode(), ":5: unterminated {{{code object", id="object"),
    ],
)
def test_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes, message: str) -> None:
    source = write(tmp_path / "nota.txt", data)
    out = tmp_path / "out"
    assert main(["import", "files", str(source), "--out", str(out), "--format", "zim"]) == 1
    err = capsys.readouterr().err
    assert f"{source}{message}" in err
    assert err.endswith(f"nothing written to {out}\n")
    assert "Traceback" not in err
    assert not out.exists()


def test_folder_without_notebook_zim(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "pasta"
    write(folder / "Pagina.txt", ZIM + "x\n")
    assert main(["import", "files", str(folder), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert f"{folder}: not a Zim notebook (no notebook.zim)\n" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nada.txt"
    assert main(["import", "files", str(missing), "--out", str(tmp_path / "out")]) == 1
    assert f"{missing}: cannot read: No such file or directory\n" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_one_good_one_bad_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = write(tmp_path / "boa.txt", ZIM + "====== Boa ======\n")
    bad = write(tmp_path / "ruim.txt", ZIM + "'''\n")
    empty = write(tmp_path / "vazia.txt", "")
    out = tmp_path / "out"
    out.mkdir()
    assert main(["import", "files", str(good), str(bad), str(empty), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:5: unterminated" in err
    assert f"{empty}:1: empty file" in err
    assert list(out.iterdir()) == []


def test_two_inputs_same_output_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = write(tmp_path / "a" / "nota.txt", ZIM + "x\n")
    second = write(tmp_path / "b" / "Nota.txt", ZIM + "y\n")
    assert main(["import", "files", str(first), str(second), "--out", str(tmp_path / "out")]) == 1
    assert f"{second}: would be written to nota.md, like {first}" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("header", "warning"),
    [
        pytest.param("Creation-Date: quando?\n", ":2: warning: unknown Creation-Date 'quando?'", id="date"),
        pytest.param("Wiki-Format: zim 0.8\n", ":2: warning: Wiki-Format 'zim 0.8' is newer", id="format"),
    ],
)
def test_warnings_convert_anyway(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], header: str, warning: str
) -> None:
    source = write(tmp_path / "nota.txt", "Content-Type: text/x-zim-wiki\n" + header + "\n====== T ======\n")
    assert main(["import", "files", str(source), "--out", str(tmp_path / "out")]) == 0
    assert f"{source}{warning}" in capsys.readouterr().err
    assert (tmp_path / "out" / "nota.md").read_text(encoding="utf-8").endswith("# T\n")


# tocha import zim


def test_import_zim_writes_the_notebook(notebook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "notas"
    assert main(["import", "zim", str(notebook), "--out", str(out)]) == 0
    assert sorted(files(out)) == sorted([MANIFEST_FILE, *NOTEBOOK_OUTPUTS])
    captured = capsys.readouterr()
    assert captured.out == f"6 file(s) written to {out}\n"
    assert captured.err == f"{notebook / 'Deep_Learning.txt'}:7: warning: link to a missing page: Página Inexistente\n"


def test_import_zim_default_output_is_docs_notas(
    notebook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["import", "zim", str(notebook)]) == 0
    assert (tmp_path / "docs" / "notas" / "_nav.yml").is_file()


def test_import_zim_a_bad_page_writes_nothing(
    notebook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (notebook / "Deep_Learning" / "Autograd.txt").write_bytes(b"ok\n\xff\n")
    out = tmp_path / "notas"
    assert main(["import", "zim", str(notebook), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{notebook / 'Deep_Learning' / 'Autograd.txt'}:2: invalid UTF-8 (byte 0xff at offset 3)\n" in err
    assert err.endswith(f"nothing written to {out}\n")
    assert not out.exists()


@pytest.mark.parametrize("kind", ["folder", "file", "missing"])
def test_import_zim_wants_a_notebook(tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str) -> None:
    path = tmp_path / "Caderno"
    if kind == "folder":
        write(path / "Pagina.txt", ZIM + "x\n")
    elif kind == "file":
        write(path, ZIM + "x\n")
    out = tmp_path / "notas"
    assert main(["import", "zim", str(path), "--out", str(out)]) == 1
    assert capsys.readouterr().err == f"{path}: not a Zim notebook (no notebook.zim)\nnothing written to {out}\n"
    assert not out.exists()


# tocha import sources


def _project(tmp_path: Path) -> Path:
    """A copy of the project's sources and manifest, with no docs/."""
    root = tmp_path / "project"
    shutil.copytree(REPO / "sources", root / "sources")
    shutil.copy(REPO / "sources.yml", root / "sources.yml")
    return root


def test_import_sources_writes_the_committed_pages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _project(tmp_path)
    assert main(["import", "sources", "--root", str(root)]) == 0
    captured = capsys.readouterr()
    assert captured.out == f"14 pages up to date in {root / 'docs'}\n" and captured.err == ""
    written = files(root / "docs")
    assert written == {name: (REPO / "docs" / name).read_bytes() for name in written}


def test_import_sources_default_root_is_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(_project(tmp_path))
    assert main(["import", "sources"]) == 0
    assert capsys.readouterr().out == "14 pages up to date in docs\n"
    assert Path("docs/notas-de-revisao.md").is_file()


def test_import_sources_failure_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _project(tmp_path)
    data = yaml.safe_load((root / "sources.yml").read_text(encoding="utf-8"))
    data["sources"][-1]["corrections"][0]["quote"] = "text that is in no source"
    (root / "sources.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert main(["import", "sources", "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {root / 'sources' / '004_385fd0f5a4b8ebd4.txt'}: correction ")
    assert "quote not found in the converted page: 'text that is in no source'\n" in err
    assert err.endswith("nothing was written\n")
    assert not (root / "docs").exists()


def test_import_sources_without_a_manifest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "sources", "--root", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err == f"error: {tmp_path / 'sources.yml'}: cannot read: No such file or directory\nnothing was written\n"
    assert not (tmp_path / "docs").exists()


# usage


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["import"],
        ["import", "nada"],
        ["import", "files", "x.txt"],  # --out is required
        ["import", "files", "x.txt", "--out", "o", "--format", "pdf"],
        ["import", "zim"],
    ],
)
def test_usage_errors_exit_2(argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert "usage: tocha" in capsys.readouterr().err


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "--help"]) == 0
    assert "{sources,zim,files}" in capsys.readouterr().out


@pytest.mark.parametrize("command", ["zim", "files"])
def test_force_is_offered(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", command, "--help"]) == 0
    assert "--force" in capsys.readouterr().out


def test_installed_script_runs(tmp_path: Path) -> None:
    script = Path(sysconfig.get_path("scripts")) / "tocha"
    assert script.is_file(), "reinstall the project: pip install --no-deps -e ."
    out = tmp_path / "out"
    result = subprocess.run(
        [str(script), "import", "files", str(SOURCE_000), "--out", str(out)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (out / "000-81e574fc5bfc50d0.md").read_text(encoding="utf-8").startswith("---\ntitle: PyTorch\n")
