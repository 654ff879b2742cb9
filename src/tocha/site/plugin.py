"""The ``tocha`` MkDocs plugin: everything the build adds to MkDocs, configured in ``mkdocs.yml``.

```yaml
plugins:
  - tocha:
      time_limit: 60            # seconds one example may run
      threads: 1                # torch's CPU threads for every example
      cache_dir: .cache/tocha-exec
      fresh: false              # true: run every example again, ignoring the cache
      colab_branch: notebooks   # where the Pages workflow publishes the notebooks: Colab opens them there
markdown_extensions:
  - tocha.site.snippets:          # pymdownx.snippets, recording what it includes
      base_path: [snippets]
```

The plugin registers the ``python exec="on"`` blocks' fence formatter
(:class:`~tocha.site.fence.ExecutedFence`, which needs no generator: it hands
markdown-exec our :class:`~tocha.examples.runner.ExampleRunner` and adds
figures and a stamp), splices imported notebooks into ``nav``, adds the
"Fontes" boxes and the glossary, and writes the execution report. It also
links each torch/torchvision name of the examples' code to its official
documentation (:mod:`tocha.site.api_names`, :mod:`tocha.site.api_links`),
fills the API index page (:mod:`tocha.site.api_index`), and gives every page
with examples a download bar: its snippet files, its notebook
(:mod:`tocha.site.notebooks`) and an "Open in Colab" link
(:mod:`tocha.site.downloads`). Every number a page's prose writes must be
shown by its outputs or code, or cited in its front matter
(:mod:`tocha.site.prose_numbers`). Its state lives on the plugin instance, so two
builds in one process cannot leak into each other.

Two environment variables override the configuration, for the Makefile:
``TOCHA_CACHE_DIR`` (the cache folder) and ``TOCHA_FRESH=1`` (``make build FRESH=1``).
"""

from __future__ import annotations

import importlib
import logging
import sys
import threading
from pathlib import Path
from typing import Any

import markdown
import mkdocs.commands.build as mkdocs_build
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.utils import get_relative_url

from tocha.site.api_index import PLACEHOLDER as API_INDEX_PLACEHOLDER
from tocha.site.api_index import ApiIndex
from tocha.site.api_links import ApiCache, DocSite, link_shown_code
from tocha.site.page_apis import PageApis
from tocha.site.page_examples import PageExamples
from tocha.site.dirty import StaleOutputs, structure_fingerprint
from tocha.site.downloads import (
    DownloadPlace,
    PageDownloads,
    insert_after_title,
    machine_paths,
    notebook_name,
    write_downloads,
)
from tocha.site.fence import ExecutedFence, RenderedBlock
from tocha.site.editions import edition_languages, edition_prefixes, imported_folders, is_imported, untranslated_page
from tocha.site.glossary import GlossaryError, Term, collect_terms, glossary_table
from tocha.site.labels import DEFAULT_LOCALE, LABELS, Labels, labels_for
from tocha.site.nav_include import NavIncludeError, expand_nav_includes
from tocha.site.nav_window import windowed_nav
from tocha.site.notebooks import (
    BuildConditions,
    NotebookError,
    NotebookText,
    build_notebook,
    notebook_json,
    published_link_resolver,
    split_executed_blocks,
)
from tocha.site.pages import scan_pages
from tocha.site.prose_numbers import NumbersError, warn_untraced_numbers
from tocha.site.report import PLACEHOLDER, report_json, report_markdown
from tocha.examples.page_model import LANGUAGES
from tocha.examples.settings import (
    DEFAULT_CACHE_DIR,
    DEFAULT_LOCALES_DIR,
    DEFAULT_THREADS,
    DEFAULT_TIME_LIMIT,
    SITE_SNIPPETS_EXTENSION,
    SettingsError,
    cache_dir_from_environment,
    fresh_from_environment,
    read_settings,
)
from tocha.examples.runner import ENGINE_LOG, ExampleRunner
from tocha.site.search import (
    NotesIndexError,
    SearchKeywords,
    SearchPages,
    SearchSettingsError,
    index_notes,
    install_worker,
    use_worker,
)
from tocha.examples.snippet_catalog import CatalogError, catalog_path, edition_snippet_folders
from tocha.site.source_links import SourceIndex, SourceLinkError

#: What the examples import, loaded in the background by ``mkdocs serve`` once the
#: site is up, so that the first edit of a snippet does not wait for torch to load.
WARM_UP_MODULES = ("torch", "torchvision", "matplotlib.pyplot")
#: The Markdown extension that tells each block which snippet files it includes.
SNIPPETS_EXTENSION = SITE_SNIPPETS_EXTENSION
#: The execution report's data, with the run times, in each edition's folder of the site.
REPORT_FILE = "execution-report.json"
#: Folder of the resolved API names, inside the execution cache.
API_CACHE_DIR = "api"

log = logging.getLogger("mkdocs.plugins.tocha")
#: The page features' logs (tocha.site.fence, tocha.site.page_apis...): forwarded to the plugin's.
SITE_LOG = "tocha.site"
#: MkDocs' warning at every dirty build, which strict mode would turn into a failure.
DIRTY_BUILD_WARNING = "A 'dirty' build is being performed"


class EngineLogForwarder(logging.Handler):
    """Hands the engine's records (a failed example, :data:`~tocha.examples.runner.ENGINE_LOG`) to MkDocs' log, which counts them for strict mode."""

    def emit(self, record: logging.LogRecord) -> None:
        """Pass the record on to the plugin's log."""
        log.handle(record)


def forward_engine_log() -> None:
    """Send the engine's and the page features' logs through MkDocs' (once per process): their warnings fail a strict build, as a plugin's do."""
    for name in (ENGINE_LOG, SITE_LOG):
        source = logging.getLogger(name)
        if not any(isinstance(handler, EngineLogForwarder) for handler in source.handlers):
            source.addHandler(EngineLogForwarder())
            source.propagate = False  # MkDocs' log reaches the root logger itself: once is enough


class DirtyWarningFilter(logging.Filter):
    """Drops MkDocs' dirty-build warning: the plugin re-renders every page an edit made stale (see tocha.site.dirty)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep every record but the dirty-build warning."""
        return not record.getMessage().startswith(DIRTY_BUILD_WARNING)


class TochaConfig(Config):
    """Options of the ``tocha`` plugin in ``mkdocs.yml``."""

    time_limit = config_options.Type((int, float), default=DEFAULT_TIME_LIMIT)
    """Seconds one example block may run before it fails the build (the tests use the same limit)."""
    threads = config_options.Type(int, default=DEFAULT_THREADS)
    """torch's CPU threads for every example, at build and in tests: a float sum splits its work by
    thread, so a training loop prints other digits with another count, and the output would
    depend on the machine's cores and on how many test workers share them."""
    cache_dir = config_options.Type(str, default=DEFAULT_CACHE_DIR)
    """Folder of the execution cache, relative to ``mkdocs.yml`` (``TOCHA_CACHE_DIR`` overrides it)."""
    fresh = config_options.Type(bool, default=False)
    """Run every example again, ignoring (but refreshing) the cache (``TOCHA_FRESH=1`` sets it)."""
    locales_dir = config_options.Type(str, default=DEFAULT_LOCALES_DIR)
    """Folder of the snippet catalogs, relative to ``mkdocs.yml``: ``<locale>/LC_MESSAGES/snippets.po``."""
    environment = config_options.Type(dict, default={})
    """Environment variables set for every example, at build, in tests and in each notebook's conditions
    cell: libraries' switches that change what they log, not what the examples compute."""
    nav_window = config_options.Type(int, default=30)
    """The most entries an open navigation section shows in a page: a longer one (an imported
    notebook's namespace of hundreds of notes) shows those nearest the page and a link for each
    hidden stretch, so that no page's size grows with the notebook (``tocha.site.nav_window``)."""
    colab_branch = config_options.Type(str, default="notebooks")
    """The branch of ``repo_url`` holding the site's notebooks at their paths in the site (the Pages
    workflow pushes them there): each page's "Open in Colab" link opens its notebook from there.
    No link without a GitHub ``repo_url``."""


def config_root(config: Any) -> Path:
    """The folder of ``mkdocs.yml``, which relative paths of the configuration start from."""
    return Path(config.config_file_path).resolve().parent


def snippet_options(config: Any) -> dict:
    """The ``tocha.site.snippets`` options of a loaded MkDocs config, with absolute base paths.

    Raises:
        PluginError: ``markdown_extensions`` lacks ``tocha.site.snippets``.
    """
    if SNIPPETS_EXTENSION not in config.markdown_extensions:
        raise PluginError(
            f"the tocha plugin needs the {SNIPPETS_EXTENSION} Markdown extension "
            "(pymdownx.snippets that records what it includes) in place of pymdownx.snippets"
        )
    options = dict(config.mdx_configs.get(SNIPPETS_EXTENSION, {}))
    base = options.get("base_path", ["."])
    bases = [base] if isinstance(base, str) else list(base)
    options["base_path"] = [str(config_root(config) / path) for path in bases]
    return options


def example_runner(config: Any, plugin_config: TochaConfig) -> ExampleRunner:
    """The build's runner: the engine's, from the same configuration file (:meth:`~tocha.examples.settings.EngineSettings.runner`).

    ``tocha examples run`` and the test suite make theirs the same way, so the
    examples run everywhere in the conditions of ``mkdocs.yml``.

    Raises:
        PluginError: The file lacks what the engine needs.
    """
    try:
        settings = read_settings(Path(config.config_file_path), cache_dir_from_environment())
    except SettingsError as error:
        raise PluginError(str(error)) from error
    return settings.runner(plugin_config.fresh or fresh_from_environment())


class TochaPlugin(BasePlugin[TochaConfig]):
    """Runs the examples and adds the cross-page features; see the module docstring."""

    def __init__(self) -> None:
        self.serving = False
        self.dirty = False
        self.runner: ExampleRunner | None = None
        self.fence: ExecutedFence | None = None
        # The editions being built, innermost last: mkdocs-static-i18n builds the other
        # editions inside the first one's on_post_build, each with its own runner.
        self.building: list[tuple[str, ExampleRunner]] = []
        self.sources: SourceIndex | None = None
        self.terms: list[Term] = []
        self.urls: dict[str, str] = {}
        self.labels: Labels = LABELS[DEFAULT_LOCALE]
        self.snippet_base_path: list[str] | None = None
        # Kept across the editions' builds (and serve's rebuilds): the site's one search index holds both.
        self.search_keywords = SearchKeywords()
        self.search_pages = SearchPages()
        # What each page was built from, for `mkdocs serve --dirty` (make serve).
        self.stale_outputs = StaleOutputs()
        self.page_output = ""
        self.warm_up: threading.Thread | None = None
        # Examples of the page being rendered; the API index of each edition (kept across
        # serve's rebuilds: a dirty build renders only some pages, the index lists them all).
        self.page_examples: PageExamples | None = None
        self.api_indexes: dict[str, ApiIndex] = {}
        self.edition = ""
        self.imported: list[str] = []
        # The default edition's 404 page, kept while the other editions are built over it.
        self._default_not_found: bytes | None = None
        self.api_index_page: str | None = None
        self.site_root: Path | None = None
        self.doc_site = DocSite.installed()
        # Kept across the editions' builds: the names of torch are loaded once.
        self.apis = PageApis(None, self.doc_site)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is ``mkdocs serve`` (the instance lives through its rebuilds) and a dirty build.

        A dirty build renders only the pages an edit made stale (:mod:`tocha.site.dirty`),
        so MkDocs' warning that a dirty build may be inaccurate is dropped: in
        strict mode it would fail every rebuild.
        """
        self.serving = command == "serve"
        self.dirty = dirty
        if dirty:
            # The generator's build module logs it: under ProperDocs, mkdocs.commands.build is an
            # alias of properdocs.commands.build, whose logger bears that name.
            build_log = logging.getLogger(mkdocs_build.__name__)
            if not any(isinstance(existing, DirtyWarningFilter) for existing in build_log.filters):
                build_log.addFilter(DirtyWarningFilter())

    def on_config(self, config: Any) -> Any:
        """Create this build's runner, register the Python fences, and splice notebook navigation."""
        if self.warm_up is not None:
            # An edit made while torch is still loading in the background waits for it:
            # importing torch from two threads at once finds it half-initialised.
            self.warm_up.join()
        forward_engine_log()
        self.runner = example_runner(config, self.config)
        if self.runner.cache is not None:
            self.apis.cache = ApiCache(self.runner.cache.directory / API_CACHE_DIR)
        if self.snippet_base_path is None:
            # The pt-BR snippets; each edition's build points the extension at its own variant.
            self.snippet_base_path = list(snippet_options(config)["base_path"])
        superfences = config.mdx_configs.setdefault("pymdownx.superfences", {})
        fences = superfences.setdefault("custom_fences", [])
        # mkdocs-static-i18n builds each edition with the same config object: drop our own
        # fences from the previous edition's build before registering them again.
        fences[:] = [fence for fence in fences if not isinstance(getattr(fence["format"], "__self__", None), ExecutedFence)]
        taken = sorted({fence["name"] for fence in fences} & set(LANGUAGES))
        if taken:
            raise PluginError(f"fences {taken} are already registered: leave them out of markdown-exec's languages")
        self.fence = ExecutedFence(self.runner, self.labels, self.example_html, self.record_output)
        fences += self.fence.fences()
        try:
            config.nav = expand_nav_includes(config.nav, Path(config.docs_dir))
        except NavIncludeError as error:
            raise PluginError(str(error)) from error
        return config

    def record_output(self, snippets: list[Path]) -> None:
        """Note that the page being rendered shows these snippets' output (for ``make serve``'s dirty builds)."""
        self.stale_outputs.record(self.page_output, snippets)

    def example_html(self, block: RenderedBlock) -> str:
        """The fence renderer's ``decorate``: the page records the block (:meth:`PageExamples.add`)."""
        page = self.page_examples
        if page is None:
            return block.html + block.after
        index_link = get_relative_url(self.urls[self.api_index_page], page.url) if self.api_index_page in self.urls else None
        try:
            return page.add(block, self.apis, self.api_indexes[self.edition], index_link, self.labels)
        except NotebookError as error:
            raise PluginError(str(error)) from error

    @event_priority(-110)
    def on_files(self, files: Any, config: Any) -> Any:
        """Pick the edition's words and snippets; read every page's front matter once (sources, terms, search keywords).

        Runs after mkdocs-static-i18n's ``on_files`` (priority -100), which keeps
        only this edition's pages, and after its ``on_config``, which sets
        ``theme.language`` to this edition's language.
        """
        language = config.theme["language"]
        edition, others = edition_prefixes(config)
        self.building.append((edition, self.runner))
        self.edition = edition
        if len(self.building) == 1:
            self.site_root = Path(config.site_dir)  # the outermost build's folder: the published site's root
        self.api_indexes.setdefault(edition, ApiIndex())
        self.imported = imported_folders(Path(config.docs_dir))
        self.labels = labels_for(language)
        self.fence.labels = self.labels
        self.use_snippets_for(language, config)
        documentation = files.documentation_pages()
        pages = scan_pages(Path(config.docs_dir), [file.src_uri for file in documentation])
        self.urls = {file.src_uri: file.url for file in documentation}
        indexes = [page.uri for page in pages if page.meta.get("api_index")]
        self.api_index_page = indexes[0] if indexes else None
        # The search index names the home page "" (MkDocs' Page.url), where its file's URL is "./".
        self.search_pages.keep_only([url if url != "./" else "" for url in self.urls.values()], edition, others)
        if self.dirty:
            # Resolved: `serve -f mkdocs.yml` gives the first build the relative name, the rebuilds the absolute one.
            root = config_root(config)
            site_inputs = [root / Path(config.config_file_path).name, catalog_path(root / self.config.locales_dir, language)]
            fingerprint = structure_fingerprint(pages, site_inputs)
            stale = self.stale_outputs.remove_stale(edition, fingerprint, [file.abs_dest_path for file in documentation])
            log.debug("tocha: %d page(s) of edition %r to render again", len(stale), edition or "default")
            # The API index lists every page's examples: render it at every build, with what
            # the pages rendered now and earlier found.
            for file in documentation:
                if file.src_uri == self.api_index_page and Path(file.abs_dest_path).is_file():
                    Path(file.abs_dest_path).unlink()
        try:
            self.sources = SourceIndex.from_pages(pages)
            self.terms = collect_terms(pages)
            self.search_keywords.add_pages(pages, self.urls)
        except (SourceLinkError, GlossaryError, SearchSettingsError) as error:
            raise PluginError(str(error)) from error
        self.search_keywords.add_terms(self.terms, self.urls)
        return files

    def use_snippets_for(self, language: str, config: Any) -> None:
        """Point ``tocha.site.snippets`` at the pt-BR snippets, or at the edition's translated variant.

        A language with a catalog (``locales/<language>/LC_MESSAGES/snippets.po``)
        gets every snippet rewritten with its translations in the execution
        cache's folder (:func:`~tocha.examples.snippet_catalog.edition_snippets_dir`);
        the variant is executed and cached like any other code. Other languages
        use the snippets as written.

        Raises:
            PluginError: A comment or string has no translation (file and line named).
        """
        root = config_root(config)
        try:
            base_path = edition_snippet_folders(
                self.snippet_base_path, root / self.config.locales_dir, language, self.runner.cache.directory
            )
        except CatalogError as error:
            raise PluginError(str(error)) from error
        config.mdx_configs.setdefault(SNIPPETS_EXTENSION, {})["base_path"] = base_path

    def on_nav(self, nav: Any, config: Any, files: Any) -> Any:
        """List each source's citing pages in reading order; (dirty build) give skipped pages their titles."""
        self.sources.order_citations([page.file.src_uri for page in nav.pages])
        self.api_indexes[self.edition].order = [page.file.src_uri for page in nav.pages]
        if self.dirty:
            self.stale_outputs.restore_titles(nav.pages, config)
        return nav

    def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Any) -> str:
        """Add source links and the glossary table; the page's blocks run next."""
        uri = page.file.src_uri
        self.page_examples = PageExamples(uri, page.url, markdown)
        self.api_indexes[self.edition].start_page(uri, page.url)
        self.apis.start_page(uri)
        if page.meta.get("sources"):
            markdown += self.sources.sources_box(uri, page.meta["sources"], self.labels)
        imported = is_imported(uri, self.imported)
        if self.edition and not uri.endswith(f".{self.edition.rstrip('/')}.md"):
            markdown = untranslated_page(markdown, uri, self.edition, imported, self.labels)
        if page.meta.get("source_file") and not imported:
            # A source page lists the wiki's pages built on it; an imported note is no source.
            markdown += self.sources.derived_pages_section(uri, str(page.meta["source_file"]), self.labels)
        if page.meta.get("glossary"):
            markdown += glossary_table(self.terms, uri, self.labels)
        self.runner.start_page(uri)
        self.page_output = page.file.abs_dest_path
        self.stale_outputs.start_page(self.page_output)
        return markdown

    def on_page_content(self, html: str, page: Any, config: Any, files: Any) -> str:
        """Write the page's downloads beside it (snippets, notebook) and put the download bar under its title."""
        examples, self.page_examples = self.page_examples, None
        if examples is not None and examples.uri == page.file.src_uri:
            self.check_prose_numbers(examples, page, config)
        html = link_shown_code(html, self.apis.fragment_links)
        if examples is None or not examples.blocks or examples.uri != page.file.src_uri:
            return html
        self.api_indexes[self.edition].set_title(examples.uri, page.title or examples.uri)
        try:
            downloads = self.write_downloads(examples, page, config)
        except NotebookError as error:
            raise PluginError(f"page {examples.uri}: {error}") from error
        return insert_after_title(html, downloads.bar_html(self.labels))

    def check_prose_numbers(self, examples: PageExamples, page: Any, config: Any) -> None:
        """Warn about each number of the page's prose that it neither shows nor cites (:mod:`tocha.site.prose_numbers`)."""
        shown = [text for block in examples.blocks for text in (block.code, block.output)]
        shown += [str(value) for value in self.runner.environment.values()]  # the stamp: torch's version
        try:
            warn_untraced_numbers(
                page.file.content_string,
                Path(page.file.abs_src_path),
                config.theme["language"],
                page.meta,
                shown,
                examples.uri,
                DEFAULT_LOCALE,
            )
        except NumbersError as error:
            raise PluginError(str(error)) from error

    def write_downloads(self, examples: PageExamples, page: Any, config: Any) -> PageDownloads:
        """Write a page's snippet files and notebook into its folder of the site (:func:`tocha.site.downloads.write_downloads`).

        Returns:
            What the download bar links to.
        """
        site_url = config.site_url or ""
        notebook = build_notebook(
            split_executed_blocks(examples.markdown),
            examples.blocks,
            NotebookText(
                self.labels.notebook_setup,
                self.labels.notebook_fresh_session,
                self.labels.notebook_all_fresh,
                self.labels.notebook_conditions,
                self.labels.notebook_script,
            ),
            title=page.title or examples.uri,
            url=site_url + page.url,
            torch_version=self.runner.environment["torch"],
            resolve_link=published_link_resolver(self.urls, self.edition, page.file.src_uri, site_url + page.url, site_url),
            conditions=BuildConditions(
                self.runner.environment["torch"],
                self.runner.environment["device"],
                self.config.threads,
                dict(self.runner.extra_environment),
            ),
        )
        dest = page.file.dest_uri
        name = notebook_name(dest[len(self.edition) :] if self.edition and dest.startswith(self.edition) else dest)
        place = DownloadPlace(
            folder=Path(page.file.abs_dest_path).parent,
            site_root=self.site_root or Path(config.site_dir),
            snippet_bases=[Path(base) for base in config.mdx_configs.get(SNIPPETS_EXTENSION, {}).get("base_path", [])],
            repo_url=config.repo_url,
            colab_branch=self.config.colab_branch,
            forbidden=machine_paths(config_root(config)),
        )
        return write_downloads(examples.uri, examples.snippets, name, notebook_json(notebook), place)

    @event_priority(-10)
    def on_page_context(self, context: Any, page: Any, config: Any, nav: Any) -> Any:
        """Give the page its view of the navigation; keep its search entries, which Material's search (priority 0) just made (an imported note's: Pagefind's)."""
        context["nav"] = windowed_nav(nav, self.config.nav_window, self.labels.nav_more)
        search = config.plugins.get("material/search") or config.plugins.get("search")
        if is_imported(page.file.src_uri, self.imported):
            return context
        if search is not None and getattr(search, "search_index", None) is not None:
            self.search_pages.record(page.url, search.search_index.entries)
        return context

    def on_post_page(self, output: str, page: Any, config: Any) -> str:
        """Point the page at Tocha's search worker; fill the API index and the execution report pages.

        Both lists need every page of the edition, all rendered by now (MkDocs
        renders every page's Markdown before it writes any page).
        """
        self.stale_outputs.rendered(page.file.abs_dest_path, page.title)
        output = use_worker(output, *edition_prefixes(config), notes=bool(self.imported))
        if page.meta.get("api_index"):
            index = self.api_indexes[self.edition]
            table = index.table_html(
                lambda uri: get_relative_url(index.urls.get(uri, uri), page.url), self.doc_site.url, self.labels
            )
            output = output.replace(API_INDEX_PLACEHOLDER, table)
        if not page.meta.get("execution_report"):
            return output
        links = {uri: get_relative_url(url, page.url) for uri, url in self.urls.items()}
        json_link = get_relative_url(REPORT_FILE, page.url)
        text = report_markdown(self.runner.runs, links, json_link, self.labels)
        table = markdown.markdown(text, extensions=["tables"])
        return output.replace(f"<p>{PLACEHOLDER}</p>", table)

    @event_priority(-120)
    def on_post_build(self, config: Any) -> None:
        """Finish the search index and worker, index the notes; save the execution report; clean up; (serving) warm up torch.

        Runs after mkdocs-static-i18n's ``on_post_build`` (priority -100), which
        writes the search index of both editions at the end of the first build:
        the index is finished once, when the outermost build ends.
        """
        prefix, runner = self.building.pop() if self.building else ("", self.runner)
        site_dir = Path(config.site_dir)
        index = site_dir / "search" / "search_index.json"
        if not self.building and index.is_file():
            self.search_pages.apply(index)
            self.search_keywords.apply(index)
            install_worker(site_dir)
        if not self.building:
            try:
                index_notes(site_dir, self.imported, edition_languages(config))
            except NotesIndexError as error:
                raise PluginError(str(error)) from error
        Path(config.site_dir, prefix, REPORT_FILE).write_text(report_json(runner.runs), encoding="utf-8")
        ran = [run for run in runner.runs if not run.cached]
        # The build's one line of its own: the examples' output and stderr stay in their blocks.
        log.info(
            "tocha: edition %s: %d executed blocks, %d run now (%.1f s), %d from the cache",
            prefix.rstrip("/") or DEFAULT_LOCALE,  # config.theme is the last edition's once i18n has built it
            len(runner.runs),
            len(ran),
            sum(run.seconds for run in ran),
            len(runner.runs) - len(ran),
        )
        runner.close()
        if self.serving and self.warm_up is None:
            self.warm_up = threading.Thread(target=_warm_up, name="tocha-warm-up", daemon=True)
            self.warm_up.start()

    def on_build_error(self, *, error: Exception) -> None:
        """Close the runners of a build that stopped (a strict abort inside an edition's build): their scratch folders go."""
        for _, runner in self.building:
            runner.close()
        self.building.clear()
        if self.runner is not None:
            self.runner.close()

    #: The page a host serves for every missing address (GitHub Pages: only the site's root one).
    NOT_FOUND_PAGE = "404.html"

    @event_priority(-90)
    def _keep_not_found_page(self, config: Any) -> None:
        """Keep the default edition's 404 page before mkdocs-static-i18n builds the other editions.

        MkDocs writes the theme's ``404.html`` at the root of ``site_dir`` in every
        build, and mkdocs-static-i18n builds each other edition into the same
        ``site_dir`` from its ``on_post_build`` (priority -100, after this one):
        the last edition built would leave its own 404 page at the root.
        """
        if self.building and not self.building[-1][0]:
            page = Path(config.site_dir, self.NOT_FOUND_PAGE)
            self._default_not_found = page.read_bytes() if page.is_file() else None

    @event_priority(-110)
    def _move_not_found_page(self, config: Any) -> None:
        """At the end of another edition's build, move its 404 page into its folder and put the default edition's back."""
        edition = self.building[-1][0] if self.building else ""
        page = Path(config.site_dir, self.NOT_FOUND_PAGE)
        if edition and self._default_not_found is not None and page.is_file():
            page.replace(Path(config.site_dir, edition, self.NOT_FOUND_PAGE))
            page.write_bytes(self._default_not_found)

    on_post_build = CombinedEvent(_keep_not_found_page, _move_not_found_page, on_post_build)
    """The end of each edition's build, in three steps around mkdocs-static-i18n's (priority -100):
    keep the default edition's 404 page (-90); once another edition is built, move its 404 page
    into its folder and put the default edition's back (-110); finish the search index, the
    execution report and the runner (-120)."""


def _warm_up() -> None:
    """Import the examples' libraries while the writer reads the served site."""
    missing = [name for name in WARM_UP_MODULES if name not in sys.modules]
    for name in missing:
        importlib.import_module(name)
    if missing:
        log.info("tocha: %s loaded: the next edited example runs without loading them", ", ".join(missing))
