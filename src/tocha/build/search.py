"""Search that finds a concept as readers type it: with or without accents, in pt-BR or English.

Material for MkDocs' search (lunr, in a web worker) stays: its look, keyboard
behaviour and ranking. The build adds three things around it:

* **Keywords.** Each page's ``terms:`` (pt and en: the glossary's entries, as
  :func:`tocha.build.glossary.collect_terms` reads them) become a ``keywords``
  field of the page's entry in ``search_index.json``, and of the section each
  term points to. ``mkdocs.yml`` boosts the field, so the page *about* a
  concept ranks above pages that only mention it.
* **Accent folding.** The site serves a small worker, ``tocha-search.*.js``,
  that loads Material's worker and folds accents in queries and in every token
  indexed or searched (:data:`WORKER_SOURCE`).
* **One edition per search.** mkdocs-static-i18n writes one index for both
  editions; the worker keeps the pages of the reader's edition, which each
  page names in the worker's URL.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from tocha.build.glossary import Term

WORKER_SOURCE = "search_worker.js"
"""The worker wrapper, package data of ``tocha.build``."""

_MATERIAL_WORKER = re.compile(r"(assets/javascripts/workers/)(search\.[0-9a-f]+\.min\.js)")


@dataclass
class SearchKeywords:
    """The keywords of each search entry (page or section), gathered while pages render.

    Attributes:
        by_location: Search-index location (``conceitos/tensores/``,
            ``en/conceitos/tensores/#broadcasting``) → its keywords, in order.
    """

    by_location: dict[str, list[str]] = field(default_factory=dict)

    def add_terms(self, terms: list[Term], urls: dict[str, str]) -> None:
        """Record each glossary term for its page's entry and its section's.

        Args:
            terms: An edition's terms.
            urls: Page path under ``docs/`` → its URL, as the search index names it
                (``conceitos/tensores/``).
        """
        for term in terms:
            url = urls[term.page.uri]
            self._add(url, [term.pt, term.en])
            self._add(f"{url}#{term.anchor}", [term.pt, term.en])

    def _add(self, location: str, words: list[str]) -> None:
        known = self.by_location.setdefault(location, [])
        known += [word for word in words if word not in known]

    def apply(self, index_file: Path) -> int:
        """Write the keywords into a Material ``search_index.json`` (entries already there get theirs replaced).

        Returns:
            The number of entries that got keywords.
        """
        index = json.loads(index_file.read_text(encoding="utf-8"))
        count = 0
        for doc in index["docs"]:
            words = self.by_location.get(doc["location"])
            doc.pop("keywords", None)
            if words:
                doc["keywords"] = " ".join(words)
                count += 1
        index_file.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        return count


def in_edition(location: str, edition: str, others: list[str]) -> bool:
    """Whether a search-index location belongs to an edition (the worker's own test, in ``search_worker.js``).

    Args:
        location: A location in the index (``en/conceitos/tensores/#broadcasting``).
        edition: The edition's URL prefix (``en/``), empty for the default edition.
        others: The other editions' prefixes (all but the default edition's).
    """
    return location.startswith(edition) if edition else not any(location.startswith(prefix) for prefix in others)


@dataclass
class SearchPages:
    """Each page's search entries, as Material's search made them when the page last rendered.

    The site's index is written from these, both editions together. Under
    ``mkdocs serve --dirty`` a rebuild renders only the changed pages; the
    entries of the others are kept from earlier builds (Material's own merge of
    earlier entries does not survive mkdocs-static-i18n's second edition).

    Attributes:
        by_page: A page's URL (``conceitos/tensores/``, ``en/``) → its entries (page, then sections).
    """

    by_page: dict[str, list[dict]] = field(default_factory=dict)

    def record(self, url: str, entries: list[dict]) -> None:
        """Keep a just-rendered page's entries: those at its URL or at one of its sections (``url#id``)."""
        self.by_page[url] = [entry for entry in entries if entry["location"].partition("#")[0] == url]

    def keep_only(self, urls: list[str], edition: str, others: list[str]) -> None:
        """Forget the pages of an edition that it no longer has (deleted or renamed while serving)."""
        present = set(urls)
        for url in [url for url in self.by_page if in_edition(url, edition, others) and url not in present]:
            del self.by_page[url]

    def apply(self, index_file: Path) -> int:
        """Replace the entries of a Material ``search_index.json`` with the recorded ones.

        Returns:
            The number of entries written.
        """
        index = json.loads(index_file.read_text(encoding="utf-8"))
        index["docs"] = [entry for entries in self.by_page.values() for entry in entries]
        index_file.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        return len(index["docs"])


def install_worker(site_dir: Path) -> Path | None:
    """Write the worker wrapper beside Material's search worker in a built site.

    Returns:
        The wrapper's path (``tocha-`` + Material's worker file name), or ``None``
        when the site has no Material search worker.
    """
    workers = sorted((site_dir / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    if not workers:
        return None
    target = workers[0].with_name("tocha-" + workers[0].name)
    source = resources.files("tocha.build").joinpath(WORKER_SOURCE).read_text(encoding="utf-8")
    target.write_text(source, encoding="utf-8")
    return target


def use_worker(html: str, edition: str, others: list[str]) -> str:
    """Point a page's Material config at the worker wrapper, naming the page's edition.

    Args:
        html: The page.
        edition: The edition's URL prefix (``en/``), empty for the default edition.
        others: The other editions' prefixes (all but the default edition's).

    Returns:
        The page, its ``__config`` search worker replaced (unchanged without one).
    """
    query = f"?edition={edition}&others={','.join(others)}"
    return _MATERIAL_WORKER.sub(lambda match: f"{match[1]}tocha-{match[2]}{query}", html, count=1)
