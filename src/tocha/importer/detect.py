"""Input side of the importer: reading a source file safely and guessing its format."""

from __future__ import annotations

import re
from pathlib import Path

from tocha.importer.base import ConversionError

ZIM_CONTENT_TYPE = "Content-Type: text/x-zim-wiki"
"""The first line of every Zim page."""

_MARKDOWN_SYNTAX = re.compile(r"^(?:#{1,6}[ \t]+\S|```|~~~)", re.MULTILINE)


def read_source(path: Path) -> str:
    """Read a source file as text, refusing what no converter can handle.

    Args:
        path: The file to read.

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
        raise ConversionError(path, None, f"cannot read: {error.strerror or error}") from None
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
    or Markdown syntax (an ATX heading, a code fence) means ``markdown``;
    anything else is ``plaintext``.

    Args:
        text: The source text.
        path: The source file (only its extension is used).

    Returns:
        ``zim``, ``markdown`` or ``plaintext`` (see ``files.FORMATS``).
    """
    if text.lstrip("\ufeff").startswith(ZIM_CONTENT_TYPE):
        return "zim"
    if path.suffix.lower() in (".md", ".markdown") or _MARKDOWN_SYNTAX.search(text):
        return "markdown"
    return "plaintext"


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1
