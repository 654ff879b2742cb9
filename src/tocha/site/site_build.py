"""The site's features over one build of every edition, fed by the generator's plugin.

The generator's plugin (:mod:`tocha.site.plugin`) only translates its events
into calls here, with plain values: an edition (:class:`EditionSite`) and each
page (:class:`SitePage`). This object holds what lives across the editions'
builds (the one search index of both, the API indexes, the dirty build's
record) and, for the edition being built, its runner, words, pages and sources.
It takes no generator object and its links come from the generator's own
function (``relative_url``), so another generator needs only a new plugin.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import markdown

from tocha.examples.page_model import PageLayout, scan_layout
from tocha.examples.runner import ExampleRunner
from tocha.examples.settings import EngineSettings
from tocha.examples.snippet_catalog import CatalogError, catalog_path, edition_snippet_folders
from tocha.site.api_index import PLACEHOLDER as API_INDEX_PLACEHOLDER
from tocha.site.api_index import ApiIndex
from tocha.site.api_links import ApiCache, DocSite, link_shown_code
from tocha.site.dirty import StaleOutputs, structure_fingerprint
from tocha.site.downloads import DownloadPlace, PageDownloads, insert_after_title, machine_paths, notebook_name, write_downloads
from tocha.site.editions import EDITION_SUFFIX, imported_folders, is_imported, pt_page, untranslated_page
from tocha.site.fence import ExecutedFence, finish_blocks
from tocha.site.glossary import GlossaryError, Term, collect_terms, glossary_table
from tocha.site.labels import DEFAULT_LOCALE, LABELS, Labels, labels_for
from tocha.site.notebooks import (
    BuildConditions,
    NotebookError,
    NotebookText,
    build_notebook,
    notebook_json,
    published_link_resolver,
)
from tocha.site.page_apis import PageApis
from tocha.site.page_examples import PageExamples
from tocha.site.pages import PageInfo, scan_pages
from tocha.site.prose_numbers import NumbersError, warn_untraced_numbers
from tocha.site.report import PLACEHOLDER, report_json, report_markdown
from tocha.site.search import (
    NotesIndexError,
    SearchKeywords,
    SearchPages,
    SearchSettingsError,
    index_notes,
    install_worker,
    use_worker,
)
from tocha.site.source_links import SourceIndex, SourceLinkError

#: The execution report's data, with the run times, in each edition's folder of the site.
REPORT_FILE = "execution-report.json"
#: Folder of the resolved API names, inside the execution cache.
API_CACHE_DIR = "api"
#: The page a host serves for every missing address (GitHub Pages: only the site's root one).
NOT_FOUND_PAGE = "404.html"

log = logging.getLogger("tocha.site.build")

#: What the features raise on a page or setting they cannot build (the plugin turns each into the generator's error).
FEATURE_ERRORS: tuple[type[Exception], ...] = (
    CatalogError,
    SourceLinkError,
    GlossaryError,
    SearchSettingsError,
    NotebookError,
    NumbersError,
    NotesIndexError,
)


@dataclass(frozen=True)
class EditionSite:
    """One edition's build, as the generator configured it.

    Attributes:
        prefix: Its URL prefix (``en/``; ``""`` for the default edition).
        others: The other editions' prefixes.
        languages: Every edition's prefix → its ISO 639-1 language (``pt``, ``en``).
        language: Its locale (``pt-BR``, ``en``).
        docs_dir: The pages.
        site_dir: Where this build writes.
        site_url: The published site's address (``""``: unknown).
        repo_url: The site's repository (``None``: no Colab link).
        config_file: The site's configuration file.
    """

    prefix: str
    others: list[str]
    languages: dict[str, str]
    language: str
    docs_dir: Path
    site_dir: Path
    site_url: str
    repo_url: str | None
    config_file: Path


@dataclass(frozen=True)
class SitePage:
    """What the features need of one page.

    Attributes:
        uri: Its path under ``docs/``.
        url: Its URL, relative to the site root (``""`` for the home page).
        output: Its HTML file.
        dest_uri: That file's path under the site folder.
        source: Its Markdown file.
        text: That file's text, front matter included.
        meta: Its front matter.
        title: Its title (``None`` until its Markdown is rendered).
    """

    uri: str
    url: str
    output: Path
    dest_uri: str
    source: Path
    text: str
    meta: Mapping[str, Any]
    title: str | None


@dataclass
class Edition:
    """The edition being built: its runner, words, pages and what they cite."""

    site: EditionSite
    runner: ExampleRunner
    labels: Labels
    imported: list[str]
    urls: dict[str, str] = field(default_factory=dict)
    sources: SourceIndex | None = None
    terms: list[Term] = field(default_factory=list)
    api_index_page: str | None = None
    snippet_folders: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SiteOptions:
    """The plugin's options for the site's features (the examples' conditions are the engine's settings).

    Attributes:
        nav_window: The most entries an open navigation section shows (:mod:`tocha.site.nav_window`).
        colab_branch: The branch holding the site's notebooks, for the "Open in Colab" links.
    """

    nav_window: int
    colab_branch: str


class SiteBuild:
    """Everything the site adds to the generator's pages, over the builds of every edition.

    Args:
        options: The plugin's options for the features.
        relative_url: The generator's link from one page to another (``url``, ``from_url``: both relative to the site root).
        dirty: Whether builds render only the pages an edit made stale (``serve --dirty``).
    """

    def __init__(self, options: SiteOptions, relative_url: Callable[[str, str], str], dirty: bool = False) -> None:
        self.options = options
        self.relative_url = relative_url
        self.dirty = dirty
        self.settings: EngineSettings | None = None
        self.runner: ExampleRunner | None = None
        self.fence: ExecutedFence | None = None
        # mkdocs-static-i18n builds the other editions inside the first one's end, innermost last.
        self.editions: list[Edition] = []
        self.site_root: Path | None = None
        self.pt_snippets: list[str] | None = None
        # Kept across the editions' builds (and serve's rebuilds): the site's one search index holds both.
        self.search_keywords = SearchKeywords()
        self.search_pages = SearchPages()
        self.stale_outputs = StaleOutputs()
        # Each edition's API index, kept across serve's rebuilds: a dirty build renders some pages, the index lists all.
        self.api_indexes: dict[str, ApiIndex] = {}
        self.doc_site = DocSite.installed()
        self.apis = PageApis(None, self.doc_site)  # the names of torch, loaded once
        self.page_examples: PageExamples | None = None
        self.default_not_found: bytes | None = None
        # Each page file's one scan, by path, with the text scanned: the English edition's check reads the pt-BR page's.
        self.layouts: dict[Path, tuple[str, PageLayout]] = {}

    def layout(self, source: Path, text: str) -> PageLayout:
        """A page file's one scan (:func:`~tocha.examples.page_model.scan_layout`), made again only when its text changed."""
        known = self.layouts.get(source)
        if known is None or known[0] != text:
            known = self.layouts[source] = (text, scan_layout(text))
        return known[1]

    @property
    def edition(self) -> Edition:
        """The edition being built."""
        return self.editions[-1]

    def configure(self, settings: EngineSettings, fresh: bool) -> ExecutedFence:
        """Start a build (one per edition): its runner on the settings' cache, and the fence formatter.

        Args:
            settings: The engine's settings, from the configuration file (its snippet folders: the pt-BR snippets).
            fresh: Run every block again.
        """
        self.settings = settings
        self.runner = settings.runner(fresh)
        if self.runner.cache is not None:
            self.apis.cache = ApiCache(self.runner.cache.directory / API_CACHE_DIR)
        if self.pt_snippets is None:
            self.pt_snippets = list(settings.snippet_options["base_path"])
        labels = self.editions[-1].labels if self.editions else LABELS[DEFAULT_LOCALE]
        self.fence = ExecutedFence(self.runner, labels, mark=True)
        return self.fence

    def start_edition(self, site: EditionSite, documentation: list[tuple[str, str, str]]) -> list[str]:
        """Begin an edition: its words, pages, sources, terms and search keywords.

        Args:
            site: The edition.
            documentation: Its pages: path under ``docs/``, URL and HTML file.

        Returns:
            The snippet folders its pages include from (its translated variant).

        Raises:
            tocha.examples.snippet_catalog.CatalogError: A snippet's comment has no translation.
            ValueError: A page's front matter is malformed (sources, terms, search): one of :data:`FEATURE_ERRORS`.
        """
        labels = labels_for(site.language)
        edition = Edition(site, self.runner, labels, imported_folders(site.docs_dir))
        self.editions.append(edition)
        if len(self.editions) == 1:
            self.site_root = site.site_dir  # the outermost build's folder: the published site's root
        self.fence.labels = labels
        self.api_indexes.setdefault(site.prefix, ApiIndex())
        edition.snippet_folders = edition_snippet_folders(
            self.pt_snippets, self.settings.locales_dir, site.language, self.runner.cache.directory
        )
        pages = scan_pages(site.docs_dir, [uri for uri, _, _ in documentation])
        edition.urls = {uri: url for uri, url, _ in documentation}
        indexes = [page.uri for page in pages if page.meta.get("api_index")]
        edition.api_index_page = indexes[0] if indexes else None
        # The search index names the home page "" (MkDocs' Page.url), where its file's URL is "./".
        self.search_pages.keep_only([url if url != "./" else "" for url in edition.urls.values()], site.prefix, site.others)
        if self.dirty:
            self.remove_stale_pages(site, pages, documentation)
        edition.sources = SourceIndex.from_pages(pages)
        edition.terms = collect_terms(pages)
        self.search_keywords.add_pages(pages, edition.urls)
        self.search_keywords.add_terms(edition.terms, edition.urls)
        return edition.snippet_folders

    def remove_stale_pages(self, site: EditionSite, pages: list[PageInfo], documentation: list[tuple[str, str, str]]) -> None:
        """(Dirty build) remove the HTML of the pages an edit made stale, and the API index's, which lists them all."""
        # Resolved: `serve -f mkdocs.yml` gives the first build the relative name, the rebuilds the absolute one.
        inputs = [site.config_file.resolve(), catalog_path(self.settings.locales_dir, site.language)]
        outputs = [output for _, _, output in documentation]
        stale = self.stale_outputs.remove_stale(site.prefix, structure_fingerprint(pages, inputs), outputs)
        log.debug("tocha: %d page(s) of edition %r to render again", len(stale), site.prefix or "default")
        for uri, _, output in documentation:
            if uri == self.edition.api_index_page and Path(output).is_file():
                Path(output).unlink()

    def reading_order(self, uris: list[str]) -> None:
        """The navigation's order of the pages: each source lists its citing pages so, and the API index its examples."""
        self.edition.sources.order_citations(uris)
        self.api_indexes[self.edition.site.prefix].order = uris

    def page_markdown(self, markdown_text: str, page: SitePage) -> str:
        """A page's Markdown, before it renders: its sources box, edition notice, citing pages and glossary added."""
        edition = self.edition
        self.page_examples = PageExamples(page.uri, page.url, self.layout(page.source, page.text))
        self.fence.take_blocks()  # a page whose render failed (serve goes on) leaves its blocks behind
        self.api_indexes[edition.site.prefix].start_page(page.uri, page.url)
        self.apis.start_page(page.uri)
        if page.meta.get("sources"):
            markdown_text += edition.sources.sources_box(page.uri, page.meta["sources"], edition.labels)
        imported = is_imported(page.uri, edition.imported)
        prefix = edition.site.prefix
        if prefix and not page.uri.endswith(f".{prefix.rstrip('/')}.md"):
            markdown_text = untranslated_page(markdown_text, page.uri, prefix, imported, edition.labels)
        if page.meta.get("source_file") and not imported:
            # A source page lists the wiki's pages built on it; an imported note is no source.
            markdown_text += edition.sources.derived_pages_section(page.uri, str(page.meta["source_file"]), edition.labels)
        if page.meta.get("glossary"):
            markdown_text += glossary_table(edition.terms, page.uri, edition.labels)
        edition.runner.start_page(page.uri)
        self.stale_outputs.start_page(str(page.output))
        return markdown_text

    def finish_blocks(self, html: str, examples: PageExamples, page: SitePage) -> str:
        """The page's executed blocks, once it has rendered: recorded for its notebook and the dirty build, linked, indexed.

        Raises:
            tocha.site.notebooks.NotebookError: A block's ``notebook`` option cannot be honoured.
        """
        blocks = self.fence.take_blocks()
        edition = self.edition
        index_page = edition.api_index_page
        index_link = self.relative_url(edition.urls[index_page], examples.url) if index_page in edition.urls else None
        index = self.api_indexes[edition.site.prefix]

        def finish(number: int, block_html: str) -> str:
            block = blocks[number]
            self.stale_outputs.record(str(page.output), block.snippets)
            return examples.add(block, block_html, self.apis, index, index_link, edition.labels)

        return finish_blocks(html, finish)

    def page_content(self, html: str, page: SitePage) -> str:
        """A page's HTML body: its prose numbers checked, its shown code linked, its downloads written and linked.

        Raises:
            tocha.site.prose_numbers.NumbersError: Its ``cited_numbers`` is malformed.
            tocha.site.notebooks.NotebookError: Its notebook cannot be written.
        """
        examples, self.page_examples = self.page_examples, None
        mine = examples is not None and examples.uri == page.uri
        if mine:
            html = self.finish_blocks(html, examples, page)
            self.check_prose_numbers(examples, page)
        html = link_shown_code(html, self.apis.fragment_links)
        if not mine or not examples.blocks:
            return html
        self.api_indexes[self.edition.site.prefix].set_title(examples.uri, page.title or examples.uri)
        try:
            downloads = self.write_downloads(examples, page)
        except NotebookError as error:
            raise NotebookError(f"page {examples.uri}: {error}") from error
        return insert_after_title(html, downloads.bar_html(self.edition.labels))

    def check_prose_numbers(self, examples: PageExamples, page: SitePage) -> None:
        """Warn about each number of the page's prose that it neither shows nor cites (:mod:`tocha.site.prose_numbers`)."""
        shown = [block.code for block in examples.blocks]
        shown += [block.output for block in examples.blocks if not block.machine_digits]
        machine = [block.output for block in examples.blocks if block.machine_digits]
        shown += [str(value) for value in self.edition.runner.environment.values()]  # the stamp: torch's version
        pt_source = pt_page(page.source) if page.source.name.endswith(EDITION_SUFFIX) else None
        pt_layout = None
        if pt_source is not None and pt_source.is_file():
            pt_layout = self.layout(pt_source, pt_source.read_text(encoding="utf-8"))
        warn_untraced_numbers(
            examples.layout, pt_layout, self.edition.site.language, page.meta, shown, examples.uri, DEFAULT_LOCALE, machine
        )

    def write_downloads(self, examples: PageExamples, page: SitePage) -> PageDownloads:
        """Write a page's snippet files and notebook into its folder of the site (:func:`tocha.site.downloads.write_downloads`)."""
        edition, labels = self.edition, self.edition.labels
        site_url, prefix = edition.site.site_url, edition.site.prefix
        runner = self.edition.runner
        environment = runner.environment
        notebook = build_notebook(
            examples.layout.prose_pieces(),
            examples.blocks,
            NotebookText(
                labels.notebook_setup,
                labels.notebook_fresh_session,
                labels.notebook_all_fresh,
                labels.notebook_conditions,
                labels.notebook_script,
                labels.notebook_machine_digits,
            ),
            title=page.title or examples.uri,
            url=site_url + page.url,
            torch_version=environment["torch"],
            resolve_link=published_link_resolver(edition.urls, prefix, page.uri, site_url + page.url, site_url),
            conditions=BuildConditions(
                environment["torch"], environment["device"], self.settings.threads, dict(runner.extra_environment)
            ),
        )
        dest = page.dest_uri
        name = notebook_name(dest[len(prefix) :] if prefix and dest.startswith(prefix) else dest)
        place = DownloadPlace(
            folder=page.output.parent,
            site_root=self.site_root or edition.site.site_dir,
            snippet_bases=[Path(base) for base in edition.snippet_folders],
            repo_url=edition.site.repo_url,
            colab_branch=self.options.colab_branch,
            forbidden=machine_paths(self.settings.root),
        )
        return write_downloads(examples.uri, examples.snippets, name, notebook_json(notebook), place)

    def search_entries(self, page: SitePage, entries: list[dict] | None) -> None:
        """Keep a page's search entries, which the theme's search just made (an imported note's are Pagefind's)."""
        if entries is not None and not is_imported(page.uri, self.edition.imported):
            self.search_pages.record(page.url, entries)

    def page_html(self, output: str, page: SitePage) -> str:
        """A page's whole HTML: Tocha's search worker, and the API index and execution report filled in.

        Both lists need every page of the edition, all rendered by now (MkDocs
        renders every page's Markdown before it writes any page).
        """
        edition = self.edition
        self.stale_outputs.rendered(str(page.output), page.title)
        output = use_worker(output, edition.site.prefix, edition.site.others, notes=bool(edition.imported))
        if page.meta.get("api_index"):
            index = self.api_indexes[edition.site.prefix]
            table = index.table_html(
                lambda uri: self.relative_url(index.urls.get(uri, uri), page.url), self.doc_site.url, edition.labels
            )
            output = output.replace(API_INDEX_PLACEHOLDER, table)
        if not page.meta.get("execution_report"):
            return output
        links = {uri: self.relative_url(url, page.url) for uri, url in edition.urls.items()}
        text = report_markdown(self.edition.runner.runs, links, self.relative_url(REPORT_FILE, page.url), edition.labels)
        return output.replace(f"<p>{PLACEHOLDER}</p>", markdown.markdown(text, extensions=["tables"]))

    def keep_not_found_page(self, site_dir: Path) -> None:
        """Before the other editions are built into the same folder, keep the default edition's 404 page."""
        if self.editions and not self.edition.site.prefix:
            page = site_dir / NOT_FOUND_PAGE
            self.default_not_found = page.read_bytes() if page.is_file() else None

    def move_not_found_page(self, site_dir: Path) -> None:
        """At the end of another edition's build, move its 404 page into its folder and put the default edition's back."""
        prefix = self.edition.site.prefix if self.editions else ""
        page = site_dir / NOT_FOUND_PAGE
        if prefix and self.default_not_found is not None and page.is_file():
            page.replace(site_dir / prefix / NOT_FOUND_PAGE)
            page.write_bytes(self.default_not_found)

    def end_edition(self, site_dir: Path) -> str:
        """Finish an edition: its execution report; once the outermost ends, the search index and the notes' index.

        Returns:
            The build's one line: blocks executed, run now, from the cache.

        Raises:
            tocha.site.search.NotesIndexError: Pagefind could not index the notes.
        """
        edition = self.editions.pop()
        if not self.editions:
            index = site_dir / "search" / "search_index.json"
            if index.is_file():
                self.search_pages.apply(index)
                self.search_keywords.apply(index)
                install_worker(site_dir)
            index_notes(site_dir, edition.imported, edition.site.languages)
        runner = edition.runner
        Path(site_dir, edition.site.prefix, REPORT_FILE).write_text(report_json(runner.runs), encoding="utf-8")
        ran = [run for run in runner.runs if not run.cached]
        runner.close()
        return (
            f"tocha: edition {edition.site.prefix.rstrip('/') or DEFAULT_LOCALE}: {len(runner.runs)} executed blocks, "
            f"{len(ran)} run now ({sum(run.seconds for run in ran):.1f} s), {len(runner.runs) - len(ran)} from the cache"
        )

    def close(self) -> None:
        """Close the runners of a build that stopped: their scratch folders go."""
        for edition in self.editions:
            edition.runner.close()
        self.editions.clear()
        if self.runner is not None:
            self.runner.close()

