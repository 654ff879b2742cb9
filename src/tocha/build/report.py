"""The execution report: every executed block of the build, slowest first.

Like sphinx-gallery's "computation times" page: for each block, its page, its
snippet files, wall time, device, torch version, and whether it ran in this
build or came from the cache; then the totals. The same data is written as
``execution-report.json`` in the built site, for ``make bench``.
"""

from __future__ import annotations

import json
from dataclasses import asdict

from tocha.build.labels import DEFAULT_LOCALE, LABELS, Labels
from tocha.build.runner import BlockRun

#: Marker left in the report page's Markdown and replaced by the table once every page is built.
PLACEHOLDER = "TOCHA-EXECUTION-REPORT"


def report_markdown(runs: list[BlockRun], page_links: dict[str, str], labels: Labels = LABELS[DEFAULT_LOCALE]) -> str:
    """Render the report as Markdown: a summary line and a table, slowest block first.

    Args:
        runs: Every block of the build.
        page_links: Page path under ``docs/`` → link to it from the report page.
        labels: The edition's words.

    Returns:
        Markdown text.
    """
    if not runs:
        return labels.report_none
    ran = [run for run in runs if not run.cached]
    total = sum(run.seconds for run in runs)
    total_ran = sum(run.seconds for run in ran)
    summary = labels.report_summary.format(
        blocks=len(runs), ran=len(ran), ran_seconds=f"{total_ran:.2f}", cached=len(runs) - len(ran), seconds=f"{total:.2f}"
    )
    rows = []
    for run in sorted(runs, key=lambda run: (-run.seconds, run.page)):
        link = page_links.get(run.page)
        page = f"[{run.page}]({link})" if link else run.page
        snippets = "<br>".join(f"`{name}`" for name in run.snippets) or "—"
        origin = labels.origin_cache if run.cached else (labels.origin_ran if run.ok else labels.origin_failed)
        rows.append(f"| {page} | {snippets} | {run.seconds:.2f} | {run.device or '—'} | {run.torch} | {origin} |")
    header = f"{labels.report_header}\n| --- | --- | ---: | --- | --- | --- |"
    return "\n\n".join([summary, "\n".join([header, *rows])])


def report_json(runs: list[BlockRun]) -> str:
    """Return the report as JSON (one object per block, in build order)."""
    return json.dumps([asdict(run) for run in runs], ensure_ascii=False, indent=1)
