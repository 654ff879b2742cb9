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

from dataclasses import dataclass, field

from tocha.site.labels import DEFAULT_LOCALE, LABELS, Labels
from tocha.site.pages import PageInfo, relative_link


class SourceLinkError(ValueError):
    """A curated page cites a source file that has no source page."""


@dataclass
class SourceIndex:
    """Which page renders each source file, and which curated pages cite it.

    Attributes:
        source_pages: Source file name → its source page.
        citations: Source file name → curated pages that list it under ``sources:``.
    """

    source_pages: dict[str, PageInfo] = field(default_factory=dict)
    citations: dict[str, list[PageInfo]] = field(default_factory=dict)

    @classmethod
    def from_pages(cls, pages: list[PageInfo]) -> SourceIndex:
        """Index source pages (``source_file:``) and the curated pages citing them (``sources:``).

        Args:
            pages: Every page of the site, in navigation order.

        Returns:
            The index.

        Raises:
            SourceLinkError: If a page cites a source file that no page renders.
        """
        index = cls()
        for page in pages:
            if page.meta.get("source_file"):
                index.source_pages[str(page.meta["source_file"])] = page
        for page in pages:
            for name in map(str, page.meta.get("sources") or []):
                if name not in index.source_pages:
                    raise SourceLinkError(f"{page.uri}: cites source {name!r}, but no page has 'source_file: {name}'")
                index.citations.setdefault(name, []).append(page)
        return index

    def order_citations(self, uris_in_reading_order: list[str]) -> None:
        """Sort each source's citing pages in the site's reading (navigation) order.

        Args:
            uris_in_reading_order: Page paths as the navigation lists them; pages
                missing from it go last, by path.
        """
        position = {uri: index for index, uri in enumerate(uris_in_reading_order)}
        for pages in self.citations.values():
            pages.sort(key=lambda page: (position.get(page.uri, len(position)), page.uri))

    def sources_box(self, uri: str, sources: list[str], labels: Labels = LABELS[DEFAULT_LOCALE]) -> str:
        """Return the "Fontes" admonition for a curated page.

        Args:
            uri: The curated page's path.
            sources: The source file names from its front matter.
            labels: The edition's words.

        Returns:
            Markdown to append to the page.
        """
        items = "\n".join(
            f"    - [{self.source_pages[name].title}]({relative_link(uri, self.source_pages[name].uri)})"
            for name in sources
        )
        return f'\n\n!!! info "{labels.sources_title}"\n\n    {labels.sources_intro}\n\n{items}\n'

    def derived_pages_section(self, uri: str, source_file: str, labels: Labels = LABELS[DEFAULT_LOCALE]) -> str:
        """Return the section listing the curated pages built from a source.

        Args:
            uri: The source page's path.
            source_file: The source file it renders.
            labels: The edition's words.

        Returns:
            Markdown to append to the source page.
        """
        pages = self.citations.get(source_file, [])
        if not pages:
            listing = labels.derived_none
        else:
            listing = "\n".join(f"- [{page.title}]({relative_link(uri, page.uri)})" for page in pages)
        return f"\n\n## {labels.derived_heading} {{ #paginas-derivadas }}\n\n{listing}\n"
