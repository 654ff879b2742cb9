"""Executed blocks render through Python-Markdown alone: no site generator, the engine's results.

The move to another generator (Zensical, or any that runs Python-Markdown
extensions) keeps the examples if :class:`tocha.site.fence.ExecutedFence`
needs only Python-Markdown and pymdownx.superfences. So a page is rendered in
a process where ``mkdocs``, ``material`` and ``mkdocs_static_i18n`` cannot be
imported, from the cache ``tocha examples run`` filled, and each block's HTML
must be, byte for byte, the block the MkDocs build puts on that page.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import build_site, make_site

SNIPPET = """\
# --8<-- [start:make]
values = [3, 1, 2]
# --8<-- [end:make]

# --8<-- [start:show]
print(sorted(values))
# --8<-- [end:show]
"""
PAGE = (
    "# Blocos\n\n"
    '```python exec="on" session="s" source="above" result="text"\n--8<-- "steps.py:make"\nprint(len(values))\n```\n\n'
    "Texto entre os blocos.\n\n"
    '```python exec="on" session="s" source="above" result="text"\n--8<-- "steps.py:show"\n```\n\n'
    '```python exec="on" result="text"\nprint("sozinho")\n```\n'
)

# Runs in a process where the generator cannot be imported: the page through Python-Markdown, from the cache.
RENDER = """
import importlib.abc, json, sys

class NoGenerator(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {"mkdocs", "material", "mkdocs_static_i18n", "properdocs"}:
            raise ImportError(f"{name}: no site generator here")

sys.meta_path.insert(0, NoGenerator())

from pathlib import Path
import markdown
from tocha.examples.page_model import page_markdown
from tocha.examples.run import edition_configs
from tocha.examples.settings import read_settings
from tocha.site.fence import ExecutedFence
from tocha.site.labels import labels_for

config, cache, uri = sys.argv[1:]
settings = read_settings(Path(config), Path(cache))
edition = settings.editions[0]
runner = settings.runner()
runner.start_page(uri)
fence = ExecutedFence(runner, labels_for(edition.language), mark=True)
configs = edition_configs(settings, edition)
configs.setdefault("pymdownx.superfences", {}).setdefault("custom_fences", []).extend(fence.fences())
page = markdown.Markdown(extensions=settings.extensions, extension_configs=configs)
html = page.convert(page_markdown((settings.docs_dir / uri).read_text(encoding="utf-8")))
runner.close()
blocks = [block.html + block.after for block in fence.take_blocks()]
print(json.dumps({
    "html": html,
    "blocks": blocks,
    "cached": [run.cached for run in runner.runs],
    "generator": sorted(name for name in sys.modules if name.split(".")[0] in {"mkdocs", "material", "mkdocs_static_i18n"}),
}))
"""


def test_a_page_renders_through_python_markdown_alone_as_the_site_build_renders_it(
    tmp_path: Path, python: str, build_env: dict[str, str]
) -> None:
    root = make_site(tmp_path / "site", "  - blocos.md\n")
    (root / "snippets" / "steps.py").write_text(SNIPPET, encoding="utf-8")
    (root / "docs" / "blocos.md").write_text(PAGE, encoding="utf-8")
    cache = tmp_path / "cache"
    engine = subprocess.run(
        [python, "-m", "tocha.examples", "run", "--config", str(root / "mkdocs.yml"), "--cache-dir", str(cache), "--jobs", "1"],
        cwd=root, env=build_env, capture_output=True, text=True,
    )  # fmt: skip
    assert engine.returncode == 0, engine.stderr

    rendered = subprocess.run(
        [python, "-c", RENDER, str(root / "mkdocs.yml"), str(cache), "blocos.md"],
        cwd=root, env=build_env, capture_output=True, text=True,
    )  # fmt: skip
    assert rendered.returncode == 0, rendered.stderr
    page = json.loads(rendered.stdout)
    assert page["generator"] == []
    assert page["cached"] == [True, True, True], "every block comes from the engine's results"
    assert [block.count('<div class="highlight tocha-output"') for block in page["blocks"]] == [1, 1, 1]
    for output in ("3", "[1, 2, 3]", "sozinho"):
        assert f"<code>{output}\n</code>" in page["html"]

    built = build_site(root, python, build_env, cache=cache)
    assert built.returncode == 0, built.stderr
    assert "3 executed blocks, 0 run now" in built.stderr
    site_page = (root / "site" / "blocos" / "index.html").read_text(encoding="utf-8")
    for number, block in enumerate(page["blocks"], start=1):
        assert f'<div class="tocha-example" id="ex-{number}">{block}</div>' in site_page


def test_an_error_in_the_formatter_stops_the_render_naming_page_and_block(tmp_path: Path, monkeypatch) -> None:
    """superfences swallows a formatter's errors (the fence would show as plain text) but its own exception."""
    import markdown
    from pymdownx.superfences import SuperFencesException

    from tocha.examples.settings import read_settings
    from tocha.site.fence import ExecutedFence
    from tocha.site.labels import labels_for

    root = make_site(tmp_path / "site", "  - blocos.md\n")
    settings = read_settings(root / "mkdocs.yml", tmp_path / "cache")
    runner = settings.runner()
    runner.start_page("blocos.md")

    def broken(*args, **kwargs):
        raise RuntimeError("cache unreadable")

    monkeypatch.setattr(runner, "run_block", broken)
    fence = ExecutedFence(runner, labels_for("pt-BR"), mark=True)
    configs = {"pymdownx.superfences": {"custom_fences": fence.fences()}}
    page = markdown.Markdown(extensions=["pymdownx.superfences"], extension_configs=configs)
    try:
        with pytest.raises(SuperFencesException, match=r"page blocos\.md: the block starting 'print\(1\)': cache unreadable"):
            page.convert('# X\n\n```python exec="on"\nprint(1)\n```\n')
    finally:
        runner.close()
    assert fence.take_blocks() == []
