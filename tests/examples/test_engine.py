"""The examples engine outside the site build: its page model, ``tocha examples run`` in shards, ``merge``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import markdown_exec
import pytest

from tests.conftest import REPO, build_site, make_site
from tocha.cli import main
from tocha.examples.cache import ExecutionCache, CacheEntry
from tocha.examples.page_model import fence_options, read_page, scan_layout
from tocha.examples.run import ShardError, merge_caches, parse_shard, read_pages, shard_pages
from tocha.examples.settings import read_settings

SNIPPET = """\
# --8<-- [start:make]
values = [1, 2, 3]
# --8<-- [end:make]

# --8<-- [start:show]
print(sum(values))
# --8<-- [end:show]
"""
PAGES = {
    "index.md": "# Início\n\nSem exemplos.\n",
    "sessoes.md": (
        "# Sessões\n\n"
        '```python exec="on" session="s" result="text"\n--8<-- "steps.py:make"\nprint(len(values))\n```\n\n'
        "Texto.\n\n"
        '```python exec="on" session="s" result="text"\n--8<-- "steps.py:show"\n```\n'
    ),
    "aninhados.md": (
        "# Aninhados\n\n"
        '!!! note "Numa nota"\n\n    ```python exec="on" result="text"\n    print("na nota")\n    ```\n\n'
        '- Numa lista:\n\n    ```py exec="on" result="text"\n    print("na lista")\n    ```\n\n'
        '```python3 exec="on"\nprint("python3 não executa")\n```\n\n'
        '```python exec="off"\nprint("desligado")\n```\n\n'
        '```python exec="1" result="text"\nprint("ligado")\n```\n'
    ),
}
NAV = "  - index.md\n  - sessoes.md\n  - aninhados.md\n"


@pytest.fixture
def small_site(tmp_path: Path) -> Path:
    """A pt-BR site with the real mkdocs.yml's settings: sessions over a snippet's sections, nested and inline blocks."""
    root = make_site(tmp_path / "site", NAV)
    (root / "snippets" / "steps.py").write_text(SNIPPET, encoding="utf-8")
    for name, text in PAGES.items():
        (root / "docs" / name).write_text(text, encoding="utf-8")
    return root


def test_no_module_of_the_engine_imports_the_site_generator() -> None:
    program = (
        "import pkgutil, importlib, sys, tocha.examples\n"
        "for module in pkgutil.walk_packages(tocha.examples.__path__, 'tocha.examples.'):\n"
        "    if module.name != 'tocha.examples.__main__':\n"
        "        importlib.import_module(module.name)\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] in {'mkdocs', 'properdocs', 'material', 'mkdocs_static_i18n', 'markdown_exec'}))\n"
        "print(sorted(name for name in sys.modules if name.startswith('tocha.')))\n"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    generator, loaded = result.stdout.splitlines()
    assert generator == "[]"
    assert "tocha.examples.run" in loaded and "tocha.site" not in loaded


@pytest.mark.parametrize(
    "inputs",
    [
        {"exec": "on", "session": "s", "result": "text"},
        {"exec": "1", "source": "tabbed-left", "tabs": "Código|Saída", "title": "x.py", "notebook": "script"},
        {"exec": "on", "html": "yes", "returncode": "1", "id": "b", "idprefix": "p-", "width": "80", "updatetoc": "no"},
        {"exec": "off", "result": "text"},
        {"result": "text"},
    ],
)
def test_the_engine_reads_a_fence_as_markdown_exec_does(inputs: dict[str, str]) -> None:
    ours, theirs = {}, {}
    assert fence_options("python", dict(inputs), ours, {}, None) == markdown_exec.validator("python", dict(inputs), theirs, {}, None)
    assert ours == theirs


def test_one_parse_lists_the_blocks_that_run_in_order_with_their_snippets_and_sessions(small_site: Path) -> None:
    settings = read_settings(small_site / "mkdocs.yml")
    assert [edition.language for edition in settings.editions] == ["pt-BR"]
    nested = read_page("aninhados.md", PAGES["aninhados.md"], "pt-BR", settings.extensions, settings.extension_configs)
    assert [block.code for block in nested.blocks] == ['print("na nota")', 'print("na lista")', 'print("ligado")']
    sessions = read_page("sessoes.md", PAGES["sessoes.md"], "pt-BR", settings.extensions, settings.extension_configs)
    assert [(block.code, block.session) for block in sessions.blocks] == [
        ("values = [1, 2, 3]\nprint(len(values))", "s"),
        ("print(sum(values))", "s"),
    ]
    assert [block.snippets for block in sessions.blocks] == [(small_site / "snippets" / "steps.py",)] * 2
    assert [page.uri for page in read_pages(settings)] == ["aninhados.md", "sessoes.md"], "pages without blocks are left out"


def test_shards_split_the_pages_once_each_and_the_same_way_every_time(small_site: Path) -> None:
    pages = read_pages(read_settings(small_site / "mkdocs.yml"))
    first, second = shard_pages(pages, 1, 2), shard_pages(pages, 2, 2)
    assert sorted(page.uri for page in first + second) == ["aninhados.md", "sessoes.md"]
    assert first and second and first == shard_pages(pages, 1, 2)
    for text in ("0/2", "3/2", "1", "a/b"):
        with pytest.raises(ShardError):
            parse_shard(text)


def cache_entries(cache: Path) -> dict[str, tuple]:
    """Every block entry of a cache: key → (output, figures, stderr, device, torch); not the run time."""
    entries = {}
    for path in sorted(cache.glob("[0-9a-f][0-9a-f]/*.json")):
        entry = ExecutionCache(cache).get(path.stem)
        entries[path.stem] = (entry.output, entry.figures, entry.stderr, entry.device, entry.torch)
    return entries


def test_two_shards_merged_give_the_cache_of_one_run_and_the_build_runs_nothing(
    small_site: Path, tmp_path: Path, python: str, build_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(small_site)
    whole, merged = tmp_path / "whole", tmp_path / "merged"
    assert main(["examples", "run", "--cache-dir", str(whole), "--jobs", "2", "--results", str(tmp_path / "r.json")]) == 0
    for index in (1, 2):
        assert main(["examples", "run", "--cache-dir", str(tmp_path / f"shard{index}"), "--shard", f"{index}/2"]) == 0
    assert main(["examples", "merge", str(merged), str(tmp_path / "shard1"), str(tmp_path / "shard2")]) == 0
    assert cache_entries(merged) == cache_entries(whole) and len(cache_entries(whole)) == 5
    records = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert [(record["page"], record["output"]) for record in records] == [
        ("aninhados.md", "na nota\n"), ("aninhados.md", "na lista\n"), ("aninhados.md", "ligado\n"),
        ("sessoes.md", "3\n"), ("sessoes.md", "6\n"),
    ]  # fmt: skip
    result = build_site(small_site, python, build_env, cache=merged)
    assert result.returncode == 0, result.stderr
    assert "5 executed blocks, 0 run now (0.0 s), 5 from the cache" in result.stderr
    assert "6" in (small_site / "site" / "sessoes" / "index.html").read_text(encoding="utf-8")


def test_merge_reports_an_example_whose_two_runs_differ(tmp_path: Path) -> None:
    for name, output in (("a", "1\n"), ("b", "2\n")):
        ExecutionCache(tmp_path / name).put("ab" + "0" * 62, CacheEntry(output, 0.1, "cpu", "2"))
    assert merge_caches(tmp_path / "out", [tmp_path / "a", tmp_path / "b"]) == (1, ["ab" + "0" * 62])
    assert ExecutionCache(tmp_path / "out").get("ab" + "0" * 62).output == "1\n"


def test_a_missing_snippet_is_named_with_its_page(small_site: Path, monkeypatch: pytest.MonkeyPatch, caplog) -> None:
    (small_site / "docs" / "sessoes.md").write_text('```python exec="on"\n--8<-- "nope.py"\n```\n', encoding="utf-8")
    monkeypatch.chdir(small_site)
    assert main(["examples", "run", "--cache-dir", str(small_site / "c")]) == 1
    assert "page sessoes.md:" in caplog.text and "nope.py" in caplog.text


def test_a_block_that_writes_stderr_fails_the_run_as_it_fails_the_build(
    small_site: Path, monkeypatch: pytest.MonkeyPatch, caplog
) -> None:
    (small_site / "docs" / "sessoes.md").write_text(
        '```python exec="on" result="text"\nimport sys\nprint("ok")\nprint("ruído", file=sys.stderr)\n```\n', encoding="utf-8"
    )
    monkeypatch.chdir(small_site)
    assert main(["examples", "run", "--cache-dir", str(small_site / "c"), "--jobs", "1"]) == 1
    assert "page sessoes.md: snippet (inline code) wrote to stderr: 'ruído'" in caplog.text


def test_the_real_site_settings_name_both_editions_and_the_snippet_folder() -> None:
    settings = read_settings(REPO / "mkdocs.yml")
    assert [edition.language for edition in settings.editions] == ["pt-BR", "en"]
    assert settings.snippet_options["base_path"] == [str(REPO / "snippets")]
    assert settings.threads == 1 and settings.environment["TORCH_LOGS"] == "-all"


def test_the_page_scan_and_superfences_agree_on_every_page_s_executed_blocks(tmp_path: Path) -> None:
    """The notebook's cut (scan_layout) and the runner's blocks (superfences) make one decision, fence_options."""
    settings = read_settings(REPO / "mkdocs.yml", tmp_path / "cache")
    blocks = {model.uri: len(model.blocks) for model in read_pages(settings)}
    differing = []
    for page in sorted(settings.docs_dir.rglob("*.md")):
        uri = page.relative_to(settings.docs_dir).as_posix()
        executed = sum(fence.executed for fence in scan_layout(page.read_text(encoding="utf-8")).fences)
        if executed != blocks.get(uri, 0):
            differing.append(f"{uri}: {executed} executed fences scanned, {blocks.get(uri, 0)} blocks rendered")
    assert sum(blocks.values()) > 100 and not differing, differing
