"""The API index: every torch/torchvision API the examples use, with the examples that use it.

Each edition has an index page (front matter ``api_index: true``) whose
placeholder (:data:`PLACEHOLDER`) becomes a table once every page of the
edition is rendered: one row per API, sorted by name, with a link to
its official documentation (:class:`~tocha.site.api_links.DocSite`) and links
to each example block that uses it (``page/#ex-2``). Each example links back:
under its stamp, a collapsed "APIs in this example" list points to these rows.

Rows have the id ``api-`` plus the name with ``-`` for ``.`` (``api-torch-nn-Linear``),
so that a fragment needs no CSS escaping. The index keeps each page's entries
until that page is rendered again, so ``mkdocs serve --dirty``, which renders
only the pages an edit touched, still lists every page.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field

from tocha.site.labels import Labels

#: Marker left in the index page's Markdown (an HTML comment: search never indexes it) and
#: replaced by the table once every page of the edition is rendered.
PLACEHOLDER = "<!-- TOCHA-API-INDEX -->"


def api_anchor(name: str) -> str:
    """The id of an API's row in the index (``api-torch-nn-Linear``)."""
    return "api-" + name.replace(".", "-")


@dataclass
class IndexedBlock:
    """One example block of a page, and the APIs it uses.

    Attributes:
        number: Its place among the page's executed blocks (1, 2...).
        names: The APIs it uses, each once, in code order.
    """

    number: int
    names: list[str]


@dataclass
class ApiIndex:
    """The API uses of one edition, page by page.

    Attributes:
        pages: Page path under ``docs/`` → its blocks.
        titles: Page path → title.
        urls: Page path → URL (relative to the edition's site root).
        kinds: API name → its kind (for its documentation URL).
        order: Page paths in reading order (``nav``), for the examples of a row.
    """

    pages: dict[str, list[IndexedBlock]] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    urls: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)

    def start_page(self, uri: str, url: str) -> None:
        """Forget a page's blocks: it is being rendered again."""
        self.pages[uri] = []
        self.urls[uri] = url

    def add_block(self, uri: str, number: int, uses: list[tuple[str, str]]) -> None:
        """Record a block's APIs: ``(name, kind)`` pairs, in code order (repeats are dropped)."""
        names: list[str] = []
        for name, kind in uses:
            self.kinds.setdefault(name, kind)
            if name not in names:
                names.append(name)
        self.pages.setdefault(uri, []).append(IndexedBlock(number, names))

    def set_title(self, uri: str, title: str) -> None:
        """Note a page's title (known once it is rendered)."""
        self.titles[uri] = title

    def entries(self) -> dict[str, list[tuple[str, int]]]:
        """API name → the ``(page, block number)`` pairs that use it; names sorted, pages in reading order."""
        rank = {uri: index for index, uri in enumerate(self.order)}
        found: dict[str, list[tuple[str, int]]] = {}
        for uri in sorted(self.pages, key=lambda uri: (rank.get(uri, len(rank)), uri)):
            for block in self.pages[uri]:
                for name in block.names:
                    found.setdefault(name, []).append((uri, block.number))
        return {name: found[name] for name in sorted(found, key=lambda name: (name.lower(), name))}

    def table_html(self, link_to: Callable[[str], str], doc_url: Callable[[str, str], str | None], labels: Labels) -> str:
        """The index: a summary line, then one row per API.

        Args:
            link_to: Page path → link to it from the index page.
            doc_url: ``(name, kind)`` → the official documentation, or ``None``.
            labels: The edition's words.
        """
        entries = self.entries()
        if not entries:
            return f"<p>{html.escape(labels.api_index_none)}</p>"
        blocks = {(uri, number) for uses in entries.values() for uri, number in uses}
        pages = {uri for uri, _ in blocks}
        summary = _bold(html.escape(labels.api_index_summary.format(apis=len(entries), blocks=len(blocks), pages=len(pages))))
        headers = [cell.strip() for cell in labels.api_index_header.strip("|").split("|")]
        rows = []
        for name, uses in entries.items():
            url = doc_url(name, self.kinds.get(name, ""))
            label = f"<code>{html.escape(name)}</code>"
            api = f'<a href="{html.escape(url)}">{label}</a>' if url else label
            rows.append(f'<tr id="{api_anchor(name)}"><td>{api}</td><td>{self._examples(uses, link_to, labels)}</td></tr>')
        head = "".join(f"<th>{html.escape(header)}</th>" for header in headers)
        return (
            f"<p>{summary}</p>\n"
            f'<div class="tocha-api-index"><table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n'
            + "\n".join(rows)
            + "\n</tbody>\n</table></div>"
        )

    def _examples(self, uses: list[tuple[str, int]], link_to: Callable[[str], str], labels: Labels) -> str:
        """``Page title (1, 3)``, one per page, each number linking to its block."""
        by_page: dict[str, list[int]] = {}
        for uri, number in uses:
            by_page.setdefault(uri, []).append(number)
        parts = []
        for uri, numbers in by_page.items():
            title = self.titles.get(uri, uri)
            link = link_to(uri)
            numbered = ", ".join(
                f'<a href="{html.escape(link)}#ex-{number}" '
                f'aria-label="{html.escape(labels.api_block.format(number=number, title=title))}">{number}</a>'
                for number in numbers
            )
            parts.append(f'<a href="{html.escape(link)}#ex-{numbers[0]}">{html.escape(title)}</a> ({numbered})')
        return "; ".join(parts)


def block_apis_html(names: list[str], index_link: str, labels: Labels) -> str:
    """The back-links under an example: a collapsed list of its APIs, each to its row in the index.

    Args:
        names: The block's APIs, in code order.
        index_link: The index page, relative to the example's page.
        labels: The edition's words.
    """
    if not names:
        return ""
    links = ", ".join(
        f'<a href="{html.escape(index_link)}#{api_anchor(name)}"><code>{html.escape(name)}</code></a>' for name in names
    )
    summary = html.escape(labels.block_apis.format(count=len(names)))
    return f'<details class="tocha-apis" data-search-exclude><summary>{summary}</summary><p>{links}</p></details>'


def _bold(text: str) -> str:
    """``**x**`` (already escaped) as ``<strong>x</strong>``."""
    parts = text.split("**")
    return "".join(f"<strong>{part}</strong>" if index % 2 else part for index, part in enumerate(parts))
