"""One Zim wiki page (``Wiki-Format: zim 0.6``) → Markdown for MkDocs Material.

The page is read as Zim's own parser reads it (``zim/formats/wiki.py``), and
written as Markdown for Python-Markdown with the extensions the site enables
(admonition, superfences, tasklist, mark, tilde, caret, tables, attr_list,
toc). The importer's reference page has the table of every construct and
what it becomes; choices made where Zim and Markdown differ:

* **Line breaks.** A single newline inside a Zim paragraph is a visible line
  break. Each line but the last of a paragraph ends with two spaces, the hard
  break Python-Markdown knows. Leading indentation of paragraph lines (Zim's
  indented blocks) is dropped: in Markdown it would start a code block.
* **Headings** (``==`` to ``======``, closing ``=`` optional) keep their text;
  a trailing ``:`` included. The first level-1 heading is the page title; a
  page without one gets ``# <name>`` from its page name as first line.
* **Plain text** is escaped so it renders literally: ``\\ ` * _ { } [ ] # | ~ ^``,
  runs of ``==``, ``<`` (as ``&lt;``), ``&`` before an entity, and at the
  start of a line ``- + > ! = : ???`` and ``1.``. Markup that is not closed
  stays literal text.
* **Lists** nest by leading tabs (four spaces count as a tab, as in Zim), four
  spaces a level in Markdown, counted from the list's first item. An item
  indented more than one level below the previous one is put one level
  below it (Markdown cannot skip a level). Lettered items become numbered
  ones and numbers restart at 1 (Python-Markdown ignores start numbers).
* **Checkboxes** become task list items: ``[ ]`` open, ``[*]`` → ticked,
  ``[x]`` (cancelled) → unticked and struck through, ``[>]`` (migrated) →
  ``(→ migrado)``, ``[<]`` (moved out) → ``(← transmigrado)``.
* **Code.** ``'''`` blocks (closed only by a ``'''`` line at their own indent;
  that indent is taken off every line) become plain fences;
  ``{{{code: lang="..."}}}`` objects become fences with the language
  (``python3`` → ``python``). A Python fence gets ``title="Não executado:
  código de uma nota Zim"``: the site runs only blocks marked to run.
* **Anchors.** ``{{id: foo}}`` becomes ``<a id="foo"></a>``; inside a heading
  it becomes the heading's id (``## Head { #foo }``). An image's ``?id=``
  becomes its id. Links to anchors and to headings get the id the site gives
  (see ``tocha.importer.zim_links``).
* **Header.** ``Wiki-Format`` and ``Creation-Date`` (ISO 8601 or the RFC 2822
  form of older Zim versions) go to ``meta``. A newer format or an unreadable
  date converts anyway, with a warning; ``Creation-Date: Unknown`` is no date.
* **Tags** ``@tag`` stay visible as ``` `@tag` ``` and go to ``meta["tags"]``.
* **Links** are resolved in two steps: :func:`parse` renders the page and
  leaves each page link as a :class:`~tocha.importer.zim_links.PageRef`;
  :meth:`DraftPage.finish` resolves them once every page (and its anchors)
  is known. :func:`convert` does both for a page alone.
* **Untrusted text.** The note's text is untrusted: nothing in it may run code
  on the site or at build. The title is safe as HTML text
  (``base.safe_title``). A link or image target keeps only the schemes of
  ``base.ALLOWED_URL_SCHEMES`` (read as a browser reads them,
  ``base.url_scheme``): any other (``javascript:``, ``vbscript:``, ``data:``,
  ``mid:``...) leaves its label as text, with a warning naming file and line.
  No line of text starts a block of the site's Markdown: the line-start
  escapes above also cover ``:::`` (an API page of mkdocstrings: an empty
  ``<span></span>`` goes before it), ``///``,
  text after a list marker, a heading's text and the label of a link that
  cannot be kept; ``--8<--`` lines (pymdownx.snippets) are escaped even in
  code. A fence's info is a language word and the title above, nothing else.
* **Linear time.** Every pattern reads a line in linear time (the tests of
  ``tests/importer/test_linear_time.py``): a heading is cut without a
  backtracking regex, a bare URL's domain is read once per run of domain
  characters and its end trimmed from the end once, ids repeat through
  ``unique``'s counters.
"""

from __future__ import annotations

import os.path
import re
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qsl, quote, unquote

from markdown.extensions.toc import unique

from tocha.importer.base import ConversionError, Page, located_warning, safe_title, url_allowed, url_warning
from tocha.importer.detect import ZIM_CONTENT_TYPE
from tocha.importer.markdown import AUTODOC_BREAK, code_lines, escape_autodoc_lines, escape_snippet_markers
from tocha.importer.zim_links import (
    OUTSIDE_NOTEBOOK,
    Heading,
    PageLinks,
    PageName,
    PageRef,
    heading_anchor,
    heading_ids,
    link_kind,
    page_path,
    relative_href,
    resolve_link,
    share_url,
    zim_anchor,
)

__all__ = [
    "NOT_RUN_TITLE",
    "OUTSIDE_NOTEBOOK",
    "SUPPORTED_WIKI_FORMAT",
    "DraftPage",
    "PageLinks",
    "PageName",
    "convert",
    "heading_anchor",
    "page_name_from_file",
    "page_path",
    "parse",
    "relative_href",
    "resolve_link",
]

NOT_RUN_TITLE = "Não executado: código de uma nota Zim"
"""Title of every Python code block taken from a Zim note (it is not executed)."""

SUPPORTED_WIKI_FORMAT = (0, 6)
"""The newest ``Wiki-Format`` this converter knows; newer pages convert with a warning."""

LEGACY_WIKI_FORMAT = (0, 4)
"""Pages older than this (``zim 0.26``) render indented paragraphs as verbatim, as Zim does."""

_LANGUAGES = {"python3": "python", "python2": "python", "py": "python"}
_CHECKBOX_NOTES = {">": "(→ migrado)", "<": "(← transmigrado)"}

_HEADER_FIELD = re.compile(r"([A-Za-z][\w-]*):[ \t]*(.*)")
# A heading's start; its text is read without a regex (see _read_heading): Zim's
# "(={2,})[ \t]+(\S.*?)[ \t]*=*[ \t]*" backtracks through every blank of a long line.
_HEADING_START = re.compile(r"(={2,})[ \t]+(?=\S)")
_RULE = re.compile(r"-{5,}")
_VERBATIM = re.compile(r"(\t*)'''[ \t]*")
_OBJECT = re.compile(r"(\t*)\{\{\{[ \t]*([^\s:]+):(.*)")
_TABLE_LINE = re.compile(r"\|.*\|[ \t]*")
_TABLE_SEPARATOR = re.compile(r"\|(?:[ \t]*:?-+:?[ \t]*\|)+[ \t]*")
_LEADING = re.compile(r"(\t*)((?:    )*)")
_BULLET = re.compile(r"(?:([*\u2022])|(\d+|[a-zA-Z])\.|\[([ *x><])\])[ \t]+(.*)")
# A row splits at "|" except inside a link ([[page|label]]) or after "\\".
_TABLE_ROW_PART = re.compile(r"\[\[(?:(?!\[\[|\]\]).)*\]\]|\\.|[^|\\[]+|.")
# Tried only where a name starts: inside a long word it would rescan the word at each character.
_OBJECT_PARAMETER = re.compile(r'(?<![\w-])([\w-]+)=("(?:[^"]|"{2})*"|\S*)')
_WIKI_FORMAT = re.compile(r"zim (\d+)\.(\d+)")

_STYLE_RULES = (
    # ``//`` right after ``:`` belongs to a URL (http://), not to italics.
    r"|(?<!:)//(?!/)(?P<italic>.+?)(?<!:)//"
    r"|\*\*(?!\*)(?P<bold>.+?)\*\*"
    r"|__(?!_)(?P<mark>.+?)__"
    r"|_\{(?!~)(?P<sub>[^{}]+)\}"
    r"|\^\{(?!~)(?P<sup>[^{}]+)\}"
    r"|~~(?!~)(?P<strike>.+?)~~"
    r"|''(?!')(?P<verbatim>.+?)''"
)
_INLINE = re.compile(
    # Zim's inline rules, in Zim's order. Link and image text stops at the
    # next opener: an unclosed one then fails at once instead of scanning to
    # the end of the line each time.
    # A URL's start only: its domain and the rest are read by _url_end, once for a run of
    # domain characters however many "www." it holds.
    r"(?P<url>\b(?!__)(?:www\.|\w+://)(?=[\w\-]))"
    # An address starts where its run of address characters starts: tried once per run, not at each character.
    r"|(?<![\w.+-])[.+-]*(?P<email>(?:mailto:)?\w[\w.+-]*@(?:[\w\-]+\.)+[\w\-]+)"
    r"|(?P<fileuri>\bfile:/+[^\s\"<>']+)"
    r"|\[\[(?!\[)(?P<link>(?:(?!\[\[|\]\]).)+)\]\]"
    r"|\{\{id:\s+(?P<anchor>\w[\w-]+)\s*\}\}"
    r"|\{\{(?!\{)(?P<image>(?:(?!\{\{|\}\}).)+)\}\}"
    r"|(?<!\S)@(?P<tag>\w+)" + _STYLE_RULES
)
# Inside a link label Zim parses only styles and tags.
_LABEL_INLINE = re.compile(r"(?<!\S)@(?P<tag>\w+)" + _STYLE_RULES)
_STYLES = {"bold": "**", "italic": "*", "mark": "==", "strike": "~~", "sub": "~", "sup": "^"}
_URL_TRAILING = "?!.,:*_~"
_DOMAIN = re.compile(r"(?:[\w\-]+\.)*[\w\-]+")
_URL_TAIL = re.compile(r"[^\s<]*")
_ESCAPED = re.compile(r"[\\`*_{}\[\]#|~^]|={2,}|<|&(?=#|[A-Za-z0-9]+;)")
# What would start a block at the start of a line: a list, a quote, an admonition
# (!!!), tabs (===), a numbered list, a definition (": "), an API page (":::"
# of mkdocstrings), a collapsible block (???), a pymdownx block (///).
_ESCAPED_AT_LINE_START = re.compile(r"[-+>!=]|\d+(?=\.(?:\s|$))|:(?=[\s:])|\?\?\?|/(?=//)")
_LEADING_BLANKS = re.compile(r"[ \t]*")
_ALIGNMENTS = {(False, False): "---", (True, False): ":---", (False, True): "---:", (True, True): ":---:"}
_PLACEHOLDER = re.compile("\0([ra])(\\d+)\0")


def page_name_from_file(path: Path) -> PageName:
    """Name a page converted alone after its file, as Zim does.

    Args:
        path: The page file, e.g. ``Foo_Bar.txt``.

    Returns:
        A one-part page name, e.g. ``("Foo Bar",)``.
    """
    return (unquote(path.stem).replace("_", " "),)


@dataclass
class DraftPage:
    """A converted page whose page links are not resolved yet.

    Attributes:
        path: The page file, for messages.
        title: The page title.
        body: The Markdown, each page link still a placeholder for one of ``refs``.
        meta: Front matter fields.
        anchors: The page's anchors: Zim anchor name (``{{id: x}}``, or a
            heading's implicit anchor) → its id on the site.
        refs: The page links, in order.
        warnings: ``(line, warning)`` pairs so far.
    """

    path: Path
    title: str
    body: str
    meta: dict[str, object]
    anchors: dict[str, str]
    refs: list[PageRef] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)

    def finish(self, links: PageLinks) -> Page:
        """Resolve the page links and give the page.

        Args:
            links: Where links point; it must know the pages and their
                anchors (see ``PageLinks.anchors``).

        Returns:
            The page. A link to a missing page becomes its label; one to a
            missing anchor links to the page (its own page: the label);
            both with a warning naming the file and line.
        """
        warnings = list(self.warnings)

        def resolved(match: re.Match[str]) -> str:
            ref = self.refs[int(match.group(2))]
            href, warning = links.page_href(ref, self.anchors)
            if warning is not None:
                warnings.append((ref.line, warning))
            if href is None:
                return ref.label if ref.text is None else ref.text
            return f"[{ref.label}]({_destination(href)})"

        body = _PLACEHOLDER.sub(resolved, self.body)
        # Every line start is escaped where it is written; this is the net under it.
        lines = body.split("\n")
        body = "\n".join(escape_autodoc_lines(lines, code_lines(lines)))
        warnings.sort(key=lambda pair: pair[0])
        return Page(
            title=safe_title(self.title),
            body=body,
            meta=self.meta,
            warnings=[located_warning(self.path, line or None, message) for line, message in warnings],
        )


def parse(text: str, path: Path, links: PageLinks) -> DraftPage:
    """Convert one Zim page to Markdown, leaving its page links to resolve.

    Args:
        text: The page text, header included (a page without header is read
            as ``zim 0.6``, as Zim does).
        path: The page file, for messages.
        links: How to resolve names, files and interwiki links.

    Returns:
        The draft page (see :meth:`DraftPage.finish`).

    Raises:
        ConversionError: The text is empty or binary, or a ``'''`` block or a
            ``{{{`` object is not closed (the line is where it opened).
    """
    path = Path(path)
    if not text.strip():
        raise ConversionError(path, 1, "empty file")
    if "\0" in text:
        raise ConversionError(path, text.count("\n", 0, text.index("\0")) + 1, "binary file (NUL byte)")
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    converter = _Converter(path, links)
    meta, start = converter.header(lines)
    blocks = converter.blocks(lines, start)
    title = converter.title
    if title is None:
        title = links.page[-1]
        blocks.insert(0, f"# {_escape(title, True)}")
        converter.headings.insert(0, Heading(title))
        converter.heading_keys.insert(0, None)  # a heading of the site only: Zim has no anchor for it
    if converter.tags:
        meta["tags"] = sorted(converter.tags)
    body = escape_snippet_markers("\n\n".join(blocks) + "\n")
    anchors, body = converter.place_anchors(body)
    return DraftPage(path, title, body, meta, anchors, converter.refs, converter.warnings)


def convert(text: str, path: Path, links: PageLinks | None = None) -> Page:
    """Convert one Zim page to Markdown, with its links resolved.

    Args:
        text: The page text, header included.
        path: The page file, for messages (and its name, for a page alone).
        links: How to resolve links; by default the page is taken alone
            (``PageLinks(page_name_from_file(path))``).

    Returns:
        The page; ``meta`` has ``format``, and from the header ``wiki_format``
        and ``created`` (ISO 8601), and ``tags`` when the page has any.

    Raises:
        ConversionError: See :func:`parse`.
    """
    links = links or PageLinks(page_name_from_file(Path(path)))
    return parse(text, path, links).finish(links)


@dataclass
class _Anchor:
    """An explicit anchor: a ``{{id:}}`` or an image ``id``, in page order."""

    name: str
    id: str | None  # None: an inline anchor, given its id after the headings
    placeholder: int | None = None


class _Converter:
    """The state of one page conversion: its links, warnings, tags, title, headings and anchors."""

    def __init__(self, path: Path, links: PageLinks) -> None:
        self.path = path
        self.links = links
        self.warnings: list[tuple[int, str]] = []
        self.tags: set[str] = set()
        self.title: str | None = None
        self.legacy = False
        self.refs: list[PageRef] = []
        self.headings: list[Heading] = []
        self.explicit: list[_Anchor] = []
        self.explicit_ids: set[str] = set()
        self.id_counters: dict[str, int] = {}  # unique()'s cache: "a" a thousand times is no quadratic search
        self.heading_keys: list[str | None] = []
        self.heading_id: list[str] | None = None  # set while a heading renders

    def warn(self, index: int | None, message: str) -> None:
        self.warnings.append((0 if index is None else index + 1, message))

    # Header -------------------------------------------------------------

    def header(self, lines: list[str]) -> tuple[dict[str, object], int]:
        """Read the header fields into meta; return meta and the first body line index."""
        meta: dict[str, object] = {"format": "zim"}
        if not lines[0].startswith(ZIM_CONTENT_TYPE):
            return meta, 0
        index = 0
        while index < len(lines) and (header := _HEADER_FIELD.fullmatch(lines[index])):
            name, value = header.group(1), header.group(2).strip()
            if name == "Wiki-Format":
                meta["wiki_format"] = value
                self.check_wiki_format(index, value)
            elif name == "Creation-Date":
                self.read_date(index, value, meta)
            index += 1
        # The blank line that ends the header belongs to it.
        if index < len(lines) and not lines[index].strip():
            index += 1
        return meta, index

    def check_wiki_format(self, index: int, value: str) -> None:
        version = _WIKI_FORMAT.fullmatch(value)
        if version is None:
            self.warn(index, f"unknown Wiki-Format {value!r}; converted as zim 0.6")
            return
        number = (int(version.group(1)), int(version.group(2)))
        # "zim 0.26" is the oldest format: Zim skipped from 0.26 to 0.4.
        self.legacy = number == (0, 26) or number < LEGACY_WIKI_FORMAT
        if number > SUPPORTED_WIKI_FORMAT and not self.legacy:
            self.warn(index, f"Wiki-Format {value!r} is newer than zim 0.6; converted as zim 0.6")

    def read_date(self, index: int, value: str, meta: dict[str, object]) -> None:
        if value.lower() == "unknown":  # Zim's own value for "no date"
            return
        try:
            meta["created"] = datetime.fromisoformat(value).isoformat()
            return
        except ValueError:
            pass
        try:  # RFC 2822, as older Zim versions wrote it
            meta["created"] = parsedate_to_datetime(value).isoformat()
        except (TypeError, ValueError, IndexError):
            self.warn(index, f"unknown Creation-Date {value!r}; the page has no created date")

    # Blocks -------------------------------------------------------------

    def blocks(self, lines: list[str], index: int) -> list[str]:
        """Convert the body, from ``lines[index]``, into Markdown blocks."""
        readers = {
            "verbatim": self.verbatim,
            "object": self.code_object,
            "heading": self.heading,
            "rule": lambda lines, index: ("---", index + 1),
            "list": self.list_block,
            "table": self.table,
            "paragraph": self.paragraph,
        }
        blocks = []
        while index < len(lines):
            if not lines[index].strip():
                index += 1
                continue
            block, index = readers[_block_kind(lines, index)](lines, index)
            if block:
                blocks.append(block)
        return blocks

    def closing_line(self, lines: list[str], index: int, closer: str, what: str) -> int:
        # Zim closes a block only at a line with the block's own indent.
        indent = lines[index][: len(lines[index]) - len(lines[index].lstrip("\t"))]
        wanted = indent + closer
        for end in range(index + 1, len(lines)):
            if lines[end].rstrip(" \t") == wanted:
                return end
        raise ConversionError(self.path, index + 1, f"unterminated {what}: no closing {closer}")

    def verbatim(self, lines: list[str], index: int) -> tuple[str, int]:
        indent = _VERBATIM.fullmatch(lines[index]).group(1)
        end = self.closing_line(lines, index, "'''", "''' verbatim block")
        return _fence(_dedent(lines[index + 1 : end], indent), ""), end + 1

    def code_object(self, lines: list[str], index: int) -> tuple[str, int]:
        indent, kind, attributes = _OBJECT.fullmatch(lines[index]).groups()
        kind = kind.lower()
        end = self.closing_line(lines, index, "}}}", "{{{" + kind + " object")
        body = _dedent(lines[index + 1 : end], indent)
        if kind == "table" and len(body) >= 2:  # tables of older Zim versions
            block, _ = self.table(body, 0, index + 1)
            return block, end + 1
        language = ""
        if kind == "code":
            parameters = {key.lower(): _object_value(value) for key, value in _OBJECT_PARAMETER.findall(attributes)}
            language = parameters.get("lang", "")
            language = re.sub(r"[^\w+-]", "", _LANGUAGES.get(language, language))
        else:
            self.warn(index, f"object {kind!r} converted as a plain code block")
        info = f'python title="{NOT_RUN_TITLE}"' if language == "python" else language
        return _fence(body, info), end + 1

    def heading(self, lines: list[str], index: int) -> tuple[str, int]:
        equals, text = _read_heading(lines[index])
        level = 7 - min(6, len(equals))
        self.heading_id = []  # the first anchor inside the heading becomes its id
        # Escaped as a line start: "# ::: name" would be an API page of mkdocstrings.
        markdown, plain = self.render(text, index)
        explicit = self.heading_id[0] if self.heading_id else None
        self.heading_id = None
        markdown = markdown.strip()
        if level == 1 and self.title is None and plain.strip():
            self.title = plain.strip()
        self.headings.append(Heading(plain, explicit))
        self.heading_keys.append(zim_anchor(plain))
        suffix = f" {{ #{explicit} }}" if explicit else ""
        return f"{'#' * level} {markdown}{suffix}", index + 1

    def list_block(self, lines: list[str], index: int) -> tuple[str, int]:
        base, _ = _leading(lines[index])
        stack, items = [base], []
        while index < len(lines):
            tabs, rest = _leading(lines[index])
            item = _BULLET.fullmatch(rest)
            if item is None or tabs < base:
                break
            while tabs < stack[-1]:
                stack.pop()
            if tabs > stack[-1]:
                stack.append(tabs)
            items.append("    " * (len(stack) - 1) + self.list_item(item, index))
            index += 1
        return "\n".join(items), index

    def list_item(self, item: re.Match[str], index: int) -> str:
        bullet, number, box, text = item.groups()
        content = self.inline(text.strip(), index)
        if number is not None:
            ordinal = number if number.isdigit() else str(ord(number.lower()) - ord("a") + 1)
            marker = f"{ordinal}."
        elif bullet is not None:
            marker = "-"
        elif box == "*":
            marker = "- [x]"
        else:
            marker = "- [ ]"
            if box in _CHECKBOX_NOTES:
                content = f"{content} {_CHECKBOX_NOTES[box]}".strip()
            elif box == "x" and content:  # Cancelled: neither done nor open.
                content = f"~~{content}~~"
        return f"{marker} {content}".rstrip()

    def table(self, lines: list[str], index: int, offset: int = 0) -> tuple[str, int]:
        """Read a table from ``lines[index]``; ``offset`` is added to line numbers (object tables)."""
        header = [_unescape_cell(cell).strip() for cell in _table_cells(lines[index])]
        # A header cell ending in "<" marks a column that wraps (a Zim display setting).
        header = [cell[:-1].rstrip() if cell.endswith("<") else cell for cell in header]
        # Zim shows header cells as plain text.
        rows = [[_escape(cell).replace("\n", "<br>") for cell in header]]
        index += 1
        alignments: list[str] = []
        if index < len(lines) and _TABLE_SEPARATOR.fullmatch(lines[index]):
            alignments = [
                _ALIGNMENTS[cell.strip().startswith(":"), cell.strip().endswith(":")]
                for cell in _table_cells(lines[index])
            ]
            index += 1
        while index < len(lines) and _TABLE_LINE.fullmatch(lines[index]):
            rows.append(self.table_row(lines[index], index + offset))
            index += 1
        width = max(len(alignments), *(len(row) for row in rows))
        alignments += ["---"] * (width - len(alignments))
        rows = [row + [""] * (width - len(row)) for row in rows]
        table = [rows[0], alignments, *rows[1:]]
        return "\n".join("| " + " | ".join(row) + " |" for row in table), index

    def table_row(self, line: str, index: int) -> list[str]:
        # In a Zim cell, "\n" is a line break and "\|" a literal pipe.
        return [
            "<br>".join(self.inline(part.strip(), index, False) for part in _unescape_cell(cell).strip().split("\n"))
            for cell in _table_cells(line)
        ]

    def paragraph(self, lines: list[str], index: int) -> tuple[str, int]:
        start = index
        index += 1
        while index < len(lines) and lines[index].strip() and _block_kind(lines, index) == "paragraph":
            index += 1
        if self.legacy and all(line[:1] in ("\t", " ") for line in lines[start:index]):
            # Before zim 0.26 an indented paragraph was verbatim.
            return _fence(_dedent(lines[start:index], _common_indent(lines[start:index])), ""), index
        rendered = [self.inline(line.strip(), number) for number, line in enumerate(lines[start:index], start)]
        return "  \n".join(rendered), index

    # Inline -------------------------------------------------------------

    def inline(self, text: str, index: int, line_start: bool = True) -> str:
        """Render one line of Zim inline markup as Markdown; ``index`` is the line, for warnings."""
        return self.render(text, index, line_start)[0]

    def render(self, text: str, index: int, line_start: bool = True, label: bool = False) -> tuple[str, str]:
        """Render Zim inline markup: the Markdown, and the text it shows (for heading ids)."""
        pattern = _LABEL_INLINE if label else _INLINE
        markdown, plain, position, search = [], [], 0, 0
        fresh = line_start  # nothing shown on the line yet: what comes is escaped as a line start
        domains: dict[str, tuple[int, ...]] = {}  # _url_end's memory of this text's last domain
        while (token := pattern.search(text, search)) is not None:
            kind = token.lastgroup
            start, end = token.start(), token.end()
            if kind in ("url", "email", "fileuri"):
                start = token.start(kind)
                if kind == "url":
                    end = _url_end(text, start, token.end(kind), domains)
                else:
                    end = start + len(_trim_url(token.group(kind), kind))
                if end == start:  # not a URL after all: go on after its first character
                    search = start + 1
                    continue
            before = _escape(text[position:start], fresh)
            markdown.append(before)
            plain.append(text[position:start])
            fresh = fresh and not before.strip()
            shown, shown_text = self.token(kind, token, text[start:end], index, fresh)
            markdown.append(shown)
            plain.append(shown_text)
            fresh = fresh and not shown.strip()
            position = search = end
        markdown.append(_escape(text[position:], fresh))
        plain.append(text[position:])
        return "".join(markdown), "".join(plain)

    def token(self, kind: str, token: re.Match[str], matched: str, index: int, fresh: bool) -> tuple[str, str]:
        """Render one token; ``fresh``: it starts its line, where text it leaves must be escaped as such."""
        value = matched if kind in ("url", "email", "fileuri") else token.group(kind)
        if kind == "verbatim":
            return _code_span(value), value
        if kind == "link":
            return self.link(value, index, fresh)
        if kind == "image":
            return self.image(value, index, fresh)
        if kind == "anchor":
            return self.anchor(value), ""
        if kind == "url":
            href = value if "://" in value else f"http://{value}"
            return self.external(href, value, index, fresh), value
        if kind == "email":
            address = value.removeprefix("mailto:")
            return f"<{address}>", address
        if kind == "fileuri":
            return self.external(value, value, index, fresh), value
        if kind == "tag":
            self.tags.add(value)
            return f"`@{value}`", f"@{value}"
        inner, inner_text = self.render(value, index, line_start=False, label=token.re is _LABEL_INLINE)
        if kind in ("sub", "sup"):
            # pymdownx ends a sub/superscript at an unescaped space.
            inner = inner.replace(" ", "\\ ")
        return _wrap(_STYLES[kind], inner), inner_text

    def external(self, href: str, text: str, index: int, fresh: bool) -> str:
        """A link to a URL shown as written: an autolink where Markdown has one; text for a refused scheme."""
        if not self.allowed(href, index):
            return _escape(text, fresh)
        if re.match(r"(?:https?|ftps?)://[^<>\s]*$", href) and href == text:
            return f"<{href}>"
        return f"[{_escape(text)}]({_destination(href)})"

    def allowed(self, href: str, index: int) -> bool:
        """Tell whether a URL may be linked (see ``base.url_allowed``); warn when it may not."""
        if url_allowed(href):
            return True
        self.warn(index, url_warning(href))
        return False

    def anchor(self, name: str) -> str:
        if self.heading_id is not None and not self.heading_id:
            anchor_id = unique(name, self.explicit_ids, self.id_counters)
            self.heading_id.append(anchor_id)
            self.explicit.append(_Anchor(name, anchor_id))
            return ""
        self.explicit.append(_Anchor(name, None, len(self.explicit)))
        return f"\0a{len(self.explicit) - 1}\0"

    def link(self, content: str, index: int, fresh: bool = False) -> tuple[str, str]:
        target, _, label = (part.strip() for part in content.strip("|").partition("|"))
        label = label.strip("|").strip()
        if not target:
            return "", ""
        href, kind = self.target_href(target, index)
        if label:
            label_markdown, label_text = self.render(label, index, line_start=False, label=True)
        else:
            label_text = target.removeprefix("mailto:") if kind == "mailto" else target
            label_markdown = _escape(label_text)
        # Shown alone when the link cannot be kept: then it may start the line.
        shown = _escape_start(label_markdown) if fresh else label_markdown
        if kind == "page":
            return self.page_ref(href, label_markdown, index, shown), label_text
        if href is None or not self.allowed(href, index):
            return shown, label_text
        return f"[{label_markdown}]({_destination(href)})", label_text

    def target_href(self, target: str, index: int) -> tuple[str | None, str]:
        """Resolve a link target: its URL (``None``, with a warning, when it is lost) and its kind.

        For a page (kind ``page``) the "URL" is the Zim page link to resolve later.
        """
        kind = link_kind(target)
        if kind in ("url", "file-uri", "message"):
            return target, kind
        if kind == "mailto":
            return (target if target.startswith("mailto:") else f"mailto:{target}"), kind
        if kind == "www":
            return f"http://{target}", kind
        if kind == "share":
            return share_url(target), kind
        if kind == "file":
            href = self.links.file_href(target)
            if href is None:
                self.warn(index, f"link to a file outside the notebook or missing: {target}")
            return href, kind
        if kind == "interwiki":
            found, href = self.links.interwiki(target)
            if found == "page":  # the notebook's own interwiki key
                return href, "page"
            if href is None:
                self.warn(index, f"unknown interwiki link (no URL for its key): {target}")
            return href, kind
        if kind == "notebook":
            self.warn(index, f"link into another notebook: {target}")
            return None, kind
        return target, "page"

    def page_ref(self, target: str, label: str, index: int, shown: str | None = None) -> str:
        """Leave a page link to resolve once every page is known; return its placeholder.

        ``shown`` is what stands for it when it cannot be kept (by default the label).
        """
        shown = label if shown is None else shown
        name, _, anchor = target.partition("#")
        page: PageName | None = None
        if name.strip():
            page = resolve_link(name, self.links.page, self.links.find)
            if page is None:
                self.warn(index, f"link to a missing page: {target}")
                return shown
        self.refs.append(PageRef(page, anchor.strip(), label, index + 1, target, None if shown == label else shown))
        return f"\0r{len(self.refs) - 1}\0"

    def image(self, content: str, index: int, fresh: bool = False) -> tuple[str, str]:
        source, _, alt = (part.strip() for part in content.partition("|"))
        target, _, query = source.partition("?")
        parameters = dict(parse_qsl(query))
        alt_text = alt or PurePosixPath(target).name or target
        alt = _escape(alt_text)
        shown = _escape_start(alt) if fresh else alt
        kind = link_kind(target)
        if kind in ("url", "www"):
            # The site loads nothing from other hosts: a remote image becomes a link to it.
            href = target if kind == "url" else f"http://{target}"
            if not self.allowed(href, index):
                return shown, ""
            return f"[{alt}]({_destination(href)})", alt_text
        # A bare name is a file next to the page, as for "./name".
        href = self.links.file_href(target) if kind in ("file", "page", "interwiki") else None
        if href is None:
            self.warn(index, f"image outside the notebook or missing: {target}")
            return shown, ""
        if not self.allowed(href, index):
            return shown, ""
        attributes = [f'{k}="{v}"' for k, v in parameters.items() if k in ("width", "height") and v.isdigit()]
        if re.fullmatch(r"\w[\w-]*", parameters.get("id", "")):
            image_id = unique(parameters["id"], self.explicit_ids, self.id_counters)
            self.explicit.append(_Anchor(parameters["id"], image_id))
            attributes.insert(0, f"#{image_id}")
        image = f"![{alt}]({_destination(href)})" + (f"{{ {' '.join(attributes)} }}" if attributes else "")
        link = parameters.get("href", "").strip()
        if not link:
            return image, ""
        link_href, link_kind_ = self.target_href(link, index)
        if link_kind_ == "page":
            return self.page_ref(link_href, image, index), ""
        if link_href is None or not self.allowed(link_href, index):
            return image, ""
        return f"[{image}]({_destination(link_href)})", ""

    # Anchors ------------------------------------------------------------

    def place_anchors(self, body: str) -> tuple[dict[str, str], str]:
        """Give inline anchors their ids (after the headings', as the site does) and map every anchor."""
        reserved = set(self.explicit_ids)
        ids = heading_ids(self.headings, reserved)
        anchors: dict[str, str] = {}
        counters: dict[str, int] = {}
        for anchor in self.explicit:
            if anchor.id is None:
                anchor.id = unique(anchor.name, reserved, counters)
            anchors.setdefault(anchor.name, anchor.id)
        for key, heading_id in zip(self.heading_keys, ids, strict=True):
            if key is not None:
                anchors.setdefault(key, heading_id)

        def placed(match: re.Match[str]) -> str:
            if match.group(1) == "r":
                return match.group(0)
            return f'<a id="{self.explicit[int(match.group(2))].id}"></a>'

        return anchors, _PLACEHOLDER.sub(placed, body)


def _block_kind(lines: list[str], index: int) -> str:
    """Tell which kind of block starts at a (non-blank) line."""
    line = lines[index]
    if _VERBATIM.fullmatch(line):
        return "verbatim"
    if _OBJECT.fullmatch(line):
        return "object"
    if _read_heading(line) is not None:
        return "heading"
    if _RULE.fullmatch(line):
        return "rule"
    if _BULLET.fullmatch(_leading(line)[1]):
        return "list"
    if _TABLE_LINE.fullmatch(line) and index + 1 < len(lines) and _TABLE_LINE.fullmatch(lines[index + 1]):
        return "table"
    return "paragraph"


def _read_heading(line: str) -> tuple[str, str] | None:
    """Read a heading line: its ``=`` and its text (the closing ``=`` and the blanks around them taken off)."""
    start = _HEADING_START.match(line)
    if start is None:
        return None
    rest = line[start.end() :]
    # The text's first character stays, even a "=": Zim's "(\S.*?)" takes it before any closing "=".
    return start.group(1), rest[0] + rest[1:].rstrip(" \t").rstrip("=").rstrip(" \t")


def _leading(line: str) -> tuple[int, str]:
    """Count a line's leading tabs (four spaces count as one, as Zim reads them); give the rest."""
    match = _LEADING.match(line)
    return len(match.group(1)) + len(match.group(2)) // 4, line[match.end() :]


def _dedent(lines: list[str], indent: str) -> list[str]:
    """Take a block's own indent off each of its lines (Zim's ``_remove_indent``)."""
    if not indent:
        return lines
    return [line[len(indent) :] if line.startswith(indent) else line for line in lines]


def _common_indent(lines: list[str]) -> str:
    first = lines[0]
    return os.path.commonprefix([first[: len(first) - len(first.lstrip(" \t"))], *lines[1:]])


def _object_value(value: str) -> str:
    if value.startswith('"') and len(value) > 1:
        return value[1:-1].replace('""', '"')
    return value


def _url_end(text: str, start: int, domain: int, seen: dict[str, tuple[int, ...]]) -> int:
    """Find where the bare URL that starts at ``start`` (its domain at ``domain``) ends; ``start`` when it is none.

    Zim takes no URL whose last two domain labels hold a ``_``. Every ``www.``
    inside one run of domain characters (``www.x.www.x.…``) ends where the run
    ends: ``seen`` keeps the last run read, so that it is read once, not once
    for each of them.
    """
    run = seen.get("run")
    if run is None or not run[0] <= domain < run[1]:
        run_end = _DOMAIN.match(text, domain).end()
        last_dot = text.rfind(".", domain, run_end)
        last_bad = text.find("_", last_dot + 1 if last_dot >= 0 else domain, run_end) >= 0
        second_dot = text.rfind(".", domain, last_dot) if last_dot >= 0 else -1
        second_bad = last_dot >= 0 and text.find("_", second_dot + 1 if second_dot >= 0 else domain, last_dot) >= 0
        run = seen["run"] = (domain, run_end, last_dot, last_bad, second_bad)
    _, run_end, last_dot, last_bad, second_bad = run
    # A later www. starts a label: its last label is the run's, its second-to-last one too if it has one.
    if last_bad or (domain < last_dot and second_bad):
        return start
    tail = _URL_TAIL.match(text, run_end).end()
    return start + len(_trim_url(text[start:tail], "url"))


def _trim_url(url: str, kind: str) -> str:
    """Cut what Zim cuts off the end of a bare URL or address (``match_url``); ``""`` when it is none.

    Read from the end once, counting parentheses once: a URL followed by a long
    run of ``)`` or ``;`` is trimmed in linear time.
    """
    end = len(url)
    if kind == "email":
        while end:
            if url[end - 1] == ".":
                end -= 1
            elif url.endswith("__", 0, end):
                end -= 2
            elif url[end - 1] in "-_":
                return ""
            else:
                break
        return url[:end]
    opens, closes = url.count("("), url.count(")")
    while end:
        char = url[end - 1]
        if char in _URL_TRAILING:
            end -= 1
        elif char == ")" and closes > opens:
            end -= 1
            closes -= 1
        elif char == ";":  # an entity ("&amp;") goes whole
            word = end - 1
            while word > 0 and (url[word - 1].isalnum() or url[word - 1] == "_"):
                word -= 1
            end = word - 1 if 0 < word < end - 1 and url[word - 1] == "&" else end - 1
        else:
            return url[:end]
    return ""


def _table_cells(line: str) -> list[str]:
    cells: list[str] = []
    cell: list[str] = []
    for part in _TABLE_ROW_PART.findall(line.strip()[1:]):
        if part == "|":
            cells.append("".join(cell))
            cell = []
        else:
            cell.append(part)
    last = "".join(cell)
    return cells + [last] if last.strip() else cells


def _unescape_cell(cell: str) -> str:
    """Zim's cell escapes: ``\\n`` a line break, ``\\t`` a tab, ``\\x`` a literal ``x``."""
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": " "}.get(m.group(1), m.group(1)), cell)


def _escape(text: str, line_start: bool = False) -> str:
    """Escape plain text so Markdown shows it literally; ``line_start``: it starts a line."""
    escaped = _ESCAPED.sub(_escape_match, text)
    return _escape_start(escaped) if line_start else escaped


def _escape_start(markdown: str) -> str:
    """Escape what would start a block at the start of a line, in Markdown already escaped inside."""
    blanks = _LEADING_BLANKS.match(markdown).end()
    start = _ESCAPED_AT_LINE_START.match(markdown, blanks)
    if start is None:
        return markdown
    first = start.group()[0]
    head, rest = markdown[:blanks], markdown[start.start() :]
    if first.isdigit():  # "1. " would start an ordered list.
        return f"{head}{start.group()}\\{markdown[start.end():]}"
    if rest.startswith(":::"):  # an API page of mkdocstrings: an empty element before it, ":::" shown whole
        return f"{head}{AUTODOC_BREAK}{rest}"
    if first in ":?/":  # a definition, a collapsible or pymdownx block: no backslash escape
        return f"{head}&#{ord(first)};{rest[1:]}"
    return f"{head}\\{rest}"


def _escape_match(match: re.Match[str]) -> str:
    text = match.group()
    if text == "<":
        return "&lt;"
    if text == "&":
        return "&amp;"
    return "".join(f"\\{char}" for char in text)


def _wrap(marker: str, inner: str) -> str:
    """Put markup around text; spaces at its ends go outside, where Markdown needs them."""
    core = inner.strip()
    if not core:
        return inner
    start = inner[: len(inner) - len(inner.lstrip())]
    end = inner[len(inner.rstrip()) :]
    return f"{start}{marker}{core}{marker}{end}"


def _code_span(text: str) -> str:
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _fence(lines: list[str], info: str) -> str:
    fence = "`" * max(3, max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0) + 1)
    return "\n".join([f"{fence}{info}", *lines, fence])


def _destination(href: str) -> str:
    """Make a URL safe as a Markdown link destination (no spaces, no parentheses, no angle brackets)."""
    return quote(href, safe="/:?#[]@!$&'*+,;=%~-._")
