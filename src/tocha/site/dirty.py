"""Rebuild only what an edit changed: ``mkdocs serve --dirty`` (``make serve``) with the plugin's inputs.

MkDocs' dirty build renders a page again only when its Markdown file is newer
than its HTML. That misses what the Tocha plugin adds to a page:

* the output of the snippets it includes (in the English edition, of their
  translated variant, rewritten from the catalog at each build);
* what it gathers from every page: the glossary's terms, the "Fontes" boxes,
  and the navigation, which holds every page's title.

:class:`StaleOutputs` records what each page was built from. Before the next
build of an edition it removes the HTML of every page whose inputs changed, so
MkDocs renders that page again:

* a page whose included files changed (by content, not by date: the English
  variants are rewritten at each build);
* every page of the edition when the site's structure changed: the list of
  pages, any page's title or front matter, ``mkdocs.yml``, or the edition's
  snippet catalog.

The pages MkDocs does not render again are not read either, so they have no
title for the others' navigation: :meth:`StaleOutputs.restore_titles` gives
them the title of their last rendering. A prose edit or a snippet edit thus
renders one page per edition, and the result is the page a clean build gives.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tocha.site.pages import PageInfo


def file_digest(path: Path) -> str:
    """The content hash of a file; empty when it no longer exists (so it differs from any recorded one)."""
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    except FileNotFoundError:
        return ""


def structure_fingerprint(pages: Iterable[PageInfo], inputs: Iterable[Path]) -> str:
    """A hash of what every page of an edition shows: pages, titles, front matter, and site-wide input files.

    Args:
        pages: The edition's pages (:func:`tocha.site.pages.scan_pages`).
        inputs: Files every page depends on (``mkdocs.yml``, the edition's catalog).
    """
    listing = [[page.uri, page.title, page.meta] for page in pages]
    digest = hashlib.blake2b(json.dumps(listing, sort_keys=True, default=str).encode(), digest_size=16)
    for path in inputs:
        digest.update(f"{path}:{file_digest(path)}".encode())
    return digest.hexdigest()


@dataclass
class StaleOutputs:
    """What each built page was made from, kept across the rebuilds of ``mkdocs serve``.

    Attributes:
        inputs: A page's HTML file → each file its blocks included → its content hash then.
        structures: Edition URL prefix (``""``, ``en/``) → its :func:`structure_fingerprint` at the last build.
        titles: A page's HTML file → the title its last rendering gave it.
    """

    inputs: dict[str, dict[str, str]] = field(default_factory=dict)
    structures: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)

    def record(self, output: str, included: Iterable[Path]) -> None:
        """Note files a page's block included, with their content now.

        Args:
            output: The page's HTML file (``page.file.abs_dest_path``).
            included: The files the block included.
        """
        known = self.inputs.setdefault(output, {})
        for path in included:
            known.setdefault(str(path), file_digest(path))

    def start_page(self, output: str) -> None:
        """Forget what a page was made from: it is about to be rendered again."""
        self.inputs.pop(output, None)

    def rendered(self, output: str, title: str | None) -> None:
        """Note the title a page's rendering gave it (the first heading, or its front matter's)."""
        if title is not None:
            self.titles[output] = title

    def restore_titles(self, pages: Iterable, config: object) -> int:
        """Give each page that this dirty build will not render the title of its last rendering.

        MkDocs reads a page only when it renders it; a page it skips has no
        title, and the navigation of every rendered page would show ``None``.
        The skipped page's source is read (front matter included) and its
        last title set as its front matter's ``title``, which MkDocs prefers.

        Args:
            pages: The navigation's pages (``nav.pages``).
            config: The build's MkDocs config.

        Returns:
            How many pages got their title back.
        """
        restored = 0
        for page in pages:
            title = self.titles.get(page.file.abs_dest_path)
            if title is None or page.file.is_modified():
                continue
            page.read_source(config)
            page.meta.setdefault("title", title)
            restored += 1
        return restored

    def remove_stale(self, edition: str, fingerprint: str, outputs: Iterable[str]) -> list[str]:
        """Remove the HTML of every page of an edition that must be rendered again.

        Args:
            edition: The edition's URL prefix.
            fingerprint: Its :func:`structure_fingerprint` now.
            outputs: Its pages' HTML files.

        Returns:
            The removed files (none on the first build: nothing is recorded yet).
        """
        previous = self.structures.get(edition)
        self.structures[edition] = fingerprint
        if previous is None:
            return []
        removed = []
        for output in outputs:
            stale = previous != fingerprint or any(
                file_digest(Path(path)) != digest for path, digest in self.inputs.get(output, {}).items()
            )
            if stale and Path(output).is_file():
                Path(output).unlink()
                removed.append(output)
        return removed
