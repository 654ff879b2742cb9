"""MkDocs hooks of the Tocha site: the only place where the build is customised.

Each hook is a thin call into the ``tocha`` package (next to this file), where
the work is done and documented.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
import threading
from functools import partial
from pathlib import Path

# MkDocs loads this file by path; make its sibling package importable.
sys.path.insert(0, str(Path(__file__).parent))

import markdown  # noqa: E402
import markdown_exec  # noqa: E402
from markupsafe import Markup  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.utils import get_relative_url  # noqa: E402

from tocha.build.cache import ExecutionCache  # noqa: E402
from tocha.build.report import PLACEHOLDER, report_json, report_markdown  # noqa: E402
from tocha.build.runner import PageExecutor  # noqa: E402
from tocha.build.glossary import GlossaryError, Term, collect_terms, glossary_table  # noqa: E402
from tocha.build.nav_include import NavIncludeError, expand_nav_includes  # noqa: E402
from tocha.build.pages import scan_pages  # noqa: E402
from tocha.build.source_links import SourceIndex, SourceLinkError  # noqa: E402

#: What the examples import, loaded in the background by ``mkdocs serve`` once the
#: site is up, so that the first edit of a snippet does not wait for torch to load.
WARM_UP_MODULES = ("torch", "torchvision", "matplotlib.pyplot")
#: Seconds one example may run at build before the build fails.
BLOCK_TIMEOUT = float(os.environ.get("TOCHA_BLOCK_TIMEOUT", "60"))

log = logging.getLogger("mkdocs.plugins.tocha")
_executor: PageExecutor | None = None
_sources: SourceIndex | None = None
_terms: list[Term] = []
_urls: dict[str, str] = {}


def _format_python(executor: PageExecutor, **options: object) -> Markup:
    """markdown-exec's Python formatter, with our runner, the block's figures and its stamp."""
    html = markdown_exec.base_format(language="python", run=executor.run, **options)
    # Concatenate as str: adding a str to Markup would escape the str's HTML.
    return Markup(str(html) + executor.take_block_html())


def on_startup(command, dirty):
    """Remember, for the whole process, whether this is ``mkdocs serve``.

    Kept in the environment because ``serve`` reloads this module at each rebuild.
    """
    if command == "serve":
        os.environ["TOCHA_SERVING"] = "1"


def on_config(config):
    """Route markdown-exec's Python blocks through the cached :class:`tocha.build.runner.PageExecutor`.

    Also splice imported notebooks' ``_nav.yml`` files into ``nav`` (:mod:`tocha.build.nav_include`).
    ``TOCHA_CACHE_DIR`` moves the cache (default ``.cache/tocha-exec``); ``TOCHA_FRESH=1``
    (``make build FRESH=1``) runs every block again.
    """
    global _executor
    root = Path(config.config_file_path).parent
    # Figures are drawn without a display and with stable SVG ids (reproducible pages).
    os.environ.setdefault("MPLBACKEND", "Agg")
    os.environ.setdefault("MATPLOTLIBRC", str(Path(__file__).parent.parent / "src" / "tocha" / "build" / "matplotlibrc"))
    cache = ExecutionCache(
        Path(os.environ.get("TOCHA_CACHE_DIR") or root / ".cache" / "tocha-exec"),
        read=os.environ.get("TOCHA_FRESH", "") in {"", "0"},
    )
    _executor = PageExecutor(root, root / "snippets", BLOCK_TIMEOUT, cache)
    formatter = partial(_format_python, _executor)
    markdown_exec.formatters["python"] = formatter
    markdown_exec.formatters["py"] = formatter
    try:
        config.nav = expand_nav_includes(config.nav, Path(config.docs_dir))
    except NavIncludeError as error:
        raise PluginError(str(error)) from error
    return config


def on_files(files, config):
    """Read every page's front matter once: sources, citations and glossary terms."""
    global _sources, _terms, _urls
    pages = scan_pages(Path(config.docs_dir), [file.src_uri for file in files.documentation_pages()])
    _urls = {file.src_uri: file.url for file in files.documentation_pages()}
    try:
        _sources = SourceIndex.from_pages(pages)
        _terms = collect_terms(pages)
    except (SourceLinkError, GlossaryError) as error:
        raise PluginError(str(error)) from error
    return files


def on_nav(nav, config, files):
    """List each source's citing pages in reading order."""
    _sources.order_citations([page.file.src_uri for page in nav.pages])
    return nav


def on_page_markdown(markdown, page, config, files):
    """Add source links and the glossary table, then tell the executor which page (and snippets) comes next."""
    uri = page.file.src_uri
    if page.meta.get("sources"):
        markdown += _sources.sources_box(uri, page.meta["sources"])
    if page.meta.get("source_file"):
        markdown += _sources.derived_pages_section(uri, str(page.meta["source_file"]))
    if page.meta.get("glossary"):
        markdown += glossary_table(_terms, uri)
    _executor.start_page(uri, markdown)
    return markdown


def on_post_page(output, page, config):
    """Fill the execution report page, now that every page's examples have run."""
    if not page.meta.get("execution_report"):
        return output
    links = {uri: get_relative_url(url, page.url) for uri, url in _urls.items()}
    table = markdown.markdown(report_markdown(_executor.runs, links), extensions=["tables"])
    return output.replace(f"<p>{PLACEHOLDER}</p>", table)


def on_post_build(config):
    """Save the execution report as JSON next to the site, clean up, and (serving) warm up torch."""
    Path(config.site_dir, "execution-report.json").write_text(report_json(_executor.runs), encoding="utf-8")
    _executor.close()
    if os.environ.get("TOCHA_SERVING") and not any(t.name == "tocha-warm-up" for t in threading.enumerate()):
        threading.Thread(target=_warm_up, name="tocha-warm-up", daemon=True).start()


def _warm_up() -> None:
    """Import the examples' libraries while the writer reads the served site."""
    missing = [name for name in WARM_UP_MODULES if name not in sys.modules]
    for name in missing:
        importlib.import_module(name)
    if missing:
        log.info("tocha: %s loaded: the next edited example runs without loading them", ", ".join(missing))
