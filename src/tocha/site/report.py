"""The execution report: every executed block of the build, in page order.

Like sphinx-gallery's "computation times" page, with the times kept off the
page: for each block, its page, its snippet files, device and torch version.
The page is the same at every build of the same code, so two builds of one
commit give the same site. The times, and whether each block ran in this build
or came from the cache, go to ``execution-report.json`` beside the edition's
pages (read by ``make bench``), which changes at every build.
"""

from __future__ import annotations

import json
from dataclasses import asdict

from tocha.site.labels import DEFAULT_LOCALE, LABELS, Labels
from tocha.examples.runner import BlockRun

#: Marker left in the report page's Markdown and replaced by the table once every page is built.
PLACEHOLDER = "TOCHA-EXECUTION-REPORT"


def report_markdown(
    runs: list[BlockRun], page_links: dict[str, str], json_link: str, labels: Labels = LABELS[DEFAULT_LOCALE]
) -> str:
    """Render the report as Markdown: a summary line and a table of the blocks, in build order.

    Args:
        runs: Every block of the build.
        page_links: Page path under ``docs/`` → link to it from the report page.
        json_link: Link to the edition's ``execution-report.json`` from the report page.
        labels: The edition's words.

    Returns:
        Markdown text, with no time in it.
    """
    if not runs:
        return labels.report_none
    pages = len({run.page for run in runs})
    summary = labels.report_summary.format(blocks=len(runs), pages=pages, json=json_link)
    rows = []
    for run in runs:
        link = page_links.get(run.page)
        page = f"[{run.page}]({link})" if link else run.page
        snippets = "<br>".join(f"`{name}`" for name in run.snippets) or "—"
        failed = "" if run.ok else f" {labels.origin_failed}"
        rows.append(f"| {page} | {snippets}{failed} | {run.device or '—'} | {run.torch} |")
    header = f"{labels.report_header}\n| --- | --- | --- | --- |"
    return "\n\n".join([summary, "\n".join([header, *rows])])


def report_json(runs: list[BlockRun]) -> str:
    """Return the report as JSON (one object per block, in build order)."""
    return json.dumps([asdict(run) for run in runs], ensure_ascii=False, indent=1)
