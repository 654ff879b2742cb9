"""Link curated pages and the source pages they draw on, both ways.

A curated page names its sources in its front matter::

    sources:
      - 003_54b2f311b00647a8.txt

and a source page (made by the importer) names the file it renders with
``source_file:``. From those two fields alone the build adds a "Fontes" box to
each curated page and, on each source page, the list of curated pages built
from it; nothing is kept by hand in two places.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.utils.meta import get_data

_FIRST_HEADING = re.compile(r"^#\s+(.+?)\s*(\{.*\})?\s*$", re.MULTILINE)


class SourceLinkError(ValueError):
    """A curated page cites a source file that has no source page."""


@dataclass(frozen=True)
class PageRef:
    """A page as a link target: its path under ``docs/`` and its title."""

    uri: str
    title: str


def page_title(markdown: str, meta: dict, uri: str) -> str:
    """Return a page's title: front matter ``title``, else its first ``#`` heading, else its path.

    Args:
        markdown: The page body (front matter removed).
        meta: Its front matter.
        uri: Its path under ``docs/``, the last resort.

    Returns:
        The title as a reader sees it.
    """
    if meta.get("title"):
        return str(meta["title"])
    match = _FIRST_HEADING.search(markdown)
    return match.group(1) if match else uri


def relative_link(from_uri: str, to_uri: str) -> str:
    """Return the relative Markdown link from one page to another (both under ``docs/``)."""
    return posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")


@dataclass
class SourceIndex:
    """Which page renders each source file, and which curated pages cite it.

    Attributes:
        source_pages: Source file name → its source page.
        citations: Source file name → curated pages that list it under ``sources:``.
    """

    source_pages: dict[str, PageRef] = field(default_factory=dict)
    citations: dict[str, list[PageRef]] = field(default_factory=dict)

    @classmethod
    def scan(cls, docs_dir: Path, uris: list[str]) -> SourceIndex:
        """Read the front matter of the given pages and index sources and citations.

        Args:
            docs_dir: The ``docs/`` folder.
            uris: Paths of the Markdown pages under it, in navigation order.

        Returns:
            The index.

        Raises:
            SourceLinkError: If a page cites a source file that no page renders.
        """
        index = cls()
        cited: list[tuple[PageRef, str]] = []
        for uri in uris:
            body, meta = get_data((docs_dir / uri).read_text(encoding="utf-8"))
            ref = PageRef(uri, page_title(body, meta, uri))
            if meta.get("source_file"):
                index.source_pages[str(meta["source_file"])] = ref
            cited += [(ref, str(name)) for name in meta.get("sources") or []]
        for ref, name in cited:
            if name not in index.source_pages:
                raise SourceLinkError(f"{ref.uri}: cites source {name!r}, but no page has 'source_file: {name}'")
            index.citations.setdefault(name, []).append(ref)
        return index

    def sources_box(self, uri: str, sources: list[str]) -> str:
        """Return the "Fontes" admonition for a curated page.

        Args:
            uri: The curated page's path.
            sources: The source file names from its front matter.

        Returns:
            Markdown to append to the page.
        """
        items = "\n".join(
            f"    - [{self.source_pages[name].title}]({relative_link(uri, self.source_pages[name].uri)})"
            for name in sources
        )
        return f'\n\n!!! info "Fontes"\n\n    Esta página foi escrita a partir de:\n\n{items}\n'

    def derived_pages_section(self, uri: str, source_file: str) -> str:
        """Return the section listing the curated pages built from a source.

        Args:
            uri: The source page's path.
            source_file: The source file it renders.

        Returns:
            Markdown to append to the source page.
        """
        pages = self.citations.get(source_file, [])
        if not pages:
            listing = "Nenhuma página do wiki cita esta fonte ainda."
        else:
            listing = "\n".join(f"- [{ref.title}]({relative_link(uri, ref.uri)})" for ref in pages)
        return f"\n\n## Páginas do wiki baseadas nesta fonte {{ #paginas-derivadas }}\n\n{listing}\n"
