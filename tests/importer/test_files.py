"""The conversion of inputs every import shares: format detection, the converter table, output names."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.importer.conftest import HEADER as ZIM
from tests.importer.conftest import SOURCE_000, write
from tocha.importer import markdown, plaintext, zim
from tocha.importer.base import ConversionError, ConversionFailed
from tocha.importer.detect import detect_format
from tocha.importer.files import FORMATS, ImportInput, convert_file, import_files



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
    assert expected in FORMATS


def test_one_table_of_formats_with_every_converter() -> None:
    assert FORMATS == {"zim": zim.convert, "markdown": markdown.convert, "plaintext": plaintext.convert}


def test_convert_file_names_the_file_not_its_path(tmp_path: Path) -> None:
    page = convert_file(write(tmp_path / "sub" / "Nota.txt", "Só texto.\n"))
    assert page.meta["source_file"] == "Nota.txt" and page.meta["format"] == "plaintext"


def test_convert_file_title_for_markdown_without_heading(tmp_path: Path) -> None:
    source = write(tmp_path / "leia.md", "Sem título, só texto.\n")
    assert convert_file(source, "markdown", title="Leia-me").body.startswith("# Leia-me\n")
    assert convert_file(source).title == "leia"
    with pytest.raises(ValueError, match="takes no title"):
        convert_file(source, "plaintext", title="Leia-me")


def test_convert_file_unknown_format(tmp_path: Path) -> None:
    source = write(tmp_path / "a.txt", "x\n")
    with pytest.raises(ConversionError, match=r"unknown format 'pdf' \(known: zim, markdown, plaintext\)"):
        convert_file(source, "pdf")


def test_import_files_explicit_names(tmp_path: Path) -> None:
    inputs = [
        ImportInput(SOURCE_000, output="fontes/pytorch.md"),
        ImportInput(write(tmp_path / "x.txt", ZIM + "x\n"), output="fontes/x.md", format="zim"),
    ]
    assert import_files(inputs, tmp_path / "docs") == []
    assert (tmp_path / "docs" / "fontes" / "pytorch.md").read_text(encoding="utf-8").startswith("---\ntitle: PyTorch\n")
    assert (tmp_path / "docs" / "fontes" / "x.md").is_file()


@pytest.mark.parametrize("output", ["../fora.md", "/abs.md", "sem-extensao"])
def test_import_files_rejects_bad_names(tmp_path: Path, output: str) -> None:
    with pytest.raises(ConversionFailed, match="bad output name"):
        import_files([ImportInput(SOURCE_000, output=output)], tmp_path / "docs")
    assert not (tmp_path / "docs").exists()


def test_a_notebook_folder_takes_no_output_name(notebook: Path, tmp_path: Path) -> None:
    with pytest.raises(ConversionFailed, match="a notebook folder takes no output name and no format but zim"):
        import_files([ImportInput(notebook, format="markdown")], tmp_path / "out")
    assert not (tmp_path / "out").exists()
