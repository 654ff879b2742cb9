"""A whole Zim notebook: pages, rewritten links, attachments, navigation, missing links."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest
import yaml

from tocha.cli import main
from tocha.importer.base import ConversionError, ConversionFailed
from tocha.importer.notebook import convert_notebook

from tests.importer.conftest import NOTEBOOK_OUTPUTS, write_page

def page_body(outputs: dict[PurePosixPath, bytes], path: str) -> str:
    return outputs[PurePosixPath(path)].decode().split("---\n\n", 1)[1]


def test_pages_and_paths(notebook: Path) -> None:
    outputs = convert_notebook(notebook).outputs
    assert sorted(map(str, outputs)) == NOTEBOOK_OUTPUTS
    assert outputs[PurePosixPath("deep-learning/tensores/fig.png")] == b"\x89PNG fake"
    assert page_body(outputs, "deep-learning/autograd.md") == "# Autograd\n\nSem título.\n"


def test_links_rewritten(notebook: Path) -> None:
    outputs = convert_notebook(notebook).outputs
    assert "Veja [Deep Learning](deep-learning/index.md)." in page_body(outputs, "home.md")
    assert "Filho: [+Tensores](tensores/index.md)" in page_body(outputs, "deep-learning/index.md")
    tensores = page_body(outputs, "deep-learning/tensores/index.md")
    assert "Volta: [início](../../home.md), irmão: [Autograd](../autograd.md)" in tensores
    assert "![fig.png](fig.png)" in tensores


def test_missing_page_is_reported_and_plain_text(notebook: Path) -> None:
    outputs, warnings, _ = convert_notebook(notebook)
    assert "Quebrado: sem página\n" in page_body(outputs, "deep-learning/index.md")
    source = notebook / "Deep_Learning.txt"
    assert warnings == [f"{source}:7: warning: link to a missing page: Página Inexistente"]


def test_nav_follows_namespaces(notebook: Path) -> None:
    outputs = convert_notebook(notebook).outputs
    assert yaml.safe_load(outputs[PurePosixPath("_nav.yml")]) == [
        {
            "Deep Learning": [
                {"Deep Learning": "deep-learning/index.md"},
                {"Autograd": "deep-learning/autograd.md"},
                {"Tensores": "deep-learning/tensores/index.md"},
            ]
        },
        {"Início": "home.md"},
    ]


def test_front_matter(notebook: Path) -> None:
    outputs = convert_notebook(notebook).outputs
    text = outputs[PurePosixPath("home.md")].decode()
    front = yaml.safe_load(text.split("---\n")[1])
    assert list(front) == ["title", "source_file", "format", "wiki_format", "created"]
    assert front["title"] == "Início"
    assert front["source_file"] == "Home.txt"  # relative: no path of the converting machine


def test_case_insensitive_link(notebook: Path) -> None:
    write_page(notebook, "Home.txt", "Veja [[deep learning:tensores]].\n")
    outputs, warnings, _ = convert_notebook(notebook)
    assert "[deep learning:tensores](deep-learning/tensores/index.md)" in page_body(outputs, "home.md")
    assert not any("Home.txt" in warning for warning in warnings)


def test_write_via_cli_is_deterministic(notebook: Path, tmp_path: Path) -> None:
    assert main(["import", "zim", str(notebook), "--out", str(tmp_path / "a")]) == 0
    assert main(["import", "zim", str(notebook), "--out", str(tmp_path / "b")]) == 0
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert files_a == files_b
    assert len(files_a) == 7  # the six outputs and the import manifest
    for relative in files_a:
        assert (tmp_path / "a" / relative).read_bytes() == (tmp_path / "b" / relative).read_bytes()


def test_folder_without_notebook_zim(tmp_path: Path) -> None:
    with pytest.raises(ConversionError, match=r"not a Zim notebook \(no notebook.zim\)"):
        convert_notebook(tmp_path)


def test_clashing_output_paths(notebook: Path) -> None:
    write_page(notebook, "Café.txt", "x\n")
    write_page(notebook, "Cafe.txt", "y\n")
    with pytest.raises(ConversionFailed) as caught:
        convert_notebook(notebook)
    assert [str(error) for error in caught.value.errors] == [
        f"{notebook / 'Café.txt'}: would be written to cafe.md, like {notebook / 'Cafe.txt'}"
    ]


def test_every_bad_page_is_reported(notebook: Path) -> None:
    write_page(notebook, "Home.txt", "'''\nnunca fecha\n")
    (notebook / "Deep_Learning" / "Autograd.txt").write_bytes(b"ok\n\xff\n")
    with pytest.raises(ConversionFailed) as caught:
        convert_notebook(notebook)
    assert [str(error) for error in caught.value.errors] == [
        f"{notebook / 'Home.txt'}:5: unterminated ''' verbatim block: no closing '''",
        f"{notebook / 'Deep_Learning' / 'Autograd.txt'}:2: invalid UTF-8 (byte 0xff at offset 3)",
    ]
