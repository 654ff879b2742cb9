"""Plain text (copied from a web page or typed) → site Markdown.

The structure is recovered from the layout of the text:

* the first non-blank line is the title (``#``);
* paragraphs are separated by blank lines;
* a heading is a short bare line standing alone (at most ``HEADING_MAX_WORDS``
  words, no final period or comma) followed by more text, e.g. "Tensores" or
  "Key Features of PyTorch:";
* ``•`` lines become ``-`` list items, ``  1. text`` lines become ``1. text``
  (numbers kept), a line that follows an item without a blank line continues it;
* a footnote list at the end ("Notas de rodapé" and ``1 text`` lines) becomes
  Markdown footnotes, and markers glued to words become ``[^1]`` references.

Page chrome is removed only by the rules in :mod:`tocha.importer.chrome_rules`.
Text is escaped so that it renders literally (:func:`escape_markdown`): the
text is untrusted, and no line of it may start a list, a quote, an admonition,
a table or an API page (``::: name``) of the site. The title is made safe as
HTML text (``base.safe_title``).
"""

from __future__ import annotations

import re
from pathlib import Path

from tocha.importer import chrome_rules
from tocha.importer.base import ConversionError, Page, safe_title
from tocha.importer.markdown import AUTODOC_BREAK, prepare_text

HEADING_MAX_WORDS = 10
HEADING_MAX_CHARS = 80

_BULLET = re.compile(r"\s*[•·▪◦‣]\s+(?P<text>\S.*)")
_NUMBERED = re.compile(r"\s*(?P<number>\d{1,3})[.)]\s+(?P<text>\S.*)")
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]{}|])")
# What would start a block: a heading, a quote, a list or a rule, an admonition (!!!).
_LINE_START_SPECIAL = re.compile(r"^(#|>|[-+*!])")
# A definition (": "), an API page of mkdocstrings (":::"), a collapsible block (???), a
# pymdownx block (///): no backslash escape for these signs, a character reference.
_LINE_START_ENTITY = re.compile(r"^(?::(?=[\s:])|\?(?=\?\?)|/(?=//))")
_LINE_START_NUMBER = re.compile(r"^(\d+)([.)])(?=\s)")
_ENTITY = re.compile(r"&(?=#?\w+;)")
# The site enables pymdownx.tilde, .caret and .mark (~sub~, ^sup^, ==mark==);
# their characters are not backslash-escapable, so they become entities.
_ENTITIES = {"~": "&#126;", "^": "&#94;", "==": "&#61;&#61;"}


def escape_markdown(text: str) -> str:
    """Escape the characters that Markdown would read as markup.

    Args:
        text: One line of plain text.

    Returns:
        The line, rendering literally: ``\\`` ``*`` ``_`` `````
        ``[`` ``]`` ``{`` ``}`` ``|`` are backslash-escaped; ``<``, ``&`` before an
        entity name, ``~``, ``^`` and ``==`` become entities; a line start that
        would open a heading, quote, list, rule, admonition, definition,
        collapsible block or API page is escaped.
    """
    text = _ENTITY.sub("&amp;", text)
    text = _INLINE_SPECIAL.sub(r"\\\1", text).replace("<", "&lt;")
    for char, entity in _ENTITIES.items():
        text = text.replace(char, entity)
    if re.fullmatch(r"=+\s*", text):  # a lone "=" line would underline a heading
        text = text.replace("=", "&#61;")
    text = _LINE_START_SPECIAL.sub(r"\\\1", text)
    if text.startswith(":::"):  # an API page of mkdocstrings: an empty element before it
        return AUTODOC_BREAK + text
    text = _LINE_START_ENTITY.sub(lambda match: f"&#{ord(match.group())};", text)
    return _LINE_START_NUMBER.sub(r"\1\\\2", text)


def convert(text: str, path: Path) -> Page:
    """Convert a plain-text source to the site's Markdown.

    Args:
        text: The decoded file content.
        path: The source file, for error messages.

    Returns:
        The page; its body starts with the ``#`` title heading.

    Raises:
        ConversionError: Empty or binary input.
    """
    lines = [line.rstrip() for line in prepare_text(text, path).split("\n")]
    start = next(i for i, line in enumerate(lines) if line.strip())
    title = " ".join(lines[start].split())
    rest, notes = split_footnotes(lines[start + 1 :])
    rest = strip_chrome(rest)
    blocks = [_render_block(block, notes) for block in _paragraphs(rest)]
    blocks = _merge_lists(_mark_headings(blocks))
    parts = [f"# {escape_markdown(title)}"] + [text for _, text in blocks]
    if notes:
        parts.append("\n".join(f"[^{number}]: {note}" for number, note in notes.items()))
    return Page(title=safe_title(title), body="\n\n".join(parts) + "\n", meta={"format": "plaintext"})


def split_footnotes(lines: list[str]) -> tuple[list[str], dict[str, str]]:
    """Set aside the footnote list at the end of a text.

    Args:
        lines: The lines after the title.

    Returns:
        The lines before the footnote list, and the notes by number (text
        cleaned by the inline chrome rules and escaped). Without a footnote
        list, the lines unchanged and an empty dict.
    """
    for index in range(len(lines) - 1, -1, -1):
        if not chrome_rules.FOOTNOTES_HEADING.fullmatch(lines[index].strip()):
            continue
        after = [line.strip() for line in lines[index + 1 :] if line.strip()]
        matches = [chrome_rules.FOOTNOTE_LINE.fullmatch(line) for line in after]
        if after and all(matches):
            notes = {m[1]: escape_markdown(_clean_inline(m[2])) for m in matches if m}
            return lines[:index], notes
        break  # the last such heading is not a footnote list
    return lines, {}


def strip_chrome(lines: list[str]) -> list[str]:
    """Drop the lines that a rule of :data:`chrome_rules.LINE_RULES` matches.

    Args:
        lines: The text's lines (blank lines included).

    Returns:
        The lines that are content.
    """
    kept: list[str] = []
    index = 0
    while index < len(lines):
        rule = next((r for r in chrome_rules.LINE_RULES if r.matches(lines[index])), None)
        if rule is None:
            kept.append(lines[index])
            index += 1
        elif rule.scope == "rest":
            break
        elif rule.scope == "block":
            index = _skip_next_paragraph(lines, index + 1)
        else:
            index += 1
    return kept


def _skip_next_paragraph(lines: list[str], index: int) -> int:
    """Return the index after the paragraph that starts at or after ``index``."""
    while index < len(lines) and not lines[index].strip():
        index += 1
    while index < len(lines) and lines[index].strip():
        index += 1
    return index


def _clean_inline(text: str) -> str:
    """Apply the inline chrome rules and tidy the spacing they leave."""
    # One space between words first: a rule's "\s*" would rescan a long run of blanks from each blank.
    text = " ".join(text.split())
    for rule in chrome_rules.INLINE_RULES:
        text = rule.apply(text)
    return " ".join(text.split())


def _paragraphs(lines: list[str]) -> list[list[str]]:
    """Group non-blank lines separated by blank lines."""
    groups: list[list[str]] = []
    current: list[str] = []
    for line in lines + [""]:
        if line.strip():
            current.append(line)
        elif current:
            groups.append(current)
            current = []
    return groups


def _render_block(block: list[str], notes: dict[str, str]) -> tuple[str, str]:
    """Render one group of lines as list items or a paragraph.

    Returns:
        The block kind (``"list"`` or ``"text"``) and its Markdown.
    """
    items: list[list[str]] = []  # each item's parts: joined once (not a string grown line by line)
    prose: list[str] = []
    for line in block:
        bullet, numbered = _BULLET.fullmatch(line), _NUMBERED.fullmatch(line)
        if bullet:
            items.append(["- " + _inline(bullet["text"], notes)])
        elif numbered and not prose:
            items.append([f"{numbered['number']}. " + _inline(numbered["text"], notes)])
        elif items:
            items[-1].append(_inline(line, notes))  # a wrapped line continues its item
        else:
            prose.append(_inline(line, notes))
    listed = "\n".join(" ".join(item) for item in items)
    if prose and items:
        # a list glued to a paragraph would render as part of it
        return "text", "\n".join(prose) + "\n\n" + listed
    if prose:
        return "text", "\n".join(prose)
    return "list", listed


def _inline(text: str, notes: dict[str, str]) -> str:
    """Clean, escape and link footnote markers in one line of text."""
    text = escape_markdown(_clean_inline(text))
    for rule in chrome_rules.FOOTNOTE_RULES if notes else []:
        text = rule.apply(text, accept=set(notes))
    return text


def _mark_headings(blocks: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Turn short bare one-line paragraphs followed by text into ``##`` headings."""
    out: list[tuple[str, str]] = []
    for index, (kind, text) in enumerate(blocks):
        followed = index + 1 < len(blocks)
        if kind == "text" and followed and _looks_like_heading(text):
            out.append(("heading", "## " + text))
        else:
            out.append((kind, text))
    return out


def _merge_lists(blocks: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Join list items that the source separated by blank lines into one list."""
    merged: list[tuple[str, list[str]]] = []  # each list's parts: joined once at the end
    for kind, text in blocks:
        if kind == "list" and merged and merged[-1][0] == "list" and _bulleted(merged[-1][1][0]) == _bulleted(text):
            merged[-1][1].append(text)
        else:
            merged.append((kind, [text]))
    return [(kind, "\n".join(parts)) for kind, parts in merged]


def _bulleted(items: str) -> bool:
    """Tell a ``-`` list from a numbered one (they are never merged)."""
    return items.startswith("- ")


def _looks_like_heading(text: str) -> bool:
    """A short single line with no sentence-ending period or comma."""
    return (
        "\n" not in text
        and len(text.split()) <= HEADING_MAX_WORDS
        and len(text) <= HEADING_MAX_CHARS
        and not text.endswith((".", ",", ";", "!"))
    )
