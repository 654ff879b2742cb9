"""A whole Zim page: header, title, the real source, robustness, errors and warnings."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest

from tocha.importer import zim
from tocha.importer.base import ConversionError

ROOT = Path(__file__).resolve().parents[2]
SOURCE_000 = ROOT / "sources" / "000_81e574fc5bfc50d0.txt"
HEADER = "Content-Type: text/x-zim-wiki\nWiki-Format: zim 0.6\nCreation-Date: 2024-01-18T01:04:14-03:00\n\n"
EXTENSIONS = ["admonition", "pymdownx.superfences", "pymdownx.tasklist", "pymdownx.mark",
              "pymdownx.tilde", "pymdownx.caret", "tables", "attr_list"]


def test_header_goes_to_meta() -> None:
    page = zim.convert(HEADER + "texto\n", Path("Nota.txt"))
    assert page.meta == {"format": "zim", "wiki_format": "zim 0.6", "created": "2024-01-18T01:04:14-03:00"}
    assert page.warnings == []
    assert "Content-Type" not in page.body


def test_title_from_file_name_when_no_heading() -> None:
    page = zim.convert(HEADER + "===== Só h2 =====\n", Path("Foo_Bar.txt"))
    assert page.title == "Foo Bar"
    assert page.body == "# Foo Bar\n\n## Só h2\n"


def test_first_h1_is_the_title() -> None:
    page = zim.convert(HEADER + "texto\n====== Um ======\n====== Dois ======\n", Path("x.txt"))
    assert page.title == "Um"
    assert page.body == "texto\n\n# Um\n\n# Dois\n"


def test_real_source_000() -> None:
    page = zim.convert(SOURCE_000.read_text(encoding="utf-8"), SOURCE_000)
    assert page.title == "PyTorch"
    assert page.meta["created"] == "2024-01-18T01:04:14-03:00"
    assert page.body.startswith("# PyTorch\n\nCriado quinta 18 janeiro 2024\n\n")
    assert "\n# Características Principais do PyTorch:\n" in page.body
    assert "\n## Interface Intuitiva:\n" in page.body
    # Plain lines ending in ':' are not headings: they stay paragraph lines.
    assert "\nFerramentas Integradas:\n" in page.body
    assert "\nAplicações Comuns:  \nPesquisa Acadêmica e Prototipagem:  \n" in page.body
    assert page.warnings == []


def test_crlf_same_as_lf() -> None:
    text = HEADER + "====== T ======\nlinha 1\nlinha 2\n* a\n\t* b\n"
    crlf = zim.convert(text.replace("\n", "\r\n"), Path("x.txt"))
    assert crlf == zim.convert(text, Path("x.txt"))
    assert "\r" not in crlf.body


def test_very_long_line() -> None:
    line = "palavra **negrito** //itálico// https://x.org/a " * 2500
    assert len(line) > 100_000
    page = zim.convert(HEADER + line + "\n", Path("x.txt"))
    assert page.body.count("**negrito**") == 2500
    assert page.body.count("<https://x.org/a>") == 2500


@pytest.mark.timeout(120)  # a hang guard, not a speed target (those live in `make bench`)
@pytest.mark.parametrize("line", ["[[a " * 25_000, "{{a " * 25_000, "_{a " * 25_000, "a." * 50_000])
def test_long_line_of_unclosed_markup_converts(line: str) -> None:
    # Each unclosed opener used to scan to the end of the line (quadratic: minutes).
    page = zim.convert(HEADER + line + "\n", Path("x.txt"))
    assert "](" not in page.body


def test_deep_nesting_50_levels() -> None:
    items = "".join("\t" * level + f"* nível {level}\n" for level in range(50))
    page = zim.convert(HEADER + items, Path("x.txt"))
    assert f"\n{' ' * 4 * 49}- nível 49\n" in page.body


def test_escaped_text_renders_literally() -> None:
    text = "**a a*b_c [x](y) <b>x</b> &amp; ==m== ~s~ ^p^ {: .c } | # 1"
    page = zim.convert(HEADER + text + "\n", Path("x.txt"))
    html = markdown.markdown(page.body, extensions=EXTENSIONS)
    paragraph = re.search(r"<p>(.*)</p>", html).group(1)
    assert paragraph == "**a a*b_c [x](y) &lt;b&gt;x&lt;/b&gt; &amp;amp; ==m== ~s~ ^p^ {: .c } | # 1"


def test_markup_renders() -> None:
    text = "**b** //i// __m__ ~~s~~ H_{2}O x^{2} ''c''\n[*] feito\n"
    html = markdown.markdown(zim.convert(HEADER + text, Path("x.txt")).body, extensions=EXTENSIONS)
    for fragment in ("<strong>b</strong>", "<em>i</em>", "<mark>m</mark>", "<del>s</del>",
                     "H<sub>2</sub>O", "x<sup>2</sup>", "<code>c</code>", "checked"):
        assert fragment in html


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        pytest.param("", 1, "empty file", id="empty"),
        pytest.param("  \n\n", 1, "empty file", id="blank"),
        pytest.param("a\nb\0c", 2, "binary", id="nul"),
        pytest.param(HEADER + "x\n'''\ncode\n", 6, "unterminated ''' verbatim block", id="verbatim"),
        pytest.param(HEADER + '{{{code: lang="python3"\nx\n', 5, "unterminated {{{code object", id="object"),
    ],
)
def test_bad_input_raises_with_line(text: str, line: int, message: str) -> None:
    with pytest.raises(ConversionError) as caught:
        zim.convert(text, Path("nota.txt"))
    assert caught.value.line == line
    assert message in caught.value.message
    assert str(caught.value).startswith(f"nota.txt:{line}: ")


@pytest.mark.parametrize(
    ("header", "line", "warning"),
    [
        pytest.param(
            "Creation-Date: ontem\n", 3, "unknown Creation-Date 'ontem'; the page has no created date", id="date"
        ),
        pytest.param(
            "Wiki-Format: zim 0.7\n", 2, "Wiki-Format 'zim 0.7' is newer than zim 0.6; converted as zim 0.6", id="newer"
        ),
        pytest.param("Wiki-Format: moin\n", 2, "unknown Wiki-Format 'moin'; converted as zim 0.6", id="unknown-format"),
    ],
)
def test_header_warnings(header: str, line: int, warning: str) -> None:
    text = "Content-Type: text/x-zim-wiki\n"
    text += header if "Wiki-Format" in header else "Wiki-Format: zim 0.6\n" + header
    page = zim.convert(text + "\n====== T ======\n", Path("nota.txt"))
    assert page.title == "T"
    assert page.warnings == [f"nota.txt:{line}: warning: {warning}"]


def test_no_created_when_date_unknown() -> None:
    page = zim.convert("Content-Type: text/x-zim-wiki\nCreation-Date: ontem\n\nx\n", Path("n.txt"))
    assert "created" not in page.meta


def test_page_path_scheme() -> None:
    assert str(zim.page_path(("Foo", "Bar"))) == "foo/bar.md"
    assert str(zim.page_path(("Deep Learning", "Funções Úteis"))) == "deep-learning/funcoes-uteis.md"
    assert str(zim.page_path(("Foo",), folder=True)) == "foo/index.md"
    assert str(zim.page_path(("Foo", "Index"))) == "foo/index-page.md"


def test_resolve_link_zim_rules() -> None:
    existing = {("A",), ("A", "B"), ("A", "B", "C"), ("X",), ("X", "Y")}
    folded = {tuple(p.casefold() for p in n): n for n in existing}

    def find(name: tuple[str, ...]) -> tuple[str, ...] | None:
        return folded.get(tuple(p.casefold() for p in name))

    current = ("A", "B", "C")
    assert zim.resolve_link("X:Y", current, find) == ("X", "Y")  # found in the root namespace
    assert zim.resolve_link("b", current, find) == ("A", "B")  # found in A, any case
    assert zim.resolve_link("New", current, find) == ("A", "B", "New")  # sibling when not found
    assert zim.resolve_link(":A", current, find) == ("A",)
    assert zim.resolve_link("+Kid", current, find) == ("A", "B", "C", "Kid")
    assert zim.resolve_link("Under_Score", current, find) == ("A", "B", "Under Score")
    assert zim.resolve_link(":", current, find) is None
