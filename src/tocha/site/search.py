"""Search that finds a concept as readers type it: with or without accents, in pt-BR or English.

Material for MkDocs' search (lunr, in a web worker) stays: its look, keyboard
behaviour and ranking. The build adds these things around it:

* **Keywords.** Each page's ``terms:`` (pt and en: the glossary's entries, as
  :func:`tocha.site.glossary.collect_terms` reads them) become a ``keywords``
  field of the page's entry in ``search_index.json``, and of the section each
  term points to; so do the phrases of its front matter's ``search: keywords:``
  (the tasks it answers, as readers type them: "como salvar o modelo"), for the
  page's entry. ``mkdocs.yml`` boosts the field, so the page *about* a concept
  or a task ranks above pages that only mention it.
* **Headings.** A page's entry gets the headings of its sections as a
  ``headings`` field (``mkdocs.yml`` boosts it as a title): the page itself
  matches every word of them, so the result Material shows first for a page,
  its own entry, does not list a word of a section's heading as missing
  ("CUDA out of memory" showed "Ausente: ~~cuda~~": the page's entry had the
  section's keywords, "out of memory", not its heading).
* **Tooling last.** The entries of pages whose front matter says
  ``search: tooling: true`` (the project's own reference, ``docs/referencia/``)
  are marked ``tooling``; the worker lists those pages after every reader page.
* **Accent folding.** The site serves a small worker, ``tocha-search.*.js``,
  that loads Material's worker and folds accents in queries and in every token
  indexed or searched (:data:`WORKER_SOURCE`).
* **One edition per search.** mkdocs-static-i18n writes one index for both
  editions; the worker keeps the pages of the reader's edition, which each
  page names in the worker's URL.
* **Imported notes in a chunked index.** Material's worker downloads the whole
  index and builds it in the reader's browser before the first answer: with a
  notebook of 3,000 notes that took 5 s on a throttled phone profile, and it
  grows with every note. The notes (pages under an import manifest,
  :func:`tocha.site.editions.imported_folders`) leave Material's index; after
  the build, :func:`index_notes` indexes them with Pagefind, one bundle per
  edition (``pagefind/``, ``en/pagefind/``), whose index is split in chunks a
  query downloads as it needs them. The worker asks both: it shows the wiki's
  pages as soon as lunr answers, and the notes found by Pagefind after them.

Front matter, all optional (Material reads ``exclude`` and ``boost`` of the
same mapping)::

    search:
      keywords:
        - como salvar o modelo
        - carregar um checkpoint
      tooling: true
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from urllib.parse import unquote

from tocha.site.glossary import Term
from tocha.site.pages import PageInfo

WORKER_SOURCE = "search_worker.js"
"""The worker wrapper, package data of ``tocha.site``."""

NOTES_BUNDLE = "pagefind"
"""The folder of an edition's notes index (``pagefind/``, ``en/pagefind/``), Pagefind's own name."""
#: What of a note Pagefind indexes: the article (not the navigation, header and footer around it),
#: without the heading anchors' "¶".
NOTE_ROOT = "article.md-content__inner"
NOTE_IGNORED = ".headerlink"
#: Files of a Pagefind bundle that the worker never loads (Pagefind's own search interfaces).
_UNUSED_BUNDLE_FILES = ("pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*", "pagefind-highlight.js")

_MATERIAL_WORKER = re.compile(r"(assets/javascripts/workers/)(search\.[0-9a-f]+\.min\.js)")
_TAG = re.compile(r"<[^>]+>")


class SearchSettingsError(ValueError):
    """A page's ``search:`` front matter is not what the build reads."""


def index_location(url: str) -> str:
    """A page's URL as the search index names it: the home page's ``./`` is ``""`` there (MkDocs' ``Page.url``)."""
    return "" if url == "./" else url


@dataclass
class SearchKeywords:
    """The keywords of each search entry (page or section) and the tooling pages, gathered while pages render.

    Attributes:
        by_location: Search-index location (``conceitos/tensores/``,
            ``en/conceitos/tensores/#broadcasting``) → its keywords, in order.
        tooling: Locations of the pages about the project's own tooling.
    """

    by_location: dict[str, list[str]] = field(default_factory=dict)
    tooling: set[str] = field(default_factory=set)

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

    def add_pages(self, pages: list[PageInfo], urls: dict[str, str]) -> None:
        """Record each page's ``search:`` front matter: its ``keywords`` for its entry, whether it is ``tooling``.

        Args:
            pages: An edition's pages, their front matter read.
            urls: Page path under ``docs/`` → its URL (``conceitos/tensores/``; ``./`` for the home page).

        Raises:
            SearchSettingsError: ``search`` is not a mapping, ``keywords`` not a list of phrases,
                or ``tooling`` not true or false.
        """
        for page in pages:
            settings = page.meta.get("search") or {}
            if not isinstance(settings, dict):
                raise SearchSettingsError(f"{page.uri}: search must be a mapping (keywords, tooling, ...): {settings!r}")
            keywords = settings.get("keywords") or []
            if not isinstance(keywords, list) or not all(isinstance(phrase, str) and phrase.strip() for phrase in keywords):
                raise SearchSettingsError(f"{page.uri}: search: keywords must be a list of phrases: {keywords!r}")
            tooling = settings.get("tooling", False)
            if not isinstance(tooling, bool):
                raise SearchSettingsError(f"{page.uri}: search: tooling must be true or false: {tooling!r}")
            location = index_location(urls[page.uri])
            self._add(location, [phrase.strip() for phrase in keywords])
            # Rebuilds while serving read the front matter again: a page no longer marked leaves the set.
            (self.tooling.add if tooling else self.tooling.discard)(location)

    def _add(self, location: str, words: list[str]) -> None:
        known = self.by_location.setdefault(location, [])
        known += [word for word in words if word not in known]

    def apply(self, index_file: Path) -> int:
        """Write keywords, headings and tooling marks into a Material ``search_index.json``.

        Entries already there get theirs replaced. Each page's entry gets the
        headings of its sections (``headings``, their markup removed); each
        entry of a tooling page gets ``"tooling": true``.

        Returns:
            The number of entries that got keywords.
        """
        index = json.loads(index_file.read_text(encoding="utf-8"))
        headings: dict[str, list[str]] = {}
        for doc in index["docs"]:
            page, _, section = doc["location"].partition("#")
            if section and doc.get("title"):
                headings.setdefault(page, []).append(_TAG.sub("", doc["title"]).strip())
        count = 0
        for doc in index["docs"]:
            words = self.by_location.get(doc["location"])
            page, _, section = doc["location"].partition("#")
            for name in ("keywords", "headings", "tooling"):
                doc.pop(name, None)
            if words:
                doc["keywords"] = " ".join(words)
                count += 1
            if not section and headings.get(page):
                doc["headings"] = " ".join(headings[page])
            if page in self.tooling:
                doc["tooling"] = True
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
    #: The entry list last read (held, so it is never another build's list) and how many of its
    #: entries had been read: each page's entries are the ones Material added since, so a build
    #: reads every entry once, not once per page (quadratic in a notebook of thousands of notes).
    _read: tuple[list[dict] | None, int] = (None, 0)

    def record(self, url: str, entries: list[dict]) -> None:
        """Keep a just-rendered page's entries: those at its URL or at one of its sections (``url#id``).

        Material's search appends a page's entries to ``entries`` as the page renders; only
        those added since the previous call are read (a new build's list starts over).
        """
        listed, read = self._read
        start = read if listed is entries and read <= len(entries) else 0
        self.by_page[url] = [entry for entry in entries[start:] if entry["location"].partition("#")[0] == url]
        self._read = (entries, len(entries))

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
    source = resources.files("tocha.site").joinpath(WORKER_SOURCE).read_text(encoding="utf-8")
    target.write_text(source, encoding="utf-8")
    return target


def use_worker(html: str, edition: str, others: list[str], *, notes: bool = False) -> str:
    """Point a page's Material config at the worker wrapper, naming the page's edition.

    Args:
        html: The page.
        edition: The edition's URL prefix (``en/``), empty for the default edition.
        others: The other editions' prefixes (all but the default edition's).
        notes: Whether the edition has imported notes, which :func:`index_notes` indexes.

    Returns:
        The page, its ``__config`` search worker replaced (unchanged without one).
    """
    query = f"?edition={edition}&others={','.join(others)}" + ("&notes=1" if notes else "")
    return _MATERIAL_WORKER.sub(lambda match: f"{match[1]}tocha-{match[2]}{query}", html, count=1)


class NotesIndexError(RuntimeError):
    """Pagefind failed to index the imported notes."""


def index_notes(site_dir: Path, folders: list[str], editions: dict[str, str]) -> list[Path]:
    """Index the imported notes of each edition with Pagefind, into the edition's :data:`NOTES_BUNDLE` folder.

    Args:
        site_dir: The built site (both editions).
        folders: The imported folders (``notas/``), relative to ``docs/``.
        editions: Each edition's URL prefix (``""``, ``en/``) → its language (``pt``, ``en``): Pagefind
            stems and folds words by it.

    Returns:
        The bundles written (none without imported folders).

    Raises:
        NotesIndexError: Pagefind failed; its message says why.
    """
    bundles = []
    for prefix, language in editions.items():
        bundle = site_dir / prefix / NOTES_BUNDLE
        shutil.rmtree(bundle, ignore_errors=True)
        present = [folder for folder in folders if (site_dir / prefix / folder).is_dir()]
        if not present:
            continue
        globs = ",".join(f"{prefix}{folder}**/*.html" for folder in present)
        command = [
            sys.executable, "-m", "pagefind", "--silent",
            "--site", str(site_dir),
            "--glob", f"{{{globs}}}",
            "--output-path", str(bundle),
            "--force-language", language,
            "--root-selector", NOTE_ROOT,
            "--exclude-selectors", NOTE_IGNORED,
        ]  # fmt: skip
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            raise NotesIndexError(f"pagefind failed on the notes of edition {prefix or '/'}:\n{result.stdout}{result.stderr}")
        for pattern in _UNUSED_BUNDLE_FILES:
            for unused in bundle.glob(pattern):
                unused.unlink()
        write_note_titles(bundle)
        bundles.append(bundle)
    return bundles


NOTE_TITLES = "tocha-titles.json"
"""A bundle's list of its notes, by Pagefind's id of each: ``{id: [location, title]}`` (:func:`write_note_titles`)."""
#: The start of a Pagefind fragment once unzipped (Pagefind 1.x), before its JSON.
_FRAGMENT_SIGNATURE = b"pagefind_dcd"


def write_note_titles(bundle: Path) -> dict[str, list[str]]:
    """Write :data:`NOTE_TITLES` in a Pagefind bundle: each note's location and title, by the id Pagefind answers with.

    Pagefind answers a query with ids, and a result's URL and title are in its
    fragment, one request each: on a phone's link, a round trip per query
    before anything shows. With this list the worker shows the notes found at
    once, and their excerpts when the fragments arrive.

    Raises:
        NotesIndexError: A fragment is not in the format of the pinned Pagefind.
    """
    titles: dict[str, list[str]] = {}
    for fragment in sorted((bundle / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        if not data.startswith(_FRAGMENT_SIGNATURE):
            raise NotesIndexError(f"{fragment}: not a Pagefind fragment of the pinned version (requirements.txt)")
        page = json.loads(data[len(_FRAGMENT_SIGNATURE) :])
        location = unquote(page["url"]).lstrip("/")  # as MkDocs names pages in lunr's index
        titles[fragment.stem] = [location, page["meta"].get("title") or location]
    (bundle / NOTE_TITLES).write_text(json.dumps(titles, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return titles
