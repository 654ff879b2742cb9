"""Shared types of the converters: the converted page and the conversion error."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


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
