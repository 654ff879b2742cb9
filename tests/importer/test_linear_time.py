"""Every converter reads any line in linear time (issue "The owner's notebook, safely").

Each adversarial input holds a line of about 100,000 characters built to make a
regular expression backtrack or a loop rescan: a quadratic reading of it takes
minutes (a heading with 3,000 blanks took 55.6 s, a URL before 400,000 ``)``
71.8 s). Each must convert, through the public ``convert`` functions, within
``BUDGET`` seconds, which only a (near) linear reading meets.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.importer.conftest import HEADER
from tocha.importer import markdown, plaintext, zim
from tocha.importer.base import ConversionError, Page

N = 100_000
#: Seconds a 100,000-character line may take: far above a linear reading (< 0.5 s), far below a quadratic one.
BUDGET = 2.0

ZIM_LINES = {
    "heading blanks": "== a" + " " * N + "b",
    "heading closing": "== " + "= " * (N // 2),
    "url then )": "http://x.org/" + ")" * N,
    "url then ;": "http://x.org/" + ";" * N,
    "url then _;": "http://x.org/" + "a_;" * (N // 3),
    "url domain rejected": "www.x." * (N // 6) + "x_",
    "url schemes rejected": "x://a_" * (N // 6),
    "url long word": "a" * N + "://",
    "email then __": "a@b.c" + "_" * N,
    "email @ runs": "a@" * (N // 2),
    "email dots": "a@" + "b." * (N // 2),
    "[[ runs": "[[" * (N // 2),
    "[[ unclosed": "[[a " * (N // 4),
    "link target @ runs": "[[" + "a@" * (N // 2) + "]]",
    "link | runs": "[[" + "|" * N + "]]",
    "** runs": "**" * (N // 2),
    "**a runs": "**a" * (N // 3),
    "// runs": "//" * (N // 2),
    "//a: runs": "//a:" * (N // 4),
    "__ runs": "__" * (N // 2),
    "~~ runs": "~~" * (N // 2),
    "_{ runs": "_{" * (N // 2),
    "^{ runs": "^{" * (N // 2),
    "'' runs": "''" * (N // 2),
    "''' in a line": "a " + "'''" * (N // 3),
    "{{ runs": "{{" * (N // 2),
    "{{id: blanks": "{{id:" + " " * N,
    "image query": "{{./a.png?" + "&a=b" * (N // 4) + "}}",
    "anchors repeated": "{{id: ab}} " * (N // 11),
    "backslashes": "\\" * N,
    "tabs before an item": "\t" * N + "* a",
    "tabs before text": "\t" * N + "a",
    "| table header": "|" * N + "\n|---|",
    "| table cells": "|a" * (N // 2) + "|\n|---|\n" + "|a" * (N // 2) + "|",
    "object attributes": "{{{code: " + "a" * N + "\nx\n}}}",
    "dashes": "-" * N,
    "snippet marker blanks": "--8<--" + " " * N + "x",
    "digits": "1" * N + "x",
    "colons": ":" * N,
    "< runs": "<" * N,
    "&# runs": "&#" * (N // 2),
    "tags": "@a " * (N // 3),
    "file: runs": "file:/" * (N // 6),
}

MARKDOWN_LINES = {
    "heading blanks": "# a" + " " * N + "b",
    "heading braces": "# a" + "{" * N,
    "heading attribute blanks": "# a {" + " " * N + "x",
    "[ runs": "[" * N,
    "[![ runs": "[![" * (N // 3),
    "[![a]( runs": "[![a](" * (N // 6),
    "![ runs": "![" * (N // 2),
    "<img runs": "<img" * (N // 4),
    "< runs": "<" * N,
    "unclosed tags": "<a x " * (N // 5),
    "unclosed quotes": '<a title="' * (N // 10),
    "<!-- runs": "<!--" * (N // 4),
    "backticks": "a" + "`" * N,
    "backtick lengths": "".join("`" * k + " " for k in range(1, 440)),
    "backslashes before backticks": "\\" * N + "`",
    "link targets": "[a](javascript:x)" * (N // 17),
    "link targets unclosed": "](" * (N // 2),
    "link target blanks": "[a](" + " " * N,
    "attribute list blanks": "a {" + " " * N + "x}",
    "{ runs": "a {" * (N // 3),
    "& runs": "&" * N,
    "> runs": ">" * N,
    "blanks": "a" + " " * N + "b",
    "list markers": "- " * (N // 2),
    "tabs": "\t" * N + "x",
    "| runs": "|" * N,
    "autolinks": "<https://x" * (N // 10),
    "tag unclosed": "<a" + "b" * N,
    "angle destinations": "](<" * (N // 3),
    "angle destination unclosed": "[a](<" + "b" * N,
    "fence blanks": "```" + " " * N + "x\ncode\n```",
    "fence options": "```python " + "a=1 " * (N // 4) + "\ncode\n```",
    "many headings": "\n".join(["# a"] * (N // 4)),
}

PLAINTEXT_LINES = {
    "blanks": "a" + " " * N + "b",
    "bullets": "\n\n".join(["• a"] * (N // 5)),
    "wrapped item": "• a\n" + "b\n" * (N // 2),
    "[ runs": "[" * N,
    "backticks": "`" * N,
    "* runs": "*" * N,
    "digits": "1" * N + ".",
    "chrome notes": "(link fora do ibm.com)" * (N // 22),
    "footnote markers": "palavra2 " * (N // 9),
    "| runs": "|" * N,
}


def timed(convert: Callable[[], Page]) -> float:
    start = time.perf_counter()
    try:
        convert()
    except ConversionError:
        pass  # bad input may be refused; what counts is how soon
    return time.perf_counter() - start


@pytest.mark.timeout(60)
@pytest.mark.parametrize("name", sorted(ZIM_LINES))
def test_zim_line_in_linear_time(name: str) -> None:
    text = HEADER + ZIM_LINES[name] + "\n"
    assert timed(lambda: zim.convert(text, Path("x.txt"))) < BUDGET


@pytest.mark.timeout(60)
@pytest.mark.parametrize("name", sorted(MARKDOWN_LINES))
def test_markdown_line_in_linear_time(name: str) -> None:
    text = MARKDOWN_LINES[name] + "\n"
    assert timed(lambda: markdown.convert(text, Path("x.md"), title="T")) < BUDGET


@pytest.mark.timeout(60)
@pytest.mark.parametrize("name", sorted(PLAINTEXT_LINES))
def test_plaintext_line_in_linear_time(name: str) -> None:
    text = "T\n\n" + PLAINTEXT_LINES[name] + "\n"
    assert timed(lambda: plaintext.convert(text, Path("x.txt"))) < BUDGET


def test_the_inputs_are_long() -> None:
    for lines in (ZIM_LINES, MARKDOWN_LINES, PLAINTEXT_LINES):
        for name, text in lines.items():
            # One long line, or (a page of many short lines) a long text.
            assert max(map(len, text.split("\n"))) >= 0.75 * N or len(text) >= 0.75 * N, name
