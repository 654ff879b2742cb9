"""Tests of the Markdown converter (the README translation, the library card)."""

from __future__ import annotations

import re
from pathlib import Path

import markdown as md
import pytest

from tocha.importer.base import ConversionError
from tocha.importer.markdown import NOT_RUN_TITLE, block_end, code_lines, convert

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "sources" / "001_7bdf0ced8d32fbf8.txt"
CARD = ROOT / "sources" / "003_54b2f311b00647a8.txt"
P = Path("x.md")

SMALL = """\
intro

<!-- toc -->

- [first part](#first-part)
    - [sub part](#sub-part)
- [lost part](#lost-part)

<!-- tocstop -->

## first part

see [the lost part](#lost-part) and [sub](#sub-part)

### sub part

![a chart](https://example.com/chart.png)
"""


def test_toc_block_is_removed_and_headings_kept() -> None:
    body = convert(SMALL, P, title="T").body
    assert "<!-- toc" not in body and "tocstop" not in body
    assert "- [first part]" not in body
    assert "## first part" in body and "### sub part" in body


def test_headings_get_the_toc_anchor_as_fixed_id() -> None:
    body = convert(SMALL, P, title="T").body
    assert "## first part { #first-part }" in body
    assert "### sub part { #sub-part }" in body


def test_links_to_missing_sections_become_text_and_a_note_says_where_the_source_stops() -> None:
    body = convert(SMALL, P, title="T").body
    assert "see the lost part and [sub](#sub-part)" in body
    assert '!!! note "Fonte incompleta"' in body
    assert "depois da seção «sub part»" in body and "lost part" in body.split("Fonte incompleta")[1]


def test_toc_entries_match_headings_in_order_only() -> None:
    text = "<!-- toc -->\n- [b](#bee)\n- [a](#ay)\n<!-- tocstop -->\n\n## a\n\n## b\n"
    body = convert(text, P, title="T").body
    # "a" comes before "b" in the text but after it in the TOC: only one can match in order
    assert "## a { #ay }" in body and "## b\n" in body


def test_remote_images_become_text_links() -> None:
    text = (
        "# T\n\n![logo](https://x.org/l.png)\n\n"
        '[![badge](https://x.org/b.svg)](https://x.org/ci)\n\n<img src="https://x.org/i.png" alt="pic">\n'
    )
    body = convert(text, P).body
    assert not re.search(r"!\[[^\]]*\]\(https?://", body)
    assert "<img" not in body
    assert "[Imagem: logo](https://x.org/l.png)" in body
    assert "[Imagem: badge](https://x.org/ci)" in body
    assert "[Imagem: pic](https://x.org/i.png)" in body
    assert "<img" not in md.markdown(body)


def test_other_links_are_kept() -> None:
    body = convert("# T\n\nsee [docs](https://pytorch.org/docs)\n", P).body
    assert "[docs](https://pytorch.org/docs)" in body


def test_title_is_the_first_h1_else_the_given_title() -> None:
    assert convert("# Card\n\ntext\n", P, title="Other").title == "Card"
    page = convert("text\n", P, title="Given")
    assert page.title == "Given" and page.body.startswith("# Given\n")
    assert convert("## sub\n\ntext\n", P).title == "sub"


def test_python_fences_get_the_not_run_title_and_code_is_unchanged() -> None:
    code = "x = 1  \n\n    y = [x]\n"
    text = f"# T\n\n**Solução:** faça\n```python\n{code}```\n\n```bash\npip install torch\n```\n"
    body = convert(text, P).body
    assert f'```python title="{NOT_RUN_TITLE}"\n{code}```' in body
    assert "```bash\n" in body  # only Python blocks carry the title
    assert "**Solução:** faça\n\n```python" in body  # the fence is no longer glued to the paragraph


def test_images_inside_code_are_left_alone() -> None:
    text = "# T\n\n```text\n![x](https://x.org/a.png)\n```\n"
    assert "![x](https://x.org/a.png)" in convert(text, P).body


def test_list_glued_to_paragraph_gets_a_blank_line() -> None:
    body = convert("# T\n\nintro:\n- a\n- b\n", P).body
    assert "intro:\n\n- a\n- b" in body
    assert "<li>a</li>" in md.markdown(body)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("", None, "empty"),
        ("  \n\n", None, "empty"),
        ("# T\n\nab\x00cd\n", 3, "NUL"),
        ("# T\n<!-- toc -->\n- [a](#a)\n", 2, "tocstop"),
        ("# T\n\n```python\nx = 1\n", 3, "never closed"),
    ],
)
def test_bad_input_raises_conversion_error_with_line(text: str, line: int | None, message: str) -> None:
    with pytest.raises(ConversionError) as error:
        convert(text, P)
    assert error.value.line == line and message in error.value.message


def test_code_lines_marks_fences_and_their_content() -> None:
    lines = ["a", "```", "x", "", "```", "b"]
    assert code_lines(lines) == [False, True, True, True, True, False]


BLOCKS = """\
# Title

para one
para two

- item one
  more of one
- item two
    - nested

| a | b |
| - | - |
| 1 | 2 |

    ```python
    x = 1

    y = 2
    ```
after""".split("\n")


@pytest.mark.parametrize(
    ("line", "end", "indent"),
    [
        pytest.param("# Title", "# Title", "", id="heading"),
        pytest.param("para one", "para two", "", id="paragraph"),
        pytest.param("  more of one", "  more of one", "    ", id="list-item-continuation"),
        pytest.param("- item one", "  more of one", "    ", id="list-item"),
        pytest.param("    - nested", "    - nested", "        ", id="nested-item"),
        pytest.param("| a | b |", "| 1 | 2 |", "", id="table"),
        pytest.param("    y = 2", "    ```", "    ", id="code"),
        pytest.param("    ```python", "    ```", "    ", id="fence"),
    ],
)
def test_block_end(line: str, end: str, indent: str) -> None:
    found, found_indent = block_end(BLOCKS, BLOCKS.index(line))
    assert (BLOCKS[found], found_indent) == (end, indent)


def test_real_readme_translation() -> None:
    page = convert(README.read_text(encoding="utf-8"), README, title="README do PyTorch (tradução)")
    body = page.body
    assert page.title == "README do PyTorch (tradução)"
    assert "<!-- toc -->" not in body
    for anchor in ("more-about-pytorch", "a-gpu-ready-tensor-library", "dynamic-neural-networks-tape-based-autograd"):
        assert f"{{ #{anchor} }}" in body
    assert "](#" not in body  # no link left to a section the file lacks
    assert not re.search(r"!\[[^\]]*\]\(https?://", body)
    assert body.count("[Imagem: ") == 3
    assert "«redes neurais dinâmicas: autogradação baseada em fita»" in body
    assert "python primeiro" in body and "licença" in body


def test_real_library_card_keeps_every_code_line() -> None:
    original = CARD.read_text(encoding="utf-8")
    body = convert(original, CARD).body
    fences = original.count("```python")
    assert fences > 10 and body.count(f'```python title="{NOT_RUN_TITLE}"') == fences
    kept = [line for line in body.split("\n")]
    for line in original.split("\n"):
        if line != "```python":
            assert line in kept
