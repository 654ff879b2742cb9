"""The execution report page and its JSON."""

from __future__ import annotations

import json

from tocha.site.report import report_json, report_markdown
from tocha.examples.runner import BlockRun

RUNS = [
    BlockRun("a.md", ["snippets/a.py"], "", seconds=0.5, device="cpu", torch="2.14.1", cached=True),
    BlockRun("b.md", ["snippets/b.py", "snippets/c.py"], "s", seconds=2.25, device="cpu", torch="2.14.1"),
]


def test_report_lists_every_block_in_build_order_without_times() -> None:
    text = report_markdown(RUNS, {"b.md": "../b/"}, "../execution-report.json")
    rows = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert rows == [
        "| a.md | `snippets/a.py` | cpu | 2.14.1 |",
        "| [b.md](../b/) | `snippets/b.py`<br>`snippets/c.py` | cpu | 2.14.1 |",
    ]
    assert "Blocos: **2**, em 2 páginas" in text
    assert "[`execution-report.json`](../execution-report.json)" in text
    assert "2.25" not in text and "0.5" not in text, "a run time on the page would change at every build"


def test_report_of_a_cold_and_of_a_warm_build_is_the_same_page() -> None:
    warm = [BlockRun(run.page, run.snippets, run.session, seconds=0.01, device=run.device, torch=run.torch, cached=True) for run in RUNS]
    assert report_markdown(RUNS, {}, "r.json") == report_markdown(warm, {}, "r.json")


def test_report_json_keeps_build_order() -> None:
    data = json.loads(report_json(RUNS))
    assert [run["page"] for run in data] == ["a.md", "b.md"]
    assert data[0]["cached"] is True
