"""Input side of the importer: reading a source file safely and guessing its format."""

from __future__ import annotations

import re
from pathlib import Path

from tocha.importer.base import ConversionError

ZIM_CONTENT_TYPE = "Content-Type: text/x-zim-wiki"
"""The first line of every Zim page."""

_MARKDOWN_SYNTAX = re.compile(r"^(?:#{1,6}[ \t]+\S|```|~~~)", re.MULTILINE)
# A Zim heading with as many "=" on each side ("====== Title ======"): what Zim
# writes at the top of every page, and what no other format the importer reads uses.
_ZIM_HEADING = re.compile(r"^(={2,6})[ \t]+\S[^\n]*?[ \t]+\1[ \t]*$", re.MULTILINE)


def read_source(path: Path, shown: Path | None = None) -> str:
    """Read a source file as text, refusing what no converter can handle.

    Args:
        path: The file to read.
        shown: The name to give the file in errors, when it is read through
            another path (a notebook file reached by a link); by default ``path``.

    Returns:
        The text (UTF-8, a leading byte order mark removed).

    Raises:
        ConversionError: The file cannot be read, is empty, is binary (has a
            NUL byte) or is not valid UTF-8; the line is that of the first
            bad byte.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ConversionError(shown or path, None, f"cannot read: {error.strerror or error}") from None
    return _decode(data, shown or path)


def _decode(data: bytes, path: Path) -> str:
    """Decode a source's bytes, or say (by line) why they are no text."""
    if not data.strip():
        raise ConversionError(path, 1, "empty file")
    if b"\0" in data:
        raise ConversionError(path, _line_of(data, data.index(b"\0")), "binary file (NUL byte)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        message = f"invalid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})"
        raise ConversionError(path, _line_of(data, error.start), message) from None


def detect_format(text: str, path: Path) -> str:
    """Guess the format of a source.

    The Zim header on line 1 means ``zim``; else a ``.md``/``.markdown`` name
    means ``markdown``; else a Zim heading line (``====== Title ======``,
    as many ``=`` on each side: a Zim page whose header was lost) means
    ``zim``; else Markdown syntax (an ATX heading, a code fence) means
    ``markdown``; anything else is ``plaintext``.

    Args:
        text: The source text.
        path: The source file (only its extension is used).

    Returns:
        ``zim``, ``markdown`` or ``plaintext`` (see ``files.FORMATS``).
    """
    if text.lstrip("\ufeff").startswith(ZIM_CONTENT_TYPE):
        return "zim"
    if path.suffix.lower() in (".md", ".markdown"):
        return "markdown"
    if _ZIM_HEADING.search(text):
        return "zim"
    if _MARKDOWN_SYNTAX.search(text):
        return "markdown"
    return "plaintext"


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1
