"""The ``tocha`` MkDocs plugin: everything the build adds to MkDocs, configured in ``mkdocs.yml``.

```yaml
plugins:
  - tocha:
      time_limit: 60            # seconds one example may run
      threads: 1                # torch's CPU threads for every example
      cache_dir: .cache/tocha-exec
      fresh: false              # true: run every example again, ignoring the cache
markdown_extensions:
  - tocha.build.snippets:       # pymdownx.snippets, recording what it includes
      base_path: [snippets]
```

The plugin runs the ``python exec="on"`` blocks (a superfences fence formatter
that hands markdown-exec our :class:`~tocha.build.runner.ExampleRunner`), shows
their figures and a stamp, splices imported notebooks into ``nav``, adds the
"Fontes" boxes and the glossary, and writes the execution report. Its state
lives on the plugin instance, so two builds in one process cannot leak into
each other.

Two environment variables override the configuration, for the Makefile:
``TOCHA_CACHE_DIR`` (the cache folder) and ``TOCHA_FRESH=1`` (``make build FRESH=1``).
"""

from __future__ import annotations

import base64
import html
import importlib
import logging
import os
import sys
import threading
from pathlib import Path
from typing import Any

import markdown
import markdown_exec
from markupsafe import Markup
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.utils import get_relative_url

from tocha.build.cache import ExecutionCache
from tocha.build.dirty import StaleOutputs, structure_fingerprint
from tocha.build.glossary import GlossaryError, Term, collect_terms, glossary_table
from tocha.build.labels import DEFAULT_LOCALE, LABELS, Labels, labels_for
from tocha.build.nav_include import NavIncludeError, expand_nav_includes
from tocha.build.pages import scan_pages
from tocha.build.report import PLACEHOLDER, report_json, report_markdown
from tocha.build.runner import BlockResult, ExampleRunner
from tocha.build.search import SearchKeywords, SearchPages, install_worker, use_worker
from tocha.build.snippet_catalog import (
    CatalogError,
    TranslatedSnippets,
    catalog_path,
    edition_snippets_dir,
    load_catalog,
)
from tocha.build.snippets import included_snippets
from tocha.build.source_links import SourceIndex, SourceLinkError

#: What the examples import, loaded in the background by ``mkdocs serve`` once the
#: site is up, so that the first edit of a snippet does not wait for torch to load.
WARM_UP_MODULES = ("torch", "torchvision", "matplotlib.pyplot")
#: The Markdown extension that tells each block which snippet files it includes.
SNIPPETS_EXTENSION = "tocha.build.snippets"
#: The execution report's data, with the run times, in each edition's folder of the site.
REPORT_FILE = "execution-report.json"
#: Fence languages the plugin executes.
LANGUAGES = ("python", "py")

log = logging.getLogger("mkdocs.plugins.tocha")
#: MkDocs' warning at every dirty build, which strict mode would turn into a failure.
DIRTY_BUILD_WARNING = "A 'dirty' build is being performed"


class DirtyWarningFilter(logging.Filter):
    """Drops MkDocs' dirty-build warning: the plugin re-renders every page an edit made stale (see tocha.build.dirty)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep every record but the dirty-build warning."""
        return not record.getMessage().startswith(DIRTY_BUILD_WARNING)


class TochaConfig(Config):
    """Options of the ``tocha`` plugin in ``mkdocs.yml``."""

    time_limit = config_options.Type((int, float), default=60)
    """Seconds one example block may run before it fails the build (the tests use the same limit)."""
    threads = config_options.Type(int, default=1)
    """torch's CPU threads for every example, at build and in tests: a float sum splits its work by
    thread, so a training loop prints other digits with another count, and the output would
    depend on the machine's cores and on how many test workers share them."""
    cache_dir = config_options.Type(str, default=".cache/tocha-exec")
    """Folder of the execution cache, relative to ``mkdocs.yml`` (``TOCHA_CACHE_DIR`` overrides it)."""
    fresh = config_options.Type(bool, default=False)
    """Run every example again, ignoring (but refreshing) the cache (``TOCHA_FRESH=1`` sets it)."""
    locales_dir = config_options.Type(str, default="locales")
    """Folder of the snippet catalogs, relative to ``mkdocs.yml``: ``<locale>/LC_MESSAGES/snippets.po``."""


def config_root(config: Any) -> Path:
    """The folder of ``mkdocs.yml``, which relative paths of the configuration start from."""
    return Path(config.config_file_path).resolve().parent


def snippet_options(config: Any) -> dict:
    """The ``tocha.build.snippets`` options of a loaded MkDocs config, with absolute base paths.

    Raises:
        PluginError: ``markdown_extensions`` lacks ``tocha.build.snippets``.
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


def example_runner(config: Any, plugin_config: TochaConfig, cache_dir: Path | None = None) -> ExampleRunner:
    """The runner a build uses, from the loaded MkDocs config and the plugin's options.

    The test suite builds its runner with this same function, so examples run
    there under the time limit and snippet settings of the site.

    Args:
        config: The loaded MkDocs configuration.
        plugin_config: The ``tocha`` plugin's options.
        cache_dir: The execution cache; by default ``TOCHA_CACHE_DIR`` or the ``cache_dir`` option.
    """
    root = config_root(config)
    cache_dir = cache_dir or Path(os.environ.get("TOCHA_CACHE_DIR") or root / plugin_config.cache_dir)
    fresh = plugin_config.fresh or os.environ.get("TOCHA_FRESH", "") not in {"", "0"}
    cache = ExecutionCache(cache_dir, read=not fresh)
    return ExampleRunner(root, float(plugin_config.time_limit), cache, snippet_options(config), plugin_config.threads)


def block_html(result: BlockResult, labels: Labels = LABELS[DEFAULT_LOCALE]) -> str:
    """A block's figures and stamp, to follow its output on the page.

    Args:
        result: The block's result.
        labels: The edition's words.

    Returns:
        ``<figure>`` elements with inline data URIs (nothing is fetched from
        elsewhere), then a small stamp: torch version and device. No run time:
        it changes at every run, and the page must not (it is in the execution report's JSON).
    """
    figures = "".join(
        f'<figure class="tocha-figure"><img alt="{html.escape(labels.figure_alt.format(name=figure.name))}" '
        f'src="data:{figure.mime};base64,{base64.b64encode(figure.data).decode("ascii")}"></figure>'
        for figure in result.figures
    )
    run = result.run
    text = labels.stamp.format(torch=run.torch, device=run.device or "?")
    stamp = f'<p class="tocha-stamp">{html.escape(text)}</p>'
    return figures + stamp


class TochaPlugin(BasePlugin[TochaConfig]):
    """Runs the examples and adds the cross-page features; see the module docstring."""

    def __init__(self) -> None:
        self.serving = False
        self.dirty = False
        self.runner: ExampleRunner | None = None
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

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is ``mkdocs serve`` (the instance lives through its rebuilds) and a dirty build.

        A dirty build renders only the pages an edit made stale (:mod:`tocha.build.dirty`),
        so MkDocs' warning that a dirty build may be inaccurate is dropped: in
        strict mode it would fail every rebuild.
        """
        self.serving = command == "serve"
        self.dirty = dirty
        if dirty:
            build_log = logging.getLogger("mkdocs.commands.build")
            if not any(isinstance(existing, DirtyWarningFilter) for existing in build_log.filters):
                build_log.addFilter(DirtyWarningFilter())

    def on_config(self, config: Any) -> Any:
        """Create this build's runner, register the Python fences, and splice notebook navigation."""
        if self.warm_up is not None:
            # An edit made while torch is still loading in the background waits for it:
            # importing torch from two threads at once finds it half-initialised.
            self.warm_up.join()
        self.runner = example_runner(config, self.config)
        if self.snippet_base_path is None:
            # The pt-BR snippets; each edition's build points the extension at its own variant.
            self.snippet_base_path = list(snippet_options(config)["base_path"])
        superfences = config.mdx_configs.setdefault("pymdownx.superfences", {})
        fences = superfences.setdefault("custom_fences", [])
        # mkdocs-static-i18n builds each edition with the same config object: drop our own
        # fences from the previous edition's build before registering them again.
        fences[:] = [fence for fence in fences if getattr(fence["format"], "__self__", None) is not self]
        taken = sorted({fence["name"] for fence in fences} & set(LANGUAGES))
        if taken:
            raise PluginError(f"fences {taken} are already registered: leave them out of markdown-exec's languages")
        for language in LANGUAGES:
            fences.append(
                {"name": language, "class": language, "validator": markdown_exec.validator, "format": self.format_python}
            )
        try:
            config.nav = expand_nav_includes(config.nav, Path(config.docs_dir))
        except NavIncludeError as error:
            raise PluginError(str(error)) from error
        return config

    def format_python(
        self, src: str, language: str, css_class: str, options: dict, md: markdown.Markdown, **kwargs: Any
    ) -> str:
        """Render one executed block: markdown-exec's layout, our runner, then figures and stamp."""
        snippets = included_snippets(md, src)
        results: list[BlockResult] = []

        def run(code: str, returncode: int = 0, session: str | None = None, id: str = "", **extra: Any) -> str:  # noqa: A002
            results.append(self.runner.run_block(code, snippets, session or ""))
            self.stale_outputs.record(self.page_output, snippets)
            return results[-1].output

        rendered = markdown_exec.base_format(language="python", run=run, code=src, md=md, **options)
        shows_output = bool(options.get("result"))  # markdown-exec draws the output box then, even when empty
        if shows_output and all(result.run.ok and not result.output.strip() and not result.figures for result in results):
            # A warning: the strict build fails, and `mkdocs serve` still shows the page.
            where = src.strip().splitlines()[0] if src.strip() else "empty block"
            log.warning(
                "page %s: the block starting %r prints nothing, yet the page shows its empty output box: "
                "print what it teaches, or drop the block's result option",
                self.runner.page,
                where,
            )
        # Concatenate as str: adding a str to Markup would escape the str's HTML.
        return Markup(str(rendered) + "".join(block_html(result, self.labels) for result in results))

    @event_priority(-110)
    def on_files(self, files: Any, config: Any) -> Any:
        """Pick the edition's words and snippets; read every page's front matter once (sources, terms, search keywords).

        Runs after mkdocs-static-i18n's ``on_files`` (priority -100), which keeps
        only this edition's pages, and after its ``on_config``, which sets
        ``theme.language`` to this edition's language.
        """
        language = config.theme["language"]
        edition, others = self.edition_prefixes(config)
        self.building.append((edition, self.runner))
        self.labels = labels_for(language)
        self.use_snippets_for(language, config)
        documentation = files.documentation_pages()
        pages = scan_pages(Path(config.docs_dir), [file.src_uri for file in documentation])
        self.urls = {file.src_uri: file.url for file in documentation}
        # The search index names the home page "" (MkDocs' Page.url), where its file's URL is "./".
        self.search_pages.keep_only([url if url != "./" else "" for url in self.urls.values()], edition, others)
        if self.dirty:
            site_inputs = [Path(config.config_file_path), catalog_path(config_root(config) / self.config.locales_dir, language)]
            fingerprint = structure_fingerprint(pages, site_inputs)
            stale = self.stale_outputs.remove_stale(edition, fingerprint, [file.abs_dest_path for file in documentation])
            log.debug("tocha: %d page(s) of edition %r to render again", len(stale), edition or "default")
        try:
            self.sources = SourceIndex.from_pages(pages)
            self.terms = collect_terms(pages)
        except (SourceLinkError, GlossaryError) as error:
            raise PluginError(str(error)) from error
        self.search_keywords.add_terms(self.terms, self.urls)
        return files

    def use_snippets_for(self, language: str, config: Any) -> None:
        """Point ``tocha.build.snippets`` at the pt-BR snippets, or at the edition's translated variant.

        A language with a catalog (``locales/<language>/LC_MESSAGES/snippets.po``)
        gets every snippet rewritten with its translations in the execution
        cache's folder (:func:`~tocha.build.snippet_catalog.edition_snippets_dir`);
        the variant is executed and cached like any other code. Other languages
        use the snippets as written.

        Raises:
            PluginError: A comment or string has no translation (file and line named).
        """
        root = config_root(config)
        catalog = load_catalog(root / self.config.locales_dir, language)
        base_path = list(self.snippet_base_path)
        if catalog is not None:
            translated = []
            for index, base in enumerate(self.snippet_base_path):
                out_dir = edition_snippets_dir(self.runner.cache.directory, language, index)
                try:
                    TranslatedSnippets(Path(base), catalog, out_dir).write()
                except CatalogError as error:
                    raise PluginError(str(error)) from error
                translated.append(str(out_dir))
            base_path = translated
        config.mdx_configs.setdefault(SNIPPETS_EXTENSION, {})["base_path"] = base_path

    def on_nav(self, nav: Any, config: Any, files: Any) -> Any:
        """List each source's citing pages in reading order; (dirty build) give skipped pages their titles."""
        self.sources.order_citations([page.file.src_uri for page in nav.pages])
        if self.dirty:
            self.stale_outputs.restore_titles(nav.pages, config)
        return nav

    def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Any) -> str:
        """Add source links and the glossary table; the page's blocks run next."""
        uri = page.file.src_uri
        if page.meta.get("sources"):
            markdown += self.sources.sources_box(uri, page.meta["sources"], self.labels)
        if page.meta.get("source_file"):
            markdown += self.sources.derived_pages_section(uri, str(page.meta["source_file"]), self.labels)
        if page.meta.get("glossary"):
            markdown += glossary_table(self.terms, uri, self.labels)
        self.runner.start_page(uri)
        self.page_output = page.file.abs_dest_path
        self.stale_outputs.start_page(self.page_output)
        return markdown

    @event_priority(-10)
    def on_page_context(self, context: Any, page: Any, config: Any, nav: Any) -> Any:
        """Keep the page's search entries, which Material's search (priority 0) just made."""
        search = config.plugins.get("material/search") or config.plugins.get("search")
        if search is not None and getattr(search, "search_index", None) is not None:
            self.search_pages.record(page.url, search.search_index.entries)
        return context

    def on_post_page(self, output: str, page: Any, config: Any) -> str:
        """Point the page at Tocha's search worker; fill the execution report page."""
        self.stale_outputs.rendered(page.file.abs_dest_path, page.title)
        output = use_worker(output, *self.edition_prefixes(config))
        if not page.meta.get("execution_report"):
            return output
        links = {uri: get_relative_url(url, page.url) for uri, url in self.urls.items()}
        json_link = get_relative_url(REPORT_FILE, page.url)
        text = report_markdown(self.runner.runs, links, json_link, self.labels)
        table = markdown.markdown(text, extensions=["tables"])
        return output.replace(f"<p>{PLACEHOLDER}</p>", table)

    @staticmethod
    def edition_prefixes(config: Any) -> tuple[str, list[str]]:
        """This build's edition URL prefix (``en/``; empty for the default one) and the other editions'."""
        i18n = config.plugins.get("i18n")
        if i18n is None or i18n.current_language is None:
            return "", []
        default = i18n.default_language
        others = [f"{language}/" for language in i18n.build_languages if language != default]
        return ("" if i18n.current_language == default else f"{i18n.current_language}/"), others

    @event_priority(-120)
    def on_post_build(self, config: Any) -> None:
        """Finish the search index and worker; save the execution report; clean up; (serving) warm up torch.

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
        Path(config.site_dir, prefix, REPORT_FILE).write_text(report_json(runner.runs), encoding="utf-8")
        runner.close()
        if self.serving and self.warm_up is None:
            self.warm_up = threading.Thread(target=_warm_up, name="tocha-warm-up", daemon=True)
            self.warm_up.start()


def _warm_up() -> None:
    """Import the examples' libraries while the writer reads the served site."""
    missing = [name for name in WARM_UP_MODULES if name not in sys.modules]
    for name in missing:
        importlib.import_module(name)
    if missing:
        log.info("tocha: %s loaded: the next edited example runs without loading them", ", ".join(missing))
