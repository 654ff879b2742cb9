"""Front matter of the site's pages, read once per build for the cross-page features."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from tocha.examples.page_model import front_matter

_FIRST_HEADING = re.compile(r"^#\s+(.+?)\s*(\{.*\})?\s*$", re.MULTILINE)


@dataclass(frozen=True)
class PageInfo:
    """A page as other pages see it.

    Attributes:
        uri: Its path under ``docs/``.
        title: Its title as a reader sees it.
        meta: Its front matter.
    """

    uri: str
    title: str
    meta: dict = field(default_factory=dict, hash=False, compare=False)


def page_title(markdown: str, meta: dict, uri: str) -> str:
    """Return a page's title: front matter ``title``, else its first ``#`` heading, else its path.

    Args:
        markdown: The page body (front matter removed).
        meta: Its front matter.
        uri: Its path under ``docs/``, the last resort.

    Returns:
        The title.
    """
    if meta.get("title"):
        return str(meta["title"])
    match = _FIRST_HEADING.search(markdown)
    return match.group(1) if match else uri


def scan_pages(docs_dir: Path, uris: list[str]) -> list[PageInfo]:
    """Read the front matter and title of each page.

    Args:
        docs_dir: The ``docs/`` folder.
        uris: Paths of Markdown pages under it.

    Returns:
        One :class:`PageInfo` per page, in the given order.
    """
    pages = []
    for uri in uris:
        body, meta = front_matter((docs_dir / uri).read_text(encoding="utf-8"))
        pages.append(PageInfo(uri, page_title(body, meta, uri), meta))
    return pages


def relative_link(from_uri: str, to_uri: str) -> str:
    """Return the relative Markdown link from one page to another (both under ``docs/``)."""
    return posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")
