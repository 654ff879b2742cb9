"""The execution report page and its JSON."""

from __future__ import annotations

import json

from tocha.build.report import report_json, report_markdown
from tocha.build.runner import BlockRun

RUNS = [
    BlockRun("a.md", ["snippets/a.py"], "", seconds=0.5, device="cpu", torch="2.14.1", cached=True),
    BlockRun("b.md", ["snippets/b.py", "snippets/c.py"], "s", seconds=2.25, device="cpu", torch="2.14.1"),
]


def test_report_lists_every_block_slowest_first_with_totals() -> None:
    text = report_markdown(RUNS, {"b.md": "../b/"})
    rows = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert len(rows) == 2
    assert rows[0].startswith("| [b.md](../b/) | `snippets/b.py`<br>`snippets/c.py` | 2.25 | cpu | 2.14.1 | executado |")
    assert rows[1].endswith("| cache |")
    assert "Blocos: **2**" in text
    assert "Executados neste build: 1 (2.25 s)" in text
    assert "Soma dos tempos de execução: **2.75 s**" in text


def test_report_json_keeps_build_order() -> None:
    data = json.loads(report_json(RUNS))
    assert [run["page"] for run in data] == ["a.md", "b.md"]
    assert data[0]["cached"] is True
