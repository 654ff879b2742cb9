"""The execution cache: what makes a block run again, and what does not."""

from __future__ import annotations

from pathlib import Path

import pytest

import tocha.examples.cache
from tocha.examples.cache import CachedFigure, CacheEntry, ExecutionCache, block_key
from tocha.examples.runner import ExampleRunner


class Site:
    """A tiny project: snippet files, a cache, and builds that count executions."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.snippets = root / "snippets"
        self.snippets.mkdir()
        self.counter = root / "executions.txt"
        self.cache = ExecutionCache(root / "cache")

    def snippet(self, name: str, body: str) -> str:
        """Write a snippet that records each real execution, and return its code."""
        code = f'open({str(self.counter)!r}, "a").write("{name}\\n")\n{body}'
        (self.snippets / name).write_text(code, encoding="utf-8")
        return code

    def executions(self) -> list[str]:
        return self.counter.read_text().split() if self.counter.exists() else []

    def build(self, pages: dict[str, list[tuple[str, str]]], read: bool = True) -> ExampleRunner:
        """Run every (snippet, session) block of every page, as one build would."""
        self.cache.read = read
        runner = ExampleRunner(self.root, time_limit=10, cache=self.cache)
        for page, blocks in pages.items():
            runner.start_page(page)
            for name, session in blocks:
                path = self.snippets / name
                runner.run_block(path.read_text(encoding="utf-8"), [path], session=session)
        runner.close()
        return runner


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return Site(tmp_path)


def test_unchanged_rebuild_executes_nothing_and_gives_the_same_output(site: Site) -> None:
    site.snippet("a.py", 'print("a")\n')
    site.snippet("b.py", 'print("b")\n')
    pages = {"p.md": [("a.py", ""), ("b.py", "")]}
    first = site.build(pages)
    assert site.executions() == ["a.py", "b.py"]
    second = site.build(pages)
    assert site.executions() == ["a.py", "b.py"], "nothing ran again"
    assert [run.cached for run in second.runs] == [True, True]
    assert [run.seconds for run in second.runs] == [run.seconds for run in first.runs]


def test_editing_one_snippet_reruns_only_its_block(site: Site) -> None:
    site.snippet("a.py", 'print("a")\n')
    site.snippet("b.py", 'print("b")\n')
    pages = {"p.md": [("a.py", ""), ("b.py", "")]}
    site.build(pages)
    site.snippet("b.py", 'print("b editado")\n')
    runner = site.build(pages)
    assert site.executions() == ["a.py", "b.py", "b.py"]
    assert [run.cached for run in runner.runs] == [True, False]


def test_editing_an_earlier_session_block_reruns_the_later_ones(site: Site) -> None:
    site.snippet("define.py", "x = 1\nprint(x)\n")
    site.snippet("use.py", "print(x + 1)\n")
    site.snippet("alone.py", 'print("só")\n')
    pages = {"p.md": [("define.py", "s"), ("use.py", "s"), ("alone.py", "")]}
    site.build(pages)
    site.snippet("define.py", "x = 10\nprint(x)\n")
    runner = site.build(pages)
    assert [run.cached for run in runner.runs] == [False, False, True]
    assert runner.runs[1].ok


def test_a_later_session_block_that_misses_replays_the_earlier_ones(site: Site) -> None:
    site.snippet("define.py", "x = 1\nprint(x)\n")
    site.snippet("use.py", "print(x + 1)\n")
    pages = {"p.md": [("define.py", "s"), ("use.py", "s")]}
    site.build(pages)
    site.snippet("use.py", "print(x + 2)\n")
    runner = site.build(pages)
    assert [run.cached for run in runner.runs] == [True, False]
    assert runner.runs[1].ok, "x was defined by replaying the cached block"
    assert site.executions() == ["define.py", "use.py", "define.py", "use.py"]


def test_a_torch_version_change_reruns_everything(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    site.snippet("a.py", 'print("a")\n')
    pages = {"p.md": [("a.py", "")]}
    site.build(pages)
    monkeypatch.setattr(tocha.examples.cache, "torch_version", lambda: "99.0")
    runner = site.build(pages)
    assert not runner.runs[0].cached
    assert runner.runs[0].torch == "99.0"


def test_the_same_example_on_another_page_reuses_the_result(site: Site) -> None:
    site.snippet("a.py", 'print("a")\n')
    site.build({"conceitos/x.md": [("a.py", "")]})
    runner = site.build({"en/conceitos/x.md": [("a.py", "")]})
    assert runner.runs[0].cached
    assert site.executions() == ["a.py"]


def test_failures_are_not_cached_and_fresh_builds_ignore_the_cache(site: Site) -> None:
    site.snippet("bad.py", "raise ValueError\n")
    site.snippet("a.py", 'print("a")\n')
    site.build({"p.md": [("bad.py", ""), ("a.py", "")]})
    runner = site.build({"p.md": [("bad.py", ""), ("a.py", "")]}, read=False)
    assert [run.cached for run in runner.runs] == [False, False]
    assert site.executions() == ["bad.py", "a.py", "bad.py", "a.py"]


def test_entries_round_trip_with_figures(tmp_path: Path) -> None:
    cache = ExecutionCache(tmp_path)
    entry = CacheEntry("saída\n", 1.5, "cpu", "2.14.1", [CachedFigure("f.svg", "image/svg+xml", b"<svg/>")])
    cache.put("ab" + "0" * 62, entry)
    assert cache.get("ab" + "0" * 62) == entry
    assert cache.get("cd" + "0" * 62) is None


def test_key_covers_code_session_history_snippets_and_environment() -> None:
    base = dict(code="x", earlier_codes=["a"], snippet_texts=["x"], environment={"torch": "1"})
    key = block_key(**base)
    assert block_key(**base) == key
    for field, value in [
        ("code", "y"),
        ("earlier_codes", ["b"]),
        ("snippet_texts", ["x\n# edit"]),
        ("environment", {"torch": "2"}),
    ]:
        assert block_key(**{**base, field: value}) != key, field
