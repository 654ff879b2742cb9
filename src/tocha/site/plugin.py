"""The ``tocha`` plugin of the site generator (ProperDocs, MkDocs 1.x's fork): its events, wired to the site's features.

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

Like markdown-exec's plugin, this module only translates the generator's
events and objects: the examples run in the engine (:mod:`tocha.examples`),
the blocks render in :class:`~tocha.site.fence.ExecutedFence`, and every
feature of the pages (sources boxes, glossary, search, API index, downloads,
notebooks, prose numbers, execution report) is in
:class:`~tocha.site.site_build.SiteBuild`, which takes plain values. Its
state lives on the plugin instance, so two builds in one process cannot leak
into each other. The examples' conditions are read once, by the engine
(:func:`~tocha.examples.settings.read_settings`); :class:`TochaConfig` only
validates them for the generator.

Two environment variables override the configuration, for the Makefile:
``TOCHA_CACHE_DIR`` (the cache folder) and ``TOCHA_FRESH=1`` (``make build FRESH=1``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import mkdocs.commands.build as mkdocs_build
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.utils import get_relative_url

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
from tocha.site.editions import edition_languages, edition_prefixes
from tocha.site.logs import drop_dirty_warning, forward_logs
from tocha.site.nav_include import NavIncludeError, expand_nav_includes
from tocha.site.nav_window import windowed_nav
from tocha.site.site_build import FEATURE_ERRORS, EditionSite, SiteBuild, SiteOptions, SitePage
from tocha.site.source_date import source_date
from tocha.site.warm_up import WarmUp

log = logging.getLogger("mkdocs.plugins.tocha")


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


@contextmanager
def plugin_errors() -> Iterator[None]:
    """Turn what the features raise on a page or setting (:data:`~tocha.site.site_build.FEATURE_ERRORS`) into the generator's error."""
    try:
        yield
    except FEATURE_ERRORS as error:
        raise PluginError(str(error)) from error


def site_page(page: Any) -> SitePage:
    """The generator's page, as the features read it."""
    file = page.file
    return SitePage(
        file.src_uri, page.url, Path(file.abs_dest_path), file.dest_uri, Path(file.abs_src_path),
        file.content_string, page.meta, page.title,
    )  # fmt: skip


class TochaPlugin(BasePlugin[TochaConfig]):
    """Wires the generator's events to the examples engine and the site's features; see the module docstring."""

    def __init__(self) -> None:
        self.serving = self.dirty = False
        self.site: SiteBuild | None = None
        self.pages_date: str | None = None
        self.warm_up = WarmUp(log)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Note whether this is ``serve`` (this instance lives through its rebuilds); a dirty build drops the generator's warning."""
        self.serving, self.dirty = command == "serve", dirty
        if dirty:
            # Under ProperDocs, mkdocs.commands.build is an alias of properdocs.commands.build, whose logger logs it.
            drop_dirty_warning(mkdocs_build.__name__)

    def on_config(self, config: Any) -> Any:
        """Start this edition's runner, register the executed fences, splice the notebooks' navigation; read the pages' date."""
        self.warm_up.wait()  # an edit made while torch loads in the background waits for it
        forward_logs(log)
        if self.site is None:  # one for the builds of every edition (and serve's rebuilds)
            self.site = SiteBuild(SiteOptions(self.config.nav_window, self.config.colab_branch), get_relative_url, self.dirty)
        try:
            settings = read_settings(Path(config.config_file_path), cache_dir_from_environment())
        except SettingsError as error:
            raise PluginError(str(error)) from error
        fence = self.site.configure(settings, self.config.fresh or fresh_from_environment())
        self.pages_date = source_date(Path(config.config_file_path).parent)
        try:
            fence.register(config.mdx_configs.setdefault("pymdownx.superfences", {}).setdefault("custom_fences", []))
            config.nav = expand_nav_includes(config.nav, Path(config.docs_dir))
        except (ValueError, NavIncludeError) as error:
            raise PluginError(str(error)) from error
        return config

    @event_priority(-110)
    def on_files(self, files: Any, config: Any) -> Any:
        """Start the edition: its words, snippets, and every page's front matter, read once (sources, terms, search keywords).

        Runs after mkdocs-static-i18n's ``on_files`` (priority -100), which keeps
        only this edition's pages, and after its ``on_config``, which sets
        ``theme.language`` to this edition's language.
        """
        prefix, others = edition_prefixes(config)
        edition = EditionSite(
            prefix, others, edition_languages(config), config.theme["language"], Path(config.docs_dir),
            Path(config.site_dir), config.site_url or "", config.repo_url, Path(config.config_file_path),
        )  # fmt: skip
        documentation = [(file.src_uri, file.url, file.abs_dest_path) for file in files.documentation_pages()]
        with plugin_errors():
            snippet_folders = self.site.start_edition(edition, documentation)
        config.mdx_configs.setdefault(SITE_SNIPPETS_EXTENSION, {})["base_path"] = snippet_folders
        return files

    def on_nav(self, nav: Any, config: Any, files: Any) -> Any:
        """Hand the features the reading order; (dirty build) give the pages not rendered again their titles."""
        self.site.reading_order([page.file.src_uri for page in nav.pages])
        if self.site.dirty:
            self.site.stale_outputs.restore_titles(nav.pages, config)
        return nav

    def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Any) -> str:
        """Date the page by the last commit (see :mod:`~tocha.site.source_date`); add its sources box, edition notice and glossary."""
        if self.pages_date:
            page.update_date = self.pages_date
        with plugin_errors():
            return self.site.page_markdown(markdown, site_page(page))

    def on_page_content(self, html: str, page: Any, config: Any, files: Any) -> str:
        """Check the prose's numbers, link the shown code, write the downloads and put their bar under the title."""
        with plugin_errors():
            return self.site.page_content(html, site_page(page))

    @event_priority(-10)
    def on_page_context(self, context: Any, page: Any, config: Any, nav: Any) -> Any:
        """Give the page its view of the navigation; keep its search entries, which Material's search (priority 0) just made."""
        context["nav"] = windowed_nav(nav, self.config.nav_window, self.site.edition.labels.nav_more)
        search = config.plugins.get("material/search") or config.plugins.get("search")
        self.site.search_entries(site_page(page), getattr(getattr(search, "search_index", None), "entries", None))
        return context

    def on_post_page(self, output: str, page: Any, config: Any) -> str:
        """Point the page at Tocha's search worker; fill the API index and the execution report."""
        return self.site.page_html(output, site_page(page))

    @event_priority(-90)
    def _keep_not_found_page(self, config: Any) -> None:
        """Keep the default edition's 404 page before mkdocs-static-i18n builds the other editions into its folder."""
        self.site.keep_not_found_page(Path(config.site_dir))

    @event_priority(-110)
    def _move_not_found_page(self, config: Any) -> None:
        """At the end of another edition's build, move its 404 page into its folder and put the default edition's back."""
        self.site.move_not_found_page(Path(config.site_dir))

    @event_priority(-120)
    def _end_edition(self, config: Any) -> None:
        """Finish the edition (once the outermost ends: the search index); (serving) warm up torch.

        Runs after mkdocs-static-i18n's ``on_post_build`` (priority -100), which
        writes the search index of both editions at the end of the first build.
        """
        with plugin_errors():
            summary = self.site.end_edition(Path(config.site_dir))
        log.info("%s", summary)  # the build's one line of its own: the examples' output stays in their blocks
        if self.serving:
            self.warm_up.start()

    on_post_build = CombinedEvent(_keep_not_found_page, _move_not_found_page, _end_edition)
    """The end of each edition's build, in three steps around mkdocs-static-i18n's (priority -100)."""

    def on_build_error(self, *, error: Exception) -> None:
        """Close the runners of a build that stopped (a strict abort inside an edition's build): their scratch folders go."""
        if self.site is not None:
            self.site.close()

