"""A snippet that raises fails the strict build, naming the page and the snippet.

The site is copied to a temporary folder (its real ``mkdocs.yml`` through
``INHERIT``, its hooks, one page including a real snippet), the snippet is
broken there, and the real build command must fail with both paths in its log.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import REPO, build_site, make_site

SNIPPET = "guides/first_steps/tensor_operations.py"
PAGE = f'# Exemplo\n\n```python exec="on" source="above" result="text"\n--8<-- "{SNIPPET}"\n```\n'


def make_site_copy(root: Path) -> None:
    make_site(root, "  - index.md\n")
    (root / "snippets" / Path(SNIPPET).parent).mkdir(parents=True)
    shutil.copy(REPO / "snippets" / SNIPPET, root / "snippets" / SNIPPET)
    (root / "docs" / "index.md").write_text(PAGE, encoding="utf-8")


def test_copy_builds_while_the_snippet_is_intact(tmp_path: Path, python: str, example_env: dict[str, str]) -> None:
    make_site_copy(tmp_path)
    result = build_site(tmp_path, python, example_env)
    assert result.returncode == 0, result.stderr
    assert "grad_y" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_broken_snippet_fails_the_build_naming_page_and_snippet(
    tmp_path: Path, python: str, example_env: dict[str, str]
) -> None:
    make_site_copy(tmp_path)
    with (tmp_path / "snippets" / SNIPPET).open("a", encoding="utf-8") as snippet:
        snippet.write('\nraise RuntimeError("exemplo quebrado de propósito")\n')
    result = build_site(tmp_path, python, example_env)
    assert result.returncode != 0
    assert f"page index.md: snippet snippets/{SNIPPET} failed" in result.stderr
    assert "RuntimeError: exemplo quebrado de propósito" in result.stderr
