"""Shared types of the converters: the converted page and the conversion error.

Also what every converter uses to write untrusted text safely (a note's or a
source's text is untrusted: nothing in it may run code on the site or at build):

* :func:`safe_title` makes a title safe as HTML text. The Material theme writes
  ``page.title`` (the front matter ``title``, and a ``_nav.yml`` label) into the
  navigation, the header, the footer and ``<title>`` without escaping it, as
  MkDocs' own titles (taken from a heading) come escaped already.
* :func:`url_scheme` reads the scheme of a link target as a browser does, and
  :func:`url_allowed` keeps only :data:`ALLOWED_URL_SCHEMES` and relative targets.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto", "file", "smb"})
"""The schemes a link or image target may have (besides a relative target): the
ones the importer's reference page lists (``smb:`` is where Zim's share links go)."""

# A complete character reference: kept by safe_title, so that it never escapes twice.
_HTML_SPECIAL = re.compile(r"&(?!#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)|[<>\"]")
_HTML_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
# What a browser drops from a URL before reading its scheme (WHATWG URL: C0 controls
# and spaces at the ends; tabs and newlines anywhere).
_URL_ENDS = "".join(map(chr, range(0x21)))
_URL_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_URL_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
# Where a scheme can be, before decoding: scheme signs, character references, blanks and
# controls; a target's scheme is read on this start of it only, the rest cannot change it.
_URL_SCHEME_PART = re.compile(r"[A-Za-z0-9+.\-&#;:\x00-\x20]*")


class ConversionError(Exception):
    """An input that cannot be converted.

    Printed by the command line as ``file:line: message`` (no traceback).

    Attributes:
        path: The input file (or folder) at fault.
        line: The 1-based line number, or ``None`` when the whole input is at fault.
        message: What is wrong, for a person.
    """

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.path = Path(path)
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else f"{self.path}"
        return f"{where}: {self.message}"


@dataclass
class Page:
    """One converted page, ready to be written as Markdown.

    Attributes:
        title: The page title (also the first ``#`` heading of ``body``).
        body: The Markdown text of the page, without front matter.
        meta: Front matter fields (``source_file``, ``format``, ``language``, ``date``, ...).
        warnings: Messages for the person running the import (unknown date, newer format...).
    """

    title: str
    body: str
    meta: dict[str, object] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


class ConversionFailed(Exception):
    """Several inputs could not be converted; nothing was written.

    Attributes:
        errors: Every error found, in input order.
    """

    def __init__(self, errors: list[ConversionError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


def located_warning(path: Path | str, line: int | None, message: str) -> str:
    """Format a warning about one place of an input, for ``Page.warnings``.

    Args:
        path: The input file.
        line: The 1-based line number, or ``None`` for the whole file.
        message: What is odd, for a person.

    Returns:
        ``file:line: warning: message`` (``file: warning: message`` without a line),
        the form the command line prints as is.
    """
    where = f"{path}:{line}" if line is not None else f"{path}"
    return f"{where}: warning: {message}"


def safe_title(text: str) -> str:
    """Make a title (or a navigation label) safe to write as HTML text.

    ``<``, ``>``, ``"`` and an ``&`` that starts no character reference become
    character references, which show as the character itself in the page's
    ``<title>``, navigation, header and footer. A complete character reference
    (``&amp;``, ``&#60;``) is kept, so that a title made safe stays the same
    when made safe again (a label taken from ``Page.title`` may pass twice).

    Args:
        text: The title as the reader should see it.

    Returns:
        The title, with no HTML markup left in it.
    """
    return _HTML_SPECIAL.sub(lambda match: _HTML_ENTITIES[match.group()], text)


def url_scheme(href: str, start: int = 0) -> str | None:
    """Read the scheme of a link target as a browser does.

    Character references are decoded (the page's HTML holds the target in an
    attribute), C0 controls and spaces at its ends and tabs and newlines
    anywhere are dropped, and the scheme is lowercased: ``JaVaScRiPt:``,
    ``java\\tscript:`` and ``&#106;avascript:`` all give ``javascript``.

    Args:
        href: The link or image target, as written into the page (or a text that holds it).
        start: Where the target starts in ``href``.

    Returns:
        The scheme, lowercase, or ``None`` for a relative target.
    """
    head = _URL_SCHEME_PART.match(href, start).group()
    url = _URL_TAB_OR_NEWLINE.sub("", html.unescape(head).strip(_URL_ENDS))
    match = _URL_SCHEME.match(url)
    return match.group(1).lower() if match else None


def url_allowed(href: str, start: int = 0) -> bool:
    """Tell whether a link or image target may be written into a page.

    Args:
        href: The target, as written into the page (or a text that holds it).
        start: Where the target starts in ``href``.

    Returns:
        True for a relative target and for one whose scheme (see
        :func:`url_scheme`) is in :data:`ALLOWED_URL_SCHEMES`.
    """
    scheme = url_scheme(href, start)
    return scheme is None or scheme in ALLOWED_URL_SCHEMES


def url_warning(href: str, start: int = 0) -> str:
    """Say why a link target was not kept (see :func:`url_allowed`).

    Args:
        href: The target that was refused (or a text that holds it).
        start: Where the target starts in ``href``.

    Returns:
        The warning, naming the scheme and the target (its first 60 characters).
    """
    shown = re.match(r"[^\s)>]*", href[start : start + 60]).group()
    return f"link to a {url_scheme(href, start)}: URL, a scheme the site does not allow; kept as text: {shown}"
