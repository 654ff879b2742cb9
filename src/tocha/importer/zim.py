"""One Zim wiki page (``Wiki-Format: zim 0.6``) → Markdown for MkDocs Material.

The Markdown targets Python-Markdown with the pymdownx extensions the site
enables (admonition, superfences, tasklist, mark, tilde, caret, tables,
attr_list). Choices made where Zim and Markdown differ:

* **Line breaks.** A single newline inside a Zim paragraph is a visible line
  break. Each line but the last of a paragraph ends with two spaces, the hard
  break Python-Markdown knows (it has no backslash break). Leading
  indentation of paragraph lines is dropped: in Markdown it would start a
  code block.
* **Headings** keep their text exactly, a trailing ``:`` included. The first
  level-1 heading is the page title; a page without one gets ``# <name>``
  from its page name (file ``Foo_Bar.txt`` → ``Foo Bar``) as first line.
* **Plain text** is escaped so it renders literally: ``\\ ` * _ { } [ ] # | ~ ^``,
  runs of ``==``, ``<`` (as ``&lt;``), ``&`` before an entity, and at the
  start of a line ``- + > ! =`` and ``1.``. Markup that is not closed on its
  line stays literal text.
* **Checkboxes** become task list items: ``[ ]`` → ``- [ ] x``, ``[*]`` (done)
  → ``- [x] x``, ``[x]`` (cancelled) → ``- [ ] ~~x~~`` (unticked and struck
  through), ``[>]`` (migrated) → ``- [ ] x (→ migrado)``.
* **Lists** nest by leading tabs, four spaces a level in Markdown. An item
  indented more than one level below the previous one is put one level below
  it (Markdown cannot skip a level). Lettered items (``a.``) become numbered
  ones (``1.``): Markdown has no lettered lists. Bullets and numbers mixed in
  one Zim list stay one Markdown list.
* **Code.** ``'''`` blocks become plain fences; ``{{{code: lang="..."}}}``
  objects become fences with the language (``python3`` → ``python``). A
  Python fence gets ``title="Não executado: código de uma nota Zim"``: the
  site runs every Python block or shows why it does not.
* **Header.** ``Wiki-Format`` and ``Creation-Date`` go to ``meta``
  (``wiki_format``, ``created`` in ISO 8601). A format newer than zim 0.6 or
  a date that cannot be read converts anyway, with a warning.
* **Tags** ``@tag`` stay visible as ``` `@tag` ``` and go to ``meta["tags"]``.
* **Links and images** are resolved by a ``PageLinks`` object. Alone, a page
  knows no other page: relative links point to siblings (Zim's fallback) and
  images to files next to the page. The notebook import
  (``tocha.importer.notebook``) passes one that knows every page; a link it
  cannot resolve is rendered as its plain label, with a warning.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Callable
from datetime import datetime
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qsl, quote, unquote

from tocha.importer.base import ConversionError, Page, located_warning
from tocha.importer.detect import ZIM_CONTENT_TYPE
from tocha.importer.writer import slugify

PageName = tuple[str, ...]
"""A Zim page name split at ``:``, e.g. ``("Deep Learning", "Tensores")``."""

NOT_RUN_TITLE = "Não executado: código de uma nota Zim"
"""Title of every Python code block taken from a Zim note (it is not executed)."""

SUPPORTED_WIKI_FORMAT = (0, 6)
"""The newest ``Wiki-Format`` this converter knows; newer pages convert with a warning."""

OUTSIDE_NOTEBOOK = ("/", "~", "file:")
"""How file links that point outside the notebook start."""

_LANGUAGES = {"python3": "python", "python2": "python"}

_HEADER_FIELD = re.compile(r"([A-Za-z][\w-]*):[ \t]*(.*)")
_HEADING = re.compile(r"(={2,6})[ \t]+(.+?)[ \t]+=+[ \t]*")
_RULE = re.compile(r"-{4,}[ \t]*")
_LIST_ITEM = re.compile(r"(\t*)(?:(\*)|(\d+|[a-zA-Z])\.|\[([ *x>])\])[ \t]+(.*)")
_TABLE_SEPARATOR = re.compile(r"[ \t]*\|(?:[ \t]*:?-+:?[ \t]*\|)+[ \t]*")
# A row splits at "|" except inside a link ([[page|label]]) or after "\\".
_TABLE_ROW_PART = re.compile(r"\[\[(?:(?!\[\[|\]\]).)*\]\]|\\.|[^|\\[]+|.")
_OBJECT = re.compile(r"\{\{\{([\w-]+):?(.*)")
_OBJECT_ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')
_WIKI_FORMAT = re.compile(r"zim (\d+)\.(\d+)")

_URL_END = r"[^\s<>\"'.,;:!?)\]}]"
_INLINE = re.compile(
    r"''(?P<verbatim>.+?)''"
    # Link and image text stops at the next opener: an unclosed one then
    # fails at once instead of scanning to the end of the line each time.
    r"|\[\[(?P<link>(?:(?!\[\[|\]\]).)+)\]\]"
    r"|\{\{(?!\{)(?P<image>(?:(?!\{\{|\}\}).)+)\}\}"
    rf"|(?P<url>\b(?:https?|ftps?)://[^\s<>\"]*{_URL_END})"
    rf"|\bmailto:(?P<mailto>[^\s<>\"]*{_URL_END})"
    r"|(?P<email>(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    r"|\*\*(?P<bold>.+?)\*\*"
    # ``//`` right after ``:`` belongs to a URL (http://), not to italics.
    r"|(?<!:)//(?P<italic>.+?)(?<!:)//"
    r"|__(?P<mark>.+?)__"
    r"|~~(?P<strike>.+?)~~"
    r"|_\{(?P<sub>[^{}]+)\}"
    r"|\^\{(?P<sup>[^{}]+)\}"
    r"|(?<!\S)@(?P<tag>\w+)"
)
_STYLES = {"bold": "**", "italic": "*", "mark": "==", "strike": "~~", "sub": "~", "sup": "^"}
_EXTERNAL = re.compile(r"[A-Za-z][\w+.-]*://|mailto:")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_FILE_LINK = ("./", "../", *OUTSIDE_NOTEBOOK)
_ESCAPED = re.compile(r"[\\`*_{}\[\]#|~^]|={2,}|<|&(?=#|[A-Za-z0-9]+;)")
_ESCAPED_AT_LINE_START = re.compile(r"[-+>!=]|\d+(?=\.(?:\s|$))")
_ALIGNMENTS = {(False, False): "---", (True, False): ":---", (False, True): "---:", (True, True): ":---:"}


def page_name_from_file(path: Path) -> PageName:
    """Name a page converted alone after its file, as Zim does.

    Args:
        path: The page file, e.g. ``Foo_Bar.txt``.

    Returns:
        A one-part page name, e.g. ``("Foo Bar",)``.
    """
    return (unquote(path.stem).replace("_", " "),)


def page_path(name: PageName, *, folder: bool = False) -> PurePosixPath:
    """Where a Zim page is written, relative to the output folder.

    ``Foo:Bar`` → ``foo/bar.md``; a page that owns a folder (children or
    attachments) → ``foo/bar/index.md``, so its files sit next to it. A leaf
    page named ``Index`` becomes ``index-page.md``, so it never takes the place
    of its parent's ``index.md``.

    Args:
        name: The page name.
        folder: Whether the page has children or attachments.

    Returns:
        The output path of the page.
    """
    slugs = [slugify(part) for part in name]
    if folder:
        return PurePosixPath(*slugs, "index.md")
    leaf = "index-page" if slugs[-1] == "index" else slugs[-1]
    return PurePosixPath(*slugs[:-1], f"{leaf}.md")


def resolve_link(
    link: str, current: PageName, find: Callable[[PageName], PageName | None]
) -> PageName | None:
    """Resolve a Zim page link to a full page name, by Zim's rules.

    ``:A:B`` is absolute; ``+A`` is a child of the current page; a relative
    ``A:B`` is looked up by its first part in the current page's namespace,
    then in each parent namespace up to the root; when no namespace has it,
    it is a sibling of the current page. Underscores mean spaces.

    Args:
        link: The link target, without label or anchor.
        current: The page that holds the link.
        find: Gives the canonical name of an existing page or namespace (Zim
            matches names without regard to case), or ``None``.

    Returns:
        The target page name, or ``None`` when the link names no page.
    """
    parts = tuple(p.strip().replace("_", " ") for p in link.lstrip(":+").split(":") if p.strip())
    if not parts:
        return None
    if link.startswith(":"):
        return parts
    if link.startswith("+"):
        return current + parts
    for depth in range(len(current) - 1, -1, -1):
        found = find(current[:depth] + parts[:1])
        if found is not None:
            return found + parts[1:]
    return current[:-1] + parts


def relative_href(target: PurePosixPath, here: PurePosixPath) -> str:
    """Give the relative link from one output file to another.

    Args:
        target: The linked file, relative to the output folder.
        here: The linking page, relative to the output folder.

    Returns:
        A URL path (percent-encoded where needed), e.g. ``../foo/bar.md``.
    """
    return quote(posixpath.relpath(f"/{target}", f"/{here.parent}"))


def heading_anchor(text: str) -> str:
    """Turn a heading (or a Zim anchor) into the id MkDocs gives that heading.

    Same rule as the default ``slugify`` of Python-Markdown's ``toc``.

    Args:
        text: The heading text.

    Returns:
        The anchor id, e.g. ``funcoes-de-ativacao``.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", ascii_text).strip().lower())


class PageLinks:
    """Where the links of one page point, for a page converted on its own.

    Alone, a page knows no other page: ``find`` finds nothing, so relative
    links resolve to siblings; every target is assumed to exist as a leaf
    page; files are assumed to sit next to the page. Subclasses that know the
    whole notebook override ``find``, ``output_path`` and ``file_href``.

    Attributes:
        page: The name of the page that holds the links.
    """

    def __init__(self, page: PageName) -> None:
        """Make the links of one page.

        Args:
            page: The name of the page that holds the links.
        """
        self.page = page

    def find(self, name: PageName) -> PageName | None:
        """Find an existing page or namespace by name.

        Args:
            name: The name to look for.

        Returns:
            The canonical name, or ``None`` (always, for a page alone).
        """
        return None

    def output_path(self, name: PageName) -> PurePosixPath | None:
        """Give the output path of a page.

        Args:
            name: A page name.

        Returns:
            The path relative to the output folder, or ``None`` when there is
            no such page.
        """
        return page_path(name)

    def file_href(self, target: str) -> str | None:
        """Give the link to a file (image, attachment) named in the page.

        Args:
            target: The file as written in Zim, relative to the page's
                attachment folder (``./fig.png``).

        Returns:
            The relative URL, or ``None`` when the file is outside the notebook.
        """
        if target.startswith(OUTSIDE_NOTEBOOK):
            return None
        return quote(posixpath.normpath(target))

    def page_href(self, link: str) -> str | None:
        """Give the link to a page named in a Zim link.

        Args:
            link: The link target, e.g. ``Ns:Page#anchor``, ``+Child``, ``:Root``.

        Returns:
            The relative URL with its anchor, or ``None`` when the page does not exist.
        """
        name, _, anchor = link.partition("#")
        fragment = f"#{heading_anchor(anchor)}" if anchor else ""
        if not name.strip():
            return fragment or None
        target = resolve_link(name, self.page, self.find)
        path = self.output_path(target) if target else None
        here = self.output_path(self.page) or page_path(self.page)
        return None if path is None else relative_href(path, here) + fragment


def convert(text: str, path: Path, links: PageLinks | None = None) -> Page:
    """Convert one Zim page to Markdown.

    Args:
        text: The page text, header included.
        path: The page file, for messages (and its name, for a page alone).
        links: How to resolve links; by default the page is taken alone
            (``PageLinks(page_name_from_file(path))``).

    Returns:
        The page; ``meta`` has ``format``, and from the header ``wiki_format``
        and ``created`` (ISO 8601), and ``tags`` when the page has any.

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
    converter = _Converter(path, links or PageLinks(page_name_from_file(path)))
    meta, start = converter.header(lines)
    blocks = converter.blocks(lines, start)
    title = converter.title
    if title is None:
        title = converter.links.page[-1]
        blocks.insert(0, f"# {_escape(title)}")
    if converter.tags:
        meta["tags"] = sorted(converter.tags)
    return Page(title=title, body="\n\n".join(blocks) + "\n", meta=meta, warnings=converter.warnings)


class _Converter:
    """The state of one page conversion: its links, warnings, tags and title."""

    def __init__(self, path: Path, links: PageLinks) -> None:
        self.path = path
        self.links = links
        self.warnings: list[str] = []
        self.tags: set[str] = set()
        self.title: str | None = None

    def warn(self, index: int | None, message: str) -> None:
        self.warnings.append(located_warning(self.path, None if index is None else index + 1, message))

    # Header -------------------------------------------------------------

    def header(self, lines: list[str]) -> tuple[dict[str, object], int]:
        """Read the header fields into meta; return meta and the first body line index."""
        meta: dict[str, object] = {"format": "zim"}
        if not lines[0].startswith(ZIM_CONTENT_TYPE):
            return meta, 0
        index = 0
        while index < len(lines) and (field := _HEADER_FIELD.fullmatch(lines[index])):
            name, value = field.group(1), field.group(2).strip()
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
        elif (int(version.group(1)), int(version.group(2))) > SUPPORTED_WIKI_FORMAT:
            self.warn(index, f"Wiki-Format {value!r} is newer than zim 0.6; converted as zim 0.6")

    def read_date(self, index: int, value: str, meta: dict[str, object]) -> None:
        try:
            meta["created"] = datetime.fromisoformat(value).isoformat()
        except ValueError:
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
            blocks.append(block)
        return blocks

    def closing_line(self, lines: list[str], index: int, closer: str, what: str) -> int:
        for end in range(index + 1, len(lines)):
            if lines[end].strip() == closer:
                return end
        raise ConversionError(self.path, index + 1, f"unterminated {what}: no closing {closer}")

    def verbatim(self, lines: list[str], index: int) -> tuple[str, int]:
        end = self.closing_line(lines, index, "'''", "''' verbatim block")
        return _fence(lines[index + 1 : end], ""), end + 1

    def code_object(self, lines: list[str], index: int) -> tuple[str, int]:
        kind, attributes = _OBJECT.fullmatch(lines[index].strip()).groups()
        end = self.closing_line(lines, index, "}}}", "{{{" + kind + " object")
        language = ""
        if kind == "code":
            language = dict(_OBJECT_ATTRIBUTE.findall(attributes)).get("lang", "")
            language = re.sub(r"[^\w+-]", "", _LANGUAGES.get(language, language))
        else:
            self.warn(index, f"object {kind!r} converted as a plain code block")
        info = f'python title="{NOT_RUN_TITLE}"' if language == "python" else language
        return _fence(lines[index + 1 : end], info), end + 1

    def heading(self, lines: list[str], index: int) -> tuple[str, int]:
        equals, text = _HEADING.fullmatch(lines[index]).groups()
        level = 7 - len(equals)
        if level == 1 and self.title is None:
            self.title = text
        return f"{'#' * level} {self.inline(text, index, line_start=False)}", index + 1

    def list_block(self, lines: list[str], index: int) -> tuple[str, int]:
        items, level = [], -1
        while index < len(lines) and (item := _LIST_ITEM.fullmatch(lines[index])):
            level = min(len(item.group(1)), level + 1)
            items.append("    " * level + self.list_item(item, index))
            index += 1
        return "\n".join(items), index

    def list_item(self, item: re.Match[str], index: int) -> str:
        _, bullet, number, box, text = item.groups()
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
            if box == ">":
                content = f"{content} (→ migrado)"
            elif box == "x" and content:  # Cancelled: neither done nor open.
                content = f"~~{content}~~"
        return f"{marker} {content}".rstrip()

    def table(self, lines: list[str], index: int) -> tuple[str, int]:
        alignments = [
            _ALIGNMENTS[cell.strip().startswith(":"), cell.strip().endswith(":")]
            for cell in _table_cells(lines[index + 1])
        ]
        rows = [self.table_row(lines[index], index)]
        index += 2
        while index < len(lines) and lines[index].lstrip().startswith("|"):
            rows.append(self.table_row(lines[index], index))
            index += 1
        width = max(len(alignments), *(len(row) for row in rows))
        alignments += ["---"] * (width - len(alignments))
        rows = [row + [""] * (width - len(row)) for row in rows]
        table = [rows[0], alignments, *rows[1:]]
        return "\n".join("| " + " | ".join(row) + " |" for row in table), index

    def table_row(self, line: str, index: int) -> list[str]:
        # In a Zim cell, "\n" is a line break and "\|" a literal pipe.
        cells = []
        for cell in _table_cells(line):
            text = re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), cell.strip())
            cells.append("<br>".join(self.inline(part.strip(), index, False) for part in text.split("\n")))
        return cells

    def paragraph(self, lines: list[str], index: int) -> tuple[str, int]:
        rendered = [self.inline(lines[index].strip(), index)]
        index += 1
        while index < len(lines) and lines[index].strip() and _block_kind(lines, index) == "paragraph":
            rendered.append(self.inline(lines[index].strip(), index))
            index += 1
        return "  \n".join(rendered), index

    # Inline -------------------------------------------------------------

    def inline(self, text: str, index: int, line_start: bool = True) -> str:
        """Render one line of Zim inline markup; ``index`` is the line, for warnings."""
        out, position = [], 0
        for token in _INLINE.finditer(text):
            out.append(_escape(text[position : token.start()], line_start and position == 0))
            out.append(self.token(token, index))
            position = token.end()
        out.append(_escape(text[position:], line_start and position == 0))
        return "".join(out)

    def token(self, token: re.Match[str], index: int) -> str:
        kind = token.lastgroup
        value = token.group(kind)
        if kind == "verbatim":
            return _code_span(value)
        if kind == "link":
            return self.link(value, index)
        if kind == "image":
            return self.image(value, index)
        if kind == "url":
            return f"<{value}>"
        if kind in ("email", "mailto"):
            return f"<{value}>"
        if kind == "tag":
            self.tags.add(value)
            return f"`@{value}`"
        inner = self.inline(value, index, line_start=False)
        if kind in ("sub", "sup"):
            # pymdownx ends a sub/superscript at an unescaped space.
            inner = inner.replace(" ", "\\ ")
        return _wrap(_STYLES[kind], inner)

    def link(self, content: str, index: int) -> str:
        target, _, label = (part.strip() for part in content.partition("|"))
        if _EXTERNAL.match(target):
            href: str | None = target
            label = label or target.removeprefix("mailto:")
        elif _EMAIL.fullmatch(target):
            href = f"mailto:{target}"
        elif target.startswith(_FILE_LINK):
            href = self.links.file_href(target)
            if href is None:
                self.warn(index, f"link to a file outside the notebook or missing: {target}")
        else:
            href = self.links.page_href(target)
            if href is None:
                self.warn(index, f"link to a missing page: {target}")
        text = _escape(label or target)
        return text if href is None else f"[{text}]({_destination(href)})"

    def image(self, content: str, index: int) -> str:
        source, _, alt = (part.strip() for part in content.partition("|"))
        target, _, query = source.partition("?")
        alt = _escape(alt or PurePosixPath(target).name or target)
        href = target if _EXTERNAL.match(target) else self.links.file_href(target)
        if href is None:
            self.warn(index, f"image outside the notebook or missing: {target}")
            return alt
        sizes = [f'{k}="{v}"' for k, v in parse_qsl(query) if k in ("width", "height") and v.isdigit()]
        attributes = f"{{ {' '.join(sizes)} }}" if sizes else ""
        return f"![{alt}]({_destination(href)}){attributes}"


def _block_kind(lines: list[str], index: int) -> str:
    """Tell which kind of block starts at a (non-blank) line."""
    line = lines[index]
    if line.strip() == "'''":
        return "verbatim"
    if _OBJECT.fullmatch(line.strip()):
        return "object"
    if _HEADING.fullmatch(line):
        return "heading"
    if _RULE.fullmatch(line):
        return "rule"
    if _LIST_ITEM.fullmatch(line):
        return "list"
    if (
        line.lstrip().startswith("|")
        and index + 1 < len(lines)
        and _TABLE_SEPARATOR.fullmatch(lines[index + 1])
    ):
        return "table"
    return "paragraph"


def _table_cells(line: str) -> list[str]:
    cells, cell = [], ""
    for part in _TABLE_ROW_PART.findall(line.strip()[1:]):
        if part == "|":
            cells.append(cell)
            cell = ""
        else:
            cell += part
    return cells + [cell] if cell.strip() else cells


def _escape(text: str, line_start: bool = False) -> str:
    """Escape plain text so Markdown shows it literally."""
    escaped = _ESCAPED.sub(_escape_match, text)
    start = _ESCAPED_AT_LINE_START.match(escaped) if line_start else None
    if start is None:
        return escaped
    if start.group()[0].isdigit():  # "1. " would start an ordered list.
        return f"{start.group()}\\{escaped[start.end():]}"
    return f"\\{escaped}"


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
    """Make a URL safe as a Markdown link destination (no spaces, no parentheses)."""
    return href.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
