"""The command line: detection, output, all-or-nothing errors, warnings, the script itself."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tocha.importer.base import ConversionFailed
from tocha.importer.cli import Source, import_sources, main
from tocha.importer.detect import detect_format

ROOT = Path(__file__).resolve().parents[2]
SOURCE_000 = ROOT / "sources" / "000_81e574fc5bfc50d0.txt"
ZIM = "Content-Type: text/x-zim-wiki\nWiki-Format: zim 0.6\nCreation-Date: 2024-01-18T01:04:14-03:00\n\n"


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    path.write_bytes(data)
    return path


def test_zim_file_written_with_front_matter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write(tmp_path / "Minha_Nota.txt", ZIM + "====== Nota ======\n@tag texto\n")
    out = tmp_path / "out"
    assert main([str(source), "--out", str(out)]) == 0
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
    assert capsys.readouterr().err == ""


def test_real_source_twice_is_byte_identical(tmp_path: Path) -> None:
    for out in ("a", "b"):
        assert main([str(SOURCE_000), "--out", str(tmp_path / out)]) == 0
    first = (tmp_path / "a" / "000-81e574fc5bfc50d0.md").read_bytes()
    assert first == (tmp_path / "b" / "000-81e574fc5bfc50d0.md").read_bytes()
    assert first.endswith(b".\n") and not first.endswith(b"\n\n")
    assert b"title: PyTorch\n" in first


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        pytest.param("a.txt", ZIM + "x", "zim", id="zim-header"),
        pytest.param("a.md", "texto", "markdown", id="md-extension"),
        pytest.param("a.markdown", "texto", "markdown", id="markdown-extension"),
        pytest.param("a.txt", "intro\n## Seção\n", "markdown", id="atx-heading"),
        pytest.param("a.txt", "```\ncode\n```\n", "markdown", id="fence"),
        pytest.param("a.txt", "#hashtag e texto\n", "plaintext", id="hashtag-is-not-heading"),
        pytest.param("a.txt", "Só texto.\n", "plaintext", id="plain"),
    ],
)
def test_detect_format(name: str, text: str, expected: str) -> None:
    assert detect_format(text, Path(name)) == expected


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
    assert main([str(source), "--out", str(out), "--format", "zim"]) == 1
    err = capsys.readouterr().err
    assert f"{source}{message}" in err
    assert "Traceback" not in err
    assert not out.exists()


def test_folder_without_notebook_zim(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "pasta"
    write(folder / "Pagina.txt", ZIM + "x\n")
    assert main([str(folder), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert f"{folder}: not a Zim notebook (no notebook.zim)\n" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nada.txt"
    assert main([str(missing), "--out", str(tmp_path / "out")]) == 1
    assert f"{missing}: cannot read: No such file or directory\n" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_one_good_one_bad_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = write(tmp_path / "boa.txt", ZIM + "====== Boa ======\n")
    bad = write(tmp_path / "ruim.txt", ZIM + "'''\n")
    empty = write(tmp_path / "vazia.txt", "")
    out = tmp_path / "out"
    out.mkdir()
    assert main([str(good), str(bad), str(empty), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:5: unterminated" in err
    assert f"{empty}:1: empty file" in err
    assert list(out.iterdir()) == []


def test_two_inputs_same_output_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = write(tmp_path / "a" / "nota.txt", ZIM + "x\n")
    second = write(tmp_path / "b" / "Nota.txt", ZIM + "y\n")
    assert main([str(first), str(second), "--out", str(tmp_path / "out")]) == 1
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
    assert main([str(source), "--out", str(tmp_path / "out")]) == 0
    assert f"{source}{warning}" in capsys.readouterr().err
    assert (tmp_path / "out" / "nota.md").read_text(encoding="utf-8").endswith("# T\n")


def test_import_sources_explicit_names(tmp_path: Path) -> None:
    sources = [
        Source(SOURCE_000, output="fontes/pytorch.md"),
        Source(write(tmp_path / "x.txt", ZIM + "x\n"), output="fontes/x.md", format="zim"),
    ]
    assert import_sources(sources, tmp_path / "docs") == []
    assert (tmp_path / "docs" / "fontes" / "pytorch.md").read_text(encoding="utf-8").startswith("---\ntitle: PyTorch\n")
    assert (tmp_path / "docs" / "fontes" / "x.md").is_file()


@pytest.mark.parametrize("output", ["../fora.md", "/abs.md", "sem-extensao"])
def test_import_sources_rejects_bad_names(tmp_path: Path, output: str) -> None:
    with pytest.raises(ConversionFailed, match="bad output name"):
        import_sources([Source(SOURCE_000, output=output)], tmp_path / "docs")
    assert not (tmp_path / "docs").exists()


def test_missing_converter_module_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "tocha.importer.plaintext", None)  # import now fails
    source = write(tmp_path / "texto.txt", "Só texto.\n")
    assert main([str(source), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "no converter for the plaintext format" in err
    assert "Traceback" not in err


def test_script_runs_as_a_subprocess(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "scripts/convert.py", str(SOURCE_000), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (out / "000-81e574fc5bfc50d0.md").read_text(encoding="utf-8").startswith("---\ntitle: PyTorch\n")
