r"""Markdown sources (a GitHub README, a library profile card) → site Markdown.

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

The text is untrusted: nothing in it may run code on the site or at build.

* **Fences** keep only their language (``[\w#+.-]``) and, for Python, the
  title above: an ``exec="on"`` (the site runs such blocks), ``{ .python
  onclick=... }`` or any other option is dropped, in a quote too. The code of
  a fence the site's superfences reads as one (:func:`trusted_code`) is
  kept as it is; everything else is text to sanitise.
* **Raw HTML** outside those fences goes through ``nh3`` (the Rust *ammonia*
  sanitiser) with :data:`ALLOWED_TAGS`, :data:`ALLOWED_ATTRIBUTES` and the
  schemes of ``base.ALLOWED_URL_SCHEMES``: any other tag is removed (the
  content of ``script``, ``style`` and :data:`DROPPED_CONTENT` with it), and
  so are other attributes, ``on*`` handlers among them, comments, and a link
  or image URL of another scheme. Each line that loses something gets a
  warning naming file and line.
* **Code spans** that hold ``< > & [ ] { }`` become ``<code>`` elements with
  every sign a character reference: they show the same, and nothing in them
  can turn into markup wherever the site's Markdown reads them.
* **Link and image targets** (``[x](url)``, ``![x](url)``, ``[id]: url``)
  are read as a browser reads them (``base.url_scheme``): one of another
  scheme than ``base.ALLOWED_URL_SCHEMES`` stays visible as text, with a
  warning. Autolinks (``<https://...>``) are kept as links.
* **Attribute lists** (``{ #id .class key="value" }``) keep ``#id``,
  ``.class`` and the keys of :data:`ALLOWED_LIST_ATTRIBUTES`.
* **Lines that call the site's machinery**: ``::: module`` (an API page of
  mkdocstrings), after any quote, list or heading marker, gets an empty
  ``<span></span>`` before it, and ``--8<--`` (pymdownx.snippets, in code
  too) a ``;``: both show as written.
"""

from __future__ import annotations

import bisect
import html
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import markdown
import nh3
from markdown.preprocessors import NormalizeWhitespace
from pymdownx.superfences import SuperFencesCodeExtension

from tocha.importer.base import ALLOWED_URL_SCHEMES, ConversionError, Page, safe_title, url_allowed, url_warning

NOT_RUN_TITLE = "Não executado: código original da fonte"

ALLOWED_TAGS = frozenset(
    {
        *(f"h{level}" for level in range(1, 7)),
        "p", "br", "hr", "blockquote", "div", "span",
        "a", "img", "figure", "figcaption",
        "ul", "ol", "li", "dl", "dt", "dd",
        "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
        "pre", "code", "kbd", "samp", "var",
        "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small", "q", "cite", "abbr",
        "sub", "sup", "details", "summary",
    }
)  # fmt: skip
"""The HTML tags a source may keep: what a wiki note needs, nothing that loads or runs anything."""

ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "title"}),
    "img": frozenset({"src", "alt", "title", "width", "height"}),
    "abbr": frozenset({"title"}),
    "ol": frozenset({"start"}),
    "details": frozenset({"open"}),
    "th": frozenset({"colspan", "rowspan", "align"}),
    "td": frozenset({"colspan", "rowspan", "align"}),
}
"""The attributes each tag may keep (``href`` and ``src`` only with an allowed scheme)."""

DROPPED_CONTENT = frozenset(
    {"script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math", "textarea", "select"}
)
"""Tags removed together with their content (not as text left behind)."""

AUTODOC_BREAK = "<span></span>"
"""Written before a line's ``:::``: mkdocstrings no longer reads an API page there, and the page shows ``:::``."""

ALLOWED_LIST_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "alt", "width", "height"})
"""The keys an attribute list (``attr_list``) may set; ``onclick``, ``href``, ``style``... are dropped."""

_TOC_START = re.compile(r"\s*<!--\s*toc\s*-->\s*")
_TOC_STOP = re.compile(r"\s*<!--\s*tocstop\s*-->\s*")
# No "[" in the text: a run of "[" is then tried once, not rescanned from each one.
_TOC_ENTRY = re.compile(r"\[(?P<text>[^\[\]]+)\]\(#(?P<anchor>[^)\s]+)\)")
_TOC_ANCHOR = re.compile(r"[\w.:-]+")
# A heading's start; its text is cut without a regex (see _read_heading): "(.*?)(?:[ \t]+#+)?[ \t]*"
# backtracks through every blank of a long line.
_HEADING_START = re.compile(r"(?P<hashes>#{1,6})[ \t]+")
#: A Markdown list item line; ``indent`` is its leading whitespace.
LIST_ITEM = re.compile(r"(?P<indent>[ \t]*)(?:[-*+]|\d{1,9}[.)])[ \t]+\S")
_FENCE = re.compile(r"(?P<indent>[ \t]*)(?P<marks>`{3,}|~{3,})(?P<info>.*)")
# A fence opener anywhere superfences looks for one: after blanks and quote marks.
_FENCE_ANYWHERE = re.compile(r"(?P<indent>[ \t>]*)(?P<marks>`{3,}|~{3,})(?P<info>.*)")
_LANGUAGE_SIGNS = re.compile(r"[^\w#+.-]")
# The options a fence keeps from its source: the lines it highlights and its line numbers, written
# only with digits, blanks and dashes (nothing else of a note reaches the page's attributes).
_KEPT_OPTION = r'(hl_lines|linenums)="([0-9][0-9 -]{0,199})"'
_KEPT_FENCE_OPTION = re.compile(rf"\b{_KEPT_OPTION}")
_KEPT_OPTIONS = rf"(?: {_KEPT_OPTION})"
# A fence's options as the importer writes them: a language alone, or the "not executed" title of
# a Python block; after a language, the kept options.
_BARE_FENCE_INFO = re.compile(
    rf'[\w#+.-]*|[\w#+.-]+{_KEPT_OPTIONS}+|python title="{NOT_RUN_TITLE}"{_KEPT_OPTIONS}*'
)
# "[" and "(" stay out of the alt text and inner target: a long run of "[![" is tried once per opener.
_IMAGE_LINKED = re.compile(r"\[!\[(?P<alt>[^\[\]]*)\]\([^()]*\)\]\((?P<url>https?://[^)\s]+)\)")
_IMAGE = re.compile(
    r"!\[(?P<alt>[^\[\]]*)\]\(\s*<?(?P<url>https?://[^)\s>]+)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"
)
_IMAGE_REF = re.compile(r"!\[(?P<alt>[^\[\]]*)\]\[")
_HTML_IMG = re.compile(r"<img\b[^<>]*>", re.IGNORECASE)
_HTML_ATTR = re.compile(r"""(?P<name>src|alt)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')""", re.IGNORECASE)

# A line pymdownx.snippets would take for an include: ";" before it makes it literal text.
_SNIPPET_MARKER = re.compile(
    r"""^([ \t]*)(;*(?:-+8<-+[ \t]+(?:"(?:\\"|[^"\n])+?"|'(?:\\'|[^'\n])+?')|-+8<-+))$""", re.MULTILINE
)
# mkdocstrings' "::: name" (also after "#"s), wherever a block can start: after quote and list markers.
_AUTODOC = re.compile(r"([ \t>]*(?:(?:[-*+]|\d+[.)])[ \t]+(?:\[[ xX]\][ \t]+)?)*(?:#{1,6}[ \t]*)?):::")

# Untrusted text: placeholders (private-use signs, taken out of the input first).
_OPEN, _CLOSE = "\ue000", "\ue001"
_PLACEHOLDER = re.compile(f"{_OPEN}(\\d+){_CLOSE}")
_BACKTICKS = re.compile(r"(?<!\\)\\*`+")
_INERT_CODE = re.compile(r"[^<>&\[\]{}\n]*")
_CODE_SPAN_IN_LINE = re.compile(r"(?<!`)(`+)(?!`)[^`]+(?<!`)\1(?!`)")
_AUTOLINK = re.compile(r"<(?:https?://[^\s<>\"'`]*|(?:mailto:)?[^\s<>\"'`@!]+@[^\s<>\"'`@]+)>", re.IGNORECASE)
_COMPLETE_REFERENCE = re.compile(r"&(?!#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")
# nh3's output: a tag's attribute values are in double quotes, "<" is escaped in its text.
_OUTPUT_TAG = re.compile(r'<[^<>"]*(?:"[^"]*"[^<>"]*)*>')
# A raw HTML tag of the input, for the warnings (what nh3 removes); quoted values hold no "<" or ">".
# Possessive: the name and the attributes cannot trade characters ("<bbb…" without ">" is one attempt).
_INPUT_TAG = re.compile(r"""<(/?)([A-Za-z][A-Za-z0-9-]*+)((?:[^<>"']|"[^"<>]*"|'[^'<>]*')*+)>""")
_INPUT_ATTRIBUTE = re.compile(r"""([^\s"'<>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'<>=`]+))?""")
_LINK_TARGET = re.compile(r"\]\([ \t]*")
# "](<destination>)": no "<", ">" or line break inside, as CommonMark reads it.
_ANGLE_DESTINATION = re.compile(r"\]\(<[^<>\n]*>")
_REFERENCE = re.compile(r"(?P<head>[ \t>]*\[)(?:[^\[\]\\]|\\.)*\]:[ \t]*(?P<target><[^<>\n]*>|\S*)")
_ATTRIBUTE_LIST = re.compile(r"\{:?(?P<body>[^{}\n]*)\}")
_LIST_TOKEN = re.compile(r"""(?P<key>[^\s=#.{}"']+)=(?P<value>"[^"]*"|'[^']*'|[^\s{}"']*)|[#.][^\s{}]*|[^\s{}]+""")


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
        The page; its body starts with the ``#`` title heading; its title is
        safe as HTML text (``base.safe_title``); its warnings name each line
        whose HTML, link or attribute was taken out.

    Raises:
        ConversionError: Empty or binary input, an unclosed table of contents
            or an unclosed code fence (with the line where it opens).
    """
    lines = prepare_text(text, path).split("\n")
    numbers = list(range(1, len(lines) + 1))
    lines, numbers, toc = _drop_toc(lines, numbers, path)
    warnings: list[tuple[int, str]] = []
    lines, numbers = _convert_lines(lines, numbers, toc, path, warnings)
    lines = _unlink_missing(lines, toc)
    lines = sanitize_lines(lines, numbers, warnings)
    page_title, lines = _ensure_title(lines, title, path)
    body = "\n".join(lines).strip("\n") + "\n"
    note = _missing_sections_note(toc)
    if note:
        body += "\n" + note
    return Page(
        title=safe_title(page_title),
        body=squeeze_blank_lines(body),
        meta={"format": "markdown"},
        warnings=[f"{path}:{line}: warning: {message}" for line, message in sorted(warnings, key=lambda w: w[0])],
    )


def escape_snippet_markers(text: str) -> str:
    """Escape every line pymdownx.snippets would take for an include, code lines included.

    Snippets reads the page before any other extension (inside code blocks
    too): a ``;`` before the marker makes it show as written.

    Args:
        text: Markdown text.

    Returns:
        The text, each ``--8<--`` line prefixed with ``;``.
    """
    return _SNIPPET_MARKER.sub(r"\1;\2", text)


def escape_autodoc_lines(lines: list[str], is_code: list[bool]) -> list[str]:
    """Escape the ``::: name`` lines of mkdocstrings (an API page, rendered at build) outside code.

    Args:
        lines: Markdown lines.
        is_code: One flag per line (see :func:`code_lines`): code lines are left alone.

    Returns:
        The lines, :data:`AUTODOC_BREAK` before ``:::`` wherever a block could
        start with it (after quote, list and heading markers).
    """
    out = []
    for line, code in zip(lines, is_code, strict=True):
        found = None if code or ":::" not in line else _AUTODOC.match(line)
        out.append(line if found is None else f"{line[: found.end(1)]}{AUTODOC_BREAK}{line[found.end(1) :]}")
    return out


def _drop_toc(
    lines: list[str], numbers: list[int], path: Path
) -> tuple[list[str], list[int], list[_TocEntry]]:
    """Remove the ``<!-- toc -->`` block, returning its entries in order."""
    for start, line in enumerate(lines):
        if _TOC_START.fullmatch(line):
            break
    else:
        return lines, numbers, []
    for stop in range(start + 1, len(lines)):
        if _TOC_STOP.fullmatch(lines[stop]):
            break
    else:
        raise ConversionError(path, numbers[start], "<!-- toc --> without <!-- tocstop -->")
    entries = [
        _TocEntry(m["text"].strip(), m["anchor"])
        for line in lines[start + 1 : stop]
        for m in _TOC_ENTRY.finditer(line)
    ]
    return lines[:start] + lines[stop + 1 :], numbers[:start] + numbers[stop + 1 :], entries


def _convert_lines(
    lines: list[str], numbers: list[int], toc: list[_TocEntry], path: Path, warnings: list[tuple[int, str]]
) -> tuple[list[str], list[int]]:
    """Rewrite headings, images and fences; leave code inside fences alone.

    Returns the lines and, for each, the number of the input line it comes from.
    """
    out: list[str] = []
    where: list[int] = []
    fence: re.Match[str] | None = None
    fence_line = 0
    toc_index = _TocIndex(toc)
    for number, line in zip(numbers, lines, strict=True):
        if fence is not None:
            out.append(line)
            where.append(number)
            if _closes(fence, line):
                fence = None
                out.append("")  # a paragraph right after the fence stays apart
                where.append(number)
            continue
        opening = _FENCE.fullmatch(line)
        if opening:
            fence, fence_line = opening, number
            if out and out[-1].strip():
                out.append("")  # a fence glued to a paragraph would not render as code
                where.append(number)
            out.append(_titled_fence(opening))
            where.append(number)
            info = opening["info"].strip()
            if not _BARE_FENCE_INFO.fullmatch(info) and not re.fullmatch(r"\{?\.?[\w#+.-]*\}?", info):
                warnings.append((number, _options_warning(info)))
            continue
        heading = _read_heading(line)
        if heading:
            line = _heading_with_id(heading, toc_index)
        else:
            line = _images_to_links(line)
        if LIST_ITEM.match(line) and out and out[-1].strip() and not LIST_ITEM.match(out[-1]):
            if not out[-1].startswith((" ", "\t")):
                out.append("")  # a list glued to a paragraph would render as part of it
                where.append(number)
        out.append(line)
        where.append(number)
    if fence is not None:
        raise ConversionError(path, fence_line, "code fence is never closed")
    return out, where


def _closes(fence: re.Match[str], line: str) -> bool:
    """Tell whether ``line`` closes the fence opened by ``fence``."""
    marks = fence["marks"]
    stripped = line.strip()
    return stripped.startswith(marks[0] * len(marks)) and not stripped.strip(marks[0])


def _options_warning(info: str) -> str:
    return f"code fence options the site does not take (it keeps a language, hl_lines and linenums), dropped: {info[:60]}"


def _titled_fence(opening: re.Match[str]) -> str:
    """Write a fence opener with its language only, and the "not executed" title on a Python one.

    ``hl_lines`` and ``linenums`` are kept when written with digits, blanks and dashes alone
    (:data:`_KEPT_FENCE_OPTION`). Every other option goes: ``exec="on"`` would make the
    site run the block, and an attribute (``{ .python onclick=... }``) would land on the page.
    """
    info = opening["info"].strip()
    language = _LANGUAGE_SIGNS.sub("", info.split(None, 1)[0].lstrip("{.")) if info else ""
    kept = "".join(f' {option[1]}="{option[2].strip()}"' for option in _KEPT_FENCE_OPTION.finditer(info)) if language else ""
    if language.lower() in {"python", "py", "python3"}:
        return f'{opening["indent"]}{opening["marks"]}{language.lower()} title="{NOT_RUN_TITLE}"{kept}'
    return f'{opening["indent"]}{opening["marks"]}{language}{kept}'


def _dropped_fence_options(info: str) -> bool:
    """Whether a fence's options hold anything :func:`_titled_fence` does not write back (a language and kept options)."""
    rest = _KEPT_FENCE_OPTION.sub("", info).split()
    return len(rest) > 1 or bool(rest and _LANGUAGE_SIGNS.search(rest[0].removeprefix(".")))


def _read_heading(line: str) -> dict[str, str] | None:
    """Read an ATX heading: its ``hashes`` and its ``text`` (closing ``#`` and blanks taken off)."""
    start = _HEADING_START.match(line)
    if start is None:
        return None
    text = line[start.end() :].rstrip(" \t")
    closing = text.rstrip("#")
    if closing != text and closing and closing[-1] in " \t":  # "#"s after a blank close the heading
        text = closing.rstrip(" \t")
    return {"hashes": start["hashes"], "text": text, "line": line.rstrip()}


class _TocIndex:
    """The TOC entries by their compared text, to match headings in order without rescanning the list."""

    def __init__(self, toc: list[_TocEntry]) -> None:
        self.toc = toc
        self.next = 0  # entries are matched in order, like the original anchors
        self.positions: dict[str, list[int]] = defaultdict(list)
        for index, entry in enumerate(toc):
            self.positions[_normalise(entry.text)].append(index)

    def take(self, text: str) -> _TocEntry | None:
        """The first entry from the current one on with this text, marked found; the next search starts after it."""
        positions = self.positions.get(_normalise(text), [])
        found = bisect.bisect_left(positions, self.next)
        if found == len(positions):
            return None
        index = positions[found]
        self.next = index + 1
        self.toc[index].found = True
        return self.toc[index]


def _heading_with_id(heading: dict[str, str], toc: _TocIndex) -> str:
    """Add the matching TOC anchor as a fixed id to a heading."""
    text = heading["text"]
    if _split_attr_list(text)[1]:
        return heading["line"]  # the heading already carries attributes
    entry = toc.take(text)
    if entry is None or not _TOC_ANCHOR.fullmatch(entry.anchor):  # an id, nothing an attribute list would read
        return heading["line"]
    return f'{heading["hashes"]} {text} {{ #{entry.anchor} }}'


def _split_attr_list(text: str) -> tuple[str, bool]:
    """Take a trailing attribute list (``{ ... }``) off a heading text; tell whether there was one."""
    stripped = text.rstrip()
    if not stripped.endswith("}"):
        return text, False
    opening = stripped.find("{", stripped.rfind("}", 0, len(stripped) - 1) + 1)
    if opening < 0:
        return text, False
    return stripped[:opening].rstrip(), True


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
        heading = None if is_code else _read_heading(line)
        if heading:
            text = _split_attr_list(heading["text"])[0].strip()
            if heading["hashes"] == "#":
                return text, lines
            first_heading = first_heading or text
    page_title = title or first_heading or path.stem
    # A title from a file name is text: "# ::: x" would be an API page.
    heading = page_title if page_title in (title, first_heading) else _escape_text(page_title)
    return page_title, [f"# {heading}", ""] + lines


def _escape_text(text: str) -> str:
    """Write plain text (a file name) as Markdown that shows it as it is."""
    return "".join(f"&#{ord(char)};" if not (char.isalnum() or char in " -") else char for char in text)


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


# Untrusted text ------------------------------------------------------------


def trusted_code(lines: list[str], dropped: list[tuple[int, str]] | None = None) -> list[bool]:
    """Mark the lines of the fences the site reads as code, after dropping every fence's options.

    Each line that looks like a fence opener, wherever it is (in a quote, in
    code), loses its options but its language (see :func:`_titled_fence`); a
    bare language (```` ```python ````) is left as it is. Then pymdownx.superfences itself,
    configured as the site's, tells which lines it takes for code: those are
    kept as they are, and every other line is sanitised as text.

    Args:
        lines: The Markdown lines; fence openers are rewritten in place.
        dropped: Each line whose options were dropped is added to it: its index and those options.

    Returns:
        One flag per line: True for the lines of a fence, opener and closer included.
    """
    for index, line in enumerate(lines):
        opening = _FENCE_ANYWHERE.fullmatch(line) if ("`" in line or "~" in line) else None
        if opening is not None and not _BARE_FENCE_INFO.fullmatch(opening["info"].strip()):
            lines[index] = _titled_fence(opening)
            if dropped is not None and _dropped_fence_options(opening["info"].strip()):
                dropped.append((index, opening["info"].strip()))
    extension = SuperFencesCodeExtension()
    reader = markdown.Markdown(extensions=[extension])
    extension.superfences[0]["formatter"] = lambda **_: ""  # which lines are code, not how they look
    fences = reader.preprocessors["fenced_code_block"]
    found: list[tuple[str, int, int]] = []

    def keep_stack(block_lines: list[str]) -> list[str]:
        found.extend(fences.stack)
        return block_lines

    fences.reassemble = keep_stack
    fences.run(NormalizeWhitespace(reader).run(list(lines)))
    flags = [False] * len(lines)
    for _, start, end in found:
        flags[start : min(end, len(lines))] = [True] * (min(end, len(lines)) - start)
    return flags


def sanitize_lines(lines: list[str], numbers: list[int], warnings: list[tuple[int, str]]) -> list[str]:
    """Make the lines of an untrusted Markdown text safe for the site (see the module docstring).

    Args:
        lines: The Markdown lines.
        numbers: For each line, the input line it comes from (for warnings).
        warnings: ``(line, message)`` pairs are added to it.

    Returns:
        The safe lines.
    """
    lines = [line.replace(_OPEN, "\ufffd").replace(_CLOSE, "\ufffd") for line in lines]
    dropped: list[tuple[int, str]] = []
    code = trusted_code(lines, dropped)
    for index, options in dropped:
        warnings.append((numbers[index], _options_warning(options)))
    kept: list[str] = []  # what the placeholders stand for

    def keep(text: str) -> str:
        kept.append(text)
        return f"{_OPEN}{len(kept) - 1}{_CLOSE}"

    text_lines = [keep(line) if is_code else line for line, is_code in zip(lines, code, strict=True)]
    for number, line, is_code in zip(numbers, lines, code, strict=True):
        if not is_code:
            _report_html(_ANGLE_DESTINATION.sub("](", line), number, warnings)
    text = _protect_code_spans("\n".join(text_lines), keep)
    # A link destination in angle brackets ("[x](<a b.md>)", CommonMark's form for one with blanks) is
    # Markdown, not a tag: kept from nh3; its scheme is checked with every other target's.
    def angle_destination(match: re.Match[str]) -> str:
        destination = match.group()[3:-1]
        if url_allowed(destination):
            return "](" + keep(f"<{destination}>")
        warnings.append((numbers[min(text.count("\n", 0, match.start()), len(numbers) - 1)], url_warning(destination)))
        return "]\\(" + keep(html.escape(f"<{destination}>", quote=False))

    text = _ANGLE_DESTINATION.sub(angle_destination, text)
    text = _AUTOLINK.sub(lambda match: keep(_autolink(match.group()[1:-1])), text)
    text = _clean_html(text)
    out = text.split("\n")
    # nh3 keeps the lines, but for HTML that spans lines (then the numbers are the nearest ones).
    where = numbers if len(out) == len(numbers) else [numbers[min(i, len(numbers) - 1)] for i in range(len(out))]
    out = [_safe_markdown_line(line, out, i, where[i], warnings) for i, line in enumerate(out)]
    out = escape_autodoc_lines(out, [_PLACEHOLDER.fullmatch(line) is not None for line in out])
    restored = "\n".join(out)
    # Placeholders inside kept text (a code span in a line) are restored too: twice is enough.
    for _ in range(2):
        restored = _PLACEHOLDER.sub(lambda match: kept[int(match.group(1))], restored)
    return escape_snippet_markers(restored).split("\n")


def _protect_code_spans(text: str, keep) -> str:
    """Keep inert code spans as they are; write the others as ``<code>`` with every sign a character reference.

    Inert: no ``< & [ ] { }`` and on one line, so that nothing in it is markup
    even if the site's Markdown pairs the backticks otherwise.

    Backtick runs pair with the next run of the same length, within a
    paragraph (lines up to a blank one), as the site's Markdown pairs them.
    """
    parts: list[str] = []
    position = 0
    for paragraph in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text):
        runs = []
        for run in _BACKTICKS.finditer(text, paragraph.start(), paragraph.end()):
            slashes = len(run.group()) - len(run.group().lstrip("\\"))
            start = run.start() + slashes + (slashes % 2)  # an odd backslash escapes the first backtick
            if start < run.end():
                runs.append((start, run.end()))
        by_length: dict[int, list[int]] = defaultdict(list)
        for index, (start, end) in enumerate(runs):
            by_length[end - start].append(index)
        pointer: dict[int, int] = defaultdict(int)
        index = 0
        while index < len(runs):
            start, end = runs[index]
            same = by_length[end - start]
            # The next run of this length after this one.
            while pointer[end - start] < len(same) and same[pointer[end - start]] <= index:
                pointer[end - start] += 1
            if pointer[end - start] == len(same):
                index += 1
                continue
            closer = same[pointer[end - start]]
            close_start, close_end = runs[closer]
            content = text[end:close_start]
            parts.append(text[position:start])
            # Kept out of nh3's way either way (it would rewrite "&copy;" in code).
            inert = _INERT_CODE.fullmatch(content) is not None
            parts.append(keep(text[start:close_end] if inert else _code_element(content)))
            position = close_end
            index = closer + 1
    parts.append(text[position:])
    return "".join(parts)


def _code_element(content: str) -> str:
    """A code span as an HTML ``<code>``: alphanumerics and spaces as they are, every other sign a reference."""
    content = content.replace("\n", " ")
    if content.startswith(" ") and content.endswith(" ") and content.strip():
        content = content[1:-1]
    return "<code>" + "".join(c if c.isalnum() or c == " " else f"&#{ord(c)};" for c in content) + "</code>"


def _autolink(url: str) -> str:
    """An autolink (``<https://...>``, ``<a@b.c>``) as an HTML link, safe wherever it lands."""
    href = url if "://" in url or url.lower().startswith("mailto:") else f"mailto:{url}"
    shown = url.removeprefix("mailto:")
    return f'<a href="{html.escape(href)}">' + "".join(
        c if c.isalnum() else f"&#{ord(c)};" for c in shown
    ) + "</a>"


def _clean_html(text: str) -> str:
    """Sanitise the raw HTML of a Markdown text with nh3, leaving its text as it was.

    ``&`` that starts no character reference is escaped first (nh3 would read
    ``&sect`` in ``?a=1&section=2`` as ``§``); in nh3's output, the text
    between tags gets its ``&`` and ``>`` back (``>`` starts a Markdown quote).
    """
    cleaned = nh3.clean(
        _COMPLETE_REFERENCE.sub("&amp;", text),
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        strip_comments=True,
        link_rel="noopener noreferrer",
    )
    parts: list[str] = []
    position = 0
    for tag in _OUTPUT_TAG.finditer(cleaned):
        parts.append(_text_back(cleaned[position : tag.start()]))
        parts.append(tag.group())
        position = tag.end()
    parts.append(_text_back(cleaned[position:]))
    return "".join(parts)


def _text_back(text: str) -> str:
    return text.replace("&gt;", ">").replace("&amp;", "&")


def _report_html(line: str, number: int, warnings: list[tuple[int, str]]) -> None:
    """Warn about what the sanitiser takes out of one input line's raw HTML."""
    removed: list[str] = []
    line = _AUTOLINK.sub("", _CODE_SPAN_IN_LINE.sub("", line))  # links and code are kept
    if "<!--" in line:
        removed.append("a comment")
    for tag in _INPUT_TAG.finditer(line):
        name = tag.group(2).lower()
        if name not in ALLOWED_TAGS:
            removed.append(f"<{name}>" if not tag.group(1) else f"</{name}>")
            continue
        for attribute in _INPUT_ATTRIBUTE.finditer(tag.group(3)):
            key = attribute.group(1).lower()
            value = html.unescape((attribute.group(2) or "").strip("\"'"))
            if key not in ALLOWED_ATTRIBUTES.get(name, ()):
                removed.append(f"{key}= of <{name}>")
            elif key in ("href", "src") and not url_allowed(value):
                removed.append(f"{key}= of <{name}> ({value.split(':', 1)[0].strip()}: URL)")
    if removed:
        warnings.append((number, f"raw HTML the site does not allow, removed: {', '.join(dict.fromkeys(removed))}"))


def _safe_markdown_line(line: str, lines: list[str], index: int, number: int, warnings: list[tuple[int, str]]) -> str:
    """Refuse link targets of other schemes and attribute-list keys not allowed, in one line."""
    if _PLACEHOLDER.fullmatch(line):
        return line
    line = _safe_link_targets(line, number, warnings)
    reference = _REFERENCE.match(line)
    if reference:
        target = reference["target"]
        if not target:  # the target may stand on the next line
            following = lines[index + 1].split() if index + 1 < len(lines) else []
            target = following[0] if following else ""
        if not url_allowed(target.strip("<>")):
            warnings.append((number, url_warning(target.strip("<>"))))  # a target of one line: short
            line = line[: reference.end("head") - 1] + "\\" + line[reference.end("head") - 1 :]
    if "{" in line:
        line = _ATTRIBUTE_LIST.sub(lambda match: _safe_attribute_list(match, number, warnings), line)
    return line


def _safe_link_targets(line: str, number: int, warnings: list[tuple[int, str]]) -> str:
    """Turn each ``[text](target)`` whose target has a scheme not allowed into text: ``]\\(``."""
    parts: list[str] = []
    position = 0
    for opening in _LINK_TARGET.finditer(line):
        start = opening.end() + (1 if line.startswith("<", opening.end()) else 0)
        if not url_allowed(line, start):
            warnings.append((number, url_warning(line, start)))
            parts.append(line[position : opening.start() + 1] + "\\")
            position = opening.start() + 1
    parts.append(line[position:])
    return "".join(parts)


def _safe_attribute_list(match: re.Match[str], number: int, warnings: list[tuple[int, str]]) -> str:
    """Keep the ids, classes, bare words and allowed keys of an attribute list; drop any other key."""
    kept, dropped = [], []
    for token in _LIST_TOKEN.finditer(match["body"]):
        key = token["key"]
        if key is not None and key.lower() not in ALLOWED_LIST_ATTRIBUTES:
            dropped.append(key)
        else:
            kept.append(token.group())
    if not dropped:
        return match.group()
    warnings.append((number, f"attribute list keys the site does not allow, removed: {', '.join(dropped)}"))
    opener = "{: " if match.group().startswith("{:") else "{ "
    return opener + " ".join(kept) + " }" if kept else ""


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
    if _HEADING_START.match(lines[index]):
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
        if _HEADING_START.match(lines[index]) or lines[index].lstrip().startswith("|"):
            return None
        index -= 1
    return None


def _indent(line: str) -> str:
    """The leading whitespace of a line."""
    return line[: len(line) - len(line.lstrip())]
