"""The files a page offers beside it, their names, the Colab address and the download bar."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tocha.site.downloads import (
    DownloadPlace,
    PageDownloads,
    colab_url,
    download_names,
    github_repository,
    insert_after_title,
    notebook_name,
    without_section_markers,
    write_downloads,
)
from tocha.site.labels import LABELS


def test_the_py_file_is_the_snippet_without_its_section_markers() -> None:
    source = (
        "# --8<-- [start:dados]\nimport torch\n# --8<-- [end:dados]\n\n"
        "# --8<-- [start:uso]\nprint(torch.ones(1))  # -8<- não é marcador aqui\n"
        "# ;--8<-- [start:escapado]\n# --8<-- [end:uso]\n"
    )
    assert without_section_markers(source) == (
        "import torch\n\nprint(torch.ones(1))  # -8<- não é marcador aqui\n# ;--8<-- [start:escapado]\n"
    )


def test_files_keep_their_names_unless_two_clash(tmp_path: Path) -> None:
    base = tmp_path / "snippets"
    a, b, c = base / "guides" / "a" / "train.py", base / "guides" / "b" / "train.py", base / "x" / "other.py"
    assert download_names([a, c], [base]) == {a: "train.py", c: "other.py"}
    assert download_names([a, b, c], [base]) == {a: "guides-a-train.py", b: "guides-b-train.py", c: "other.py"}


def test_the_notebook_is_named_after_its_page() -> None:
    assert notebook_name("guias/rede-neural-simples/index.html") == "rede-neural-simples.ipynb"
    assert notebook_name("en/guias/gan/index.html") == "gan.ipynb"
    assert notebook_name("index.html") == "index.ipynb"
    assert notebook_name("guias/gan.html") == "gan.ipynb"


def test_the_colab_address_opens_the_published_notebook_from_github() -> None:
    repo = "https://github.com/tocha-wiki/tocha"
    assert colab_url(repo, "notebooks", "en/guias/gan/gan.ipynb") == (
        "https://colab.research.google.com/github/tocha-wiki/tocha/blob/notebooks/en/guias/gan/gan.ipynb"
    )
    assert github_repository("https://github.com/tocha-wiki/tocha.git/") == ("tocha-wiki", "tocha")
    assert colab_url("https://gitlab.com/a/b", "notebooks", "x.ipynb") is None
    assert colab_url(None, "notebooks", "x.ipynb") is None
    assert colab_url("https://github.com/only-owner", "notebooks", "x.ipynb") is None


def test_the_download_bar_in_each_edition() -> None:
    one = PageDownloads("gan.ipynb", ("gan.py",), "https://colab.research.google.com/github/o/r/blob/notebooks/gan/gan.ipynb")
    assert one.bar_html(LABELS["pt-BR"]) == (
        '<p class="tocha-downloads" data-search-exclude><span class="tocha-downloads-label">Baixar:</span> '
        '<a class="tocha-download-notebook" href="gan.ipynb" download>notebook (.ipynb)</a> · '
        '<a class="tocha-download-code" href="gan.py" download title="Código do exemplo: gan.py">código (.py)</a> · '
        '<a class="tocha-colab" href="https://colab.research.google.com/github/o/r/blob/notebooks/gan/gan.ipynb">Abrir no Colab</a></p>'
    )
    several = PageDownloads("t.ipynb", ("a.py", "b.py"), None)
    assert several.bar_html(LABELS["en"]) == (
        '<p class="tocha-downloads" data-search-exclude><span class="tocha-downloads-label">Download:</span> '
        '<a class="tocha-download-notebook" href="t.ipynb" download>notebook (.ipynb)</a> · code (.py): '
        '<a class="tocha-download-code" href="a.py" download title="The example&#x27;s code: a.py">a.py</a>, '
        '<a class="tocha-download-code" href="b.py" download title="The example&#x27;s code: b.py">b.py</a></p>'
    )


def test_the_bar_goes_right_under_the_title() -> None:
    assert insert_after_title("<h1>T</h1>\n<p>x</p>", "<p>bar</p>") == "<h1>T</h1>\n<p>bar</p>\n<p>x</p>"
    assert insert_after_title("<p>x</p>", "<p>bar</p>") == "<p>bar</p><p>x</p>"


def test_a_page_s_files_are_written_beside_it_and_a_machine_path_in_them_is_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    bases = [tmp_path / "snippets"]
    (bases[0] / "concepts").mkdir(parents=True)
    snippet = bases[0] / "concepts" / "soma.py"
    snippet.write_text(f"# --8<-- [start:a]\nprint(1)\n# --8<-- [end:a]\nopen('{tmp_path}/dados.csv')\n", encoding="utf-8")
    site = tmp_path / "site"
    place = DownloadPlace(site / "conceitos" / "soma", site, bases, "https://github.com/dono/tocha", "notebooks", [str(tmp_path)])
    with caplog.at_level(logging.WARNING, logger="tocha.site.downloads"):
        downloads = write_downloads("conceitos/soma.md", [snippet], "soma.ipynb", '{"cells": []}', place)
    assert downloads == PageDownloads(
        "soma.ipynb",
        ("soma.py",),
        "https://colab.research.google.com/github/dono/tocha/blob/notebooks/conceitos/soma/soma.ipynb",
    )
    assert (place.folder / "soma.py").read_text(encoding="utf-8") == f"print(1)\nopen('{tmp_path}/dados.csv')\n"
    assert (place.folder / "soma.ipynb").read_text(encoding="utf-8") == '{"cells": []}'
    assert [record.getMessage() for record in caplog.records] == [
        f"tocha: conceitos/soma.md: soma.py contains a path of the build machine ({tmp_path}): a reader's copy cannot use it"
    ]
