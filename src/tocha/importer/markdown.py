"""Markdown sources (a GitHub README, a library profile card) → site Markdown.

What changes, and why:

* The HTML ``<!-- toc -->`` … ``<!-- tocstop -->`` block is dropped: the
  Material theme builds a table of contents from the headings.
* Headings listed in that table of contents get its anchor as a fixed id
  (``{ #more-about-pytorch }``), so links to the original anchors keep
  working. Entries with no heading (a truncated file) are named in a note at
  the end of the page, and in-page links to them become plain text.
* Remote images become plain links (``[Imagem: alt](https://...)``): the site
  loads nothing from other hosts.
* Fenced ``python`` blocks get ``title="Não executado: código original da
  fonte"``: the project runs every Python block at build time or shows why it
  does not. The code inside a fence is never changed.
* A blank line is put around fences, and before lists, that touch a
  paragraph, so that they render as code blocks and lists (as on GitHub).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tocha.importer.base import ConversionError, Page

NOT_RUN_TITLE = "Não executado: código original da fonte"

_TOC_START = re.compile(r"\s*<!--\s*toc\s*-->\s*")
_TOC_STOP = re.compile(r"\s*<!--\s*tocstop\s*-->\s*")
_TOC_ENTRY = re.compile(r"\[(?P<text>[^\]]+)\]\(#(?P<anchor>[^)\s]+)\)")
_HEADING = re.compile(r"(?P<hashes>#{1,6})[ \t]+(?P<text>.*?)(?:[ \t]+#+)?[ \t]*")
#: A Markdown list item line; ``indent`` is its leading whitespace.
LIST_ITEM = re.compile(r"(?P<indent>[ \t]*)(?:[-*+]|\d{1,9}[.)])[ \t]+\S")
_ATTR_LIST = re.compile(r"\s*\{:?[^}]*\}\s*$")
_FENCE = re.compile(r"(?P<indent>[ \t]*)(?P<marks>`{3,}|~{3,})(?P<info>.*)")
_IMAGE_LINKED = re.compile(r"\[!\[(?P<alt>[^\]]*)\]\([^)]*\)\]\((?P<url>https?://[^)\s]+)\)")
_IMAGE = re.compile(
    r"!\[(?P<alt>[^\]]*)\]\(\s*<?(?P<url>https?://[^)\s>]+)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"
)
_IMAGE_REF = re.compile(r"!\[(?P<alt>[^\]]*)\]\[")
_HTML_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_HTML_ATTR = re.compile(r"""(?P<name>src|alt)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')""", re.IGNORECASE)


@dataclass
class _TocEntry:
    """One line of the dropped table of contents."""

    text: str
    anchor: str
    found: bool = False


def prepare_text(text: str, path: Path) -> str:
    """Check a decoded source text and normalise its line endings.

    Args:
        text: The decoded file content.
        path: The file, for error messages.

    Returns:
        The text with ``\\n`` line endings and no byte-order mark.

    Raises:
        ConversionError: The text is empty, blank, or holds a NUL character
            (a binary file decoded by mistake).
    """
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    nul = text.find("\x00")
    if nul >= 0:
        raise ConversionError(path, text.count("\n", 0, nul) + 1, "binary data (NUL character)")
    if not text.strip():
        raise ConversionError(path, None, "the file is empty")
    return text


def convert(text: str, path: Path, title: str | None = None) -> Page:
    """Convert a Markdown source to the site's Markdown.

    Args:
        text: The decoded file content.
        path: The source file (for error messages and the fallback title).
        title: The title to use when the text has no ``#`` heading; when it is
            ``None`` as well, the first heading or the file name is used.

    Returns:
        The page; its body starts with the ``#`` title heading.

    Raises:
        ConversionError: Empty or binary input, an unclosed table of contents
            or an unclosed code fence (with the line where it opens).
    """
    lines = prepare_text(text, path).split("\n")
    lines, toc = _drop_toc(lines, path)
    lines = _convert_lines(lines, toc, path)
    lines = _unlink_missing(lines, toc)
    page_title, lines = _ensure_title(lines, title, path)
    body = "\n".join(lines).strip("\n") + "\n"
    note = _missing_sections_note(toc)
    if note:
        body += "\n" + note
    return Page(title=page_title, body=squeeze_blank_lines(body), meta={"format": "markdown"})


def _drop_toc(lines: list[str], path: Path) -> tuple[list[str], list[_TocEntry]]:
    """Remove the ``<!-- toc -->`` block, returning its entries in order."""
    for start, line in enumerate(lines):
        if _TOC_START.fullmatch(line):
            break
    else:
        return lines, []
    for stop in range(start + 1, len(lines)):
        if _TOC_STOP.fullmatch(lines[stop]):
            break
    else:
        raise ConversionError(path, start + 1, "<!-- toc --> without <!-- tocstop -->")
    entries = [
        _TocEntry(m["text"].strip(), m["anchor"])
        for line in lines[start + 1 : stop]
        for m in _TOC_ENTRY.finditer(line)
    ]
    return lines[:start] + lines[stop + 1 :], entries


def _convert_lines(lines: list[str], toc: list[_TocEntry], path: Path) -> list[str]:
    """Rewrite headings, images and fences; leave code inside fences alone."""
    out: list[str] = []
    fence: re.Match[str] | None = None
    fence_line = 0
    next_toc = 0  # TOC entries are matched in order, like the original anchors
    for number, line in enumerate(lines, start=1):
        if fence is not None:
            out.append(line)
            if _closes(fence, line):
                fence = None
                out.append("")  # a paragraph right after the fence stays apart
            continue
        opening = _FENCE.fullmatch(line)
        if opening:
            fence, fence_line = opening, number
            if out and out[-1].strip():
                out.append("")  # a fence glued to a paragraph would not render as code
            out.append(_titled_fence(opening))
            continue
        heading = _HEADING.fullmatch(line)
        if heading:
            line, next_toc = _heading_with_id(heading, toc, next_toc)
        else:
            line = _images_to_links(line)
        if LIST_ITEM.match(line) and out and out[-1].strip() and not LIST_ITEM.match(out[-1]):
            if not out[-1].startswith((" ", "\t")):
                out.append("")  # a list glued to a paragraph would render as part of it
        out.append(line)
    if fence is not None:
        raise ConversionError(path, fence_line, "code fence is never closed")
    return out


def _closes(fence: re.Match[str], line: str) -> bool:
    """Tell whether ``line`` closes the fence opened by ``fence``."""
    marks = fence["marks"]
    stripped = line.strip()
    return stripped.startswith(marks[0] * len(marks)) and not stripped.strip(marks[0])


def _titled_fence(opening: re.Match[str]) -> str:
    """Give a ``python`` fence the "not executed" title (project rule)."""
    info = opening["info"].strip()
    language = info.split(" ", 1)[0].lstrip("{.").lower()
    if language not in {"python", "py", "python3"} or "title=" in info:
        return opening.group(0)
    return f'{opening["indent"]}{opening["marks"]}{info} title="{NOT_RUN_TITLE}"'


def _heading_with_id(heading: re.Match[str], toc: list[_TocEntry], next_toc: int) -> tuple[str, int]:
    """Add the matching TOC anchor as a fixed id to a heading."""
    text = heading["text"]
    line = heading.group(0).rstrip()
    if _ATTR_LIST.search(text):
        return line, next_toc  # the heading already carries attributes
    wanted = _normalise(text)
    for index in range(next_toc, len(toc)):
        if _normalise(toc[index].text) == wanted:
            toc[index].found = True
            return f'{heading["hashes"]} {text} {{ #{toc[index].anchor} }}', index + 1
    return line, next_toc


def _normalise(text: str) -> str:
    """Compare heading and TOC texts ignoring case, emphasis and spacing."""
    return " ".join(text.replace("*", "").replace("`", "").casefold().split())


def _images_to_links(line: str) -> str:
    """Turn remote images into text links, so the site loads nothing remote."""
    line = _IMAGE_LINKED.sub(lambda m: _image_link(m["alt"], m["url"]), line)
    line = _IMAGE.sub(lambda m: _image_link(m["alt"], m["url"]), line)
    line = _IMAGE_REF.sub(lambda m: f"[{_image_label(m['alt'])}][", line)
    return _HTML_IMG.sub(_html_image_link, line)


def _image_label(alt: str) -> str:
    """The visible text of a link that replaces an image."""
    return f"Imagem: {alt.strip()}" if alt.strip() else "Imagem"


def _image_link(alt: str, url: str) -> str:
    """A Markdown text link to an image."""
    return f"[{_image_label(alt)}]({url})"


def _html_image_link(match: re.Match[str]) -> str:
    """Replace an HTML ``<img>`` with a remote ``src`` by a text link."""
    attrs = {
        m["name"].lower(): m["dq"] if m["dq"] is not None else m["sq"] for m in _HTML_ATTR.finditer(match.group(0))
    }
    src = attrs.get("src", "")
    if not src.startswith(("http://", "https://")):
        return match.group(0)
    return _image_link(attrs.get("alt", ""), src)


def _unlink_missing(lines: list[str], toc: list[_TocEntry]) -> list[str]:
    """Make in-page links to sections the file lacks plain text."""
    missing = {entry.anchor for entry in toc if not entry.found}
    if not missing:
        return lines

    def unlink(match: re.Match[str]) -> str:
        return match["text"] if match["anchor"] in missing else match.group(0)

    return [_TOC_ENTRY.sub(unlink, line) for line in lines]


def _ensure_title(lines: list[str], title: str | None, path: Path) -> tuple[str, list[str]]:
    """Find the ``#`` title, or put one at the top of the page."""
    first_heading = None
    for line, is_code in zip(lines, code_lines(lines)):
        heading = None if is_code else _HEADING.fullmatch(line)
        if heading:
            text = _ATTR_LIST.sub("", heading["text"]).strip()
            if heading["hashes"] == "#":
                return text, lines
            first_heading = first_heading or text
    page_title = title or first_heading or path.stem
    return page_title, [f"# {page_title}", ""] + lines


def _missing_sections_note(toc: list[_TocEntry]) -> str:
    """Say where a truncated source stops and which listed sections it lacks."""
    missing = [entry.text for entry in toc if not entry.found]
    if not missing:
        return ""
    found = [entry.text for entry in toc if entry.found]
    where = f"depois da seção «{found[-1]}»" if found else "antes da primeira seção do sumário"
    return (
        '!!! note "Fonte incompleta"\n'
        f"    O texto original termina aqui, {where}. O sumário da fonte listava "
        f"também estas seções, que não estão no arquivo: {'; '.join(missing)}.\n"
    )


def code_lines(lines: list[str]) -> list[bool]:
    """Mark the lines that belong to fenced code blocks.

    Args:
        lines: The lines of a Markdown text.

    Returns:
        One flag per line: True for fence lines and the code between them.
    """
    flags: list[bool] = []
    fence: re.Match[str] | None = None
    for line in lines:
        if fence is not None:
            flags.append(True)
            if _closes(fence, line):
                fence = None
            continue
        fence = _FENCE.fullmatch(line)
        flags.append(fence is not None)
    return flags


def squeeze_blank_lines(body: str) -> str:
    """Collapse runs of blank lines outside code blocks into one empty line.

    Args:
        body: Markdown text.

    Returns:
        The text with code blocks untouched.
    """
    lines = body.split("\n")
    out: list[str] = []
    for line, is_code in zip(lines, code_lines(lines)):
        if not is_code and not line.strip():
            if out and not out[-1]:
                continue
            line = ""
        out.append(line)
    return "\n".join(out)


def block_end(lines: list[str], index: int) -> tuple[int, str]:
    """Find the end of the block that holds a line, and the indent of text placed after it.

    The sources importer uses it to put a warning right after the block that
    holds a quote. The blocks are:

    * a fenced code block: up to its closing fence; the indent is the fence's;
    * a list item: up to the line before the next item or the next blank line;
      the indent is the item's content indent (its marker's indent plus four
      spaces), so that text placed after it stays inside the item and the list
      is not cut in two;
    * a heading: the line itself, with no indent;
    * a paragraph or a table: up to the next blank line or code fence; the
      indent is that of line ``index``. A table row is never taken for a list
      item, so text goes after the whole table.

    Args:
        lines: The lines of a Markdown text.
        index: A line of the block (0-based).

    Returns:
        The block's last line (0-based) and the indent for text placed after it.
    """
    is_code = code_lines(lines)
    last = len(lines) - 1
    if is_code[index]:
        end = index
        while end < last and is_code[end + 1] and not _opens_fence(is_code, end + 1):
            end += 1
        start = index
        while start > 0 and is_code[start - 1] and not _opens_fence(is_code, start):
            start -= 1
        return end, _indent(lines[start])
    item = _item_start(lines, is_code, index)
    if item is not None:
        end = index
        while end < last and lines[end + 1].strip() and not is_code[end + 1] and not LIST_ITEM.match(lines[end + 1]):
            end += 1
        marker = LIST_ITEM.match(lines[item])
        return end, (marker["indent"] if marker else "") + "    "
    if _HEADING.match(lines[index]):
        return index, ""
    end = index
    while end < last and lines[end + 1].strip() and not is_code[end + 1]:
        end += 1
    return end, _indent(lines[index])


def _opens_fence(is_code: list[bool], index: int) -> bool:
    """Tell whether a code line opens a fence (the previous line is not code)."""
    return index == 0 or not is_code[index - 1]


def _item_start(lines: list[str], is_code: list[bool], index: int) -> int | None:
    """The line where the list item holding line ``index`` starts, if any."""
    while index >= 0 and lines[index].strip() and not is_code[index]:
        if LIST_ITEM.match(lines[index]):
            return index
        if _HEADING.match(lines[index]) or lines[index].lstrip().startswith("|"):
            return None
        index -= 1
    return None


def _indent(line: str) -> str:
    """The leading whitespace of a line."""
    return line[: len(line) - len(line.lstrip())]
