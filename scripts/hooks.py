"""MkDocs hooks of the Tocha site: the only place where the build is customised.

Each hook is a thin call into the ``tocha`` package (next to this file), where
the work is done and documented.
"""

from __future__ import annotations

import os
import sys
from functools import partial
from pathlib import Path

# MkDocs loads this file by path; make its sibling package importable.
sys.path.insert(0, str(Path(__file__).parent))

import markdown_exec  # noqa: E402
from markupsafe import Markup  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402

from tocha.executor import PageExecutor  # noqa: E402
from tocha.glossary import GlossaryError, Term, collect_terms, glossary_table  # noqa: E402
from tocha.pages import scan_pages  # noqa: E402
from tocha.source_links import SourceIndex, SourceLinkError  # noqa: E402

#: Seconds one example may run at build before the build fails.
BLOCK_TIMEOUT = float(os.environ.get("TOCHA_BLOCK_TIMEOUT", "60"))

_executor: PageExecutor | None = None
_sources: SourceIndex | None = None
_terms: list[Term] = []


def _format_python(executor: PageExecutor, **options: object) -> Markup:
    """markdown-exec's Python formatter, with our runner and the block's figures."""
    html = markdown_exec.base_format(language="python", run=executor.run, **options)
    return Markup(html + executor.take_figures_html())


def on_config(config):
    """Route markdown-exec's Python blocks through :class:`tocha.executor.PageExecutor`."""
    global _executor
    root = Path(config.config_file_path).parent
    # Figures are drawn without a display and with stable SVG ids (reproducible pages).
    os.environ.setdefault("MPLBACKEND", "Agg")
    os.environ.setdefault("MATPLOTLIBRC", str(root / "scripts" / "matplotlibrc"))
    _executor = PageExecutor(root, root / "snippets", BLOCK_TIMEOUT)
    formatter = partial(_format_python, _executor)
    markdown_exec.formatters["python"] = formatter
    markdown_exec.formatters["py"] = formatter
    return config


def on_files(files, config):
    """Read every page's front matter once: sources, citations and glossary terms."""
    global _sources, _terms
    pages = scan_pages(Path(config.docs_dir), [file.src_uri for file in files.documentation_pages()])
    try:
        _sources = SourceIndex.from_pages(pages)
        _terms = collect_terms(pages)
    except (SourceLinkError, GlossaryError) as error:
        raise PluginError(str(error)) from error
    return files


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


def on_post_build(config):
    """Remove the examples' temporary working directories."""
    _executor.close()
