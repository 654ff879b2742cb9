"""``tocha build-pages``: the temporary site that holds only some pages."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO, make_site
from tocha.examples.settings import SettingsError, read_settings
from tocha.site.editions import english_page
from tocha.site.partial_site import make_partial_site


def test_partial_site_holds_the_pages_the_sources_and_the_real_configuration(tmp_path: Path) -> None:
    nav = make_partial_site(REPO, [REPO / "docs" / "conceitos" / "tensores.md"], tmp_path)
    assert nav[:2] == ["conceitos/tensores.md", "index.md"]
    assert "fontes/index.md" in nav and "notas-de-revisao.md" in nav
    assert "guias/primeiros-passos.md" not in nav and not any(uri.endswith(".en.md") for uri in nav)
    assert (tmp_path / "docs").resolve() == (REPO / "docs").resolve()
    assert (tmp_path / "snippets").resolve() == (REPO / "snippets").resolve()
    config = yaml.safe_load((tmp_path / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["INHERIT"] == str(REPO / "mkdocs.yml")
    # The real file's exclusions first, then every page out and the selection back in.
    assert config["exclude_docs"].splitlines()[:2] == ["_nav.yml", "*.md"]
    assert "!/conceitos/tensores.en.md" in config["exclude_docs"].splitlines()


def test_the_engine_reads_the_inherited_configuration_as_the_generator_does(tmp_path: Path) -> None:
    make_partial_site(REPO, [REPO / "docs" / "conceitos" / "tensores.md"], tmp_path)
    real, partial = read_settings(REPO / "mkdocs.yml"), read_settings(tmp_path / "mkdocs.yml")
    assert partial.root == tmp_path.resolve() and partial.docs_dir == tmp_path.resolve() / "docs"
    assert (partial.time_limit, partial.threads, partial.environment, partial.editions) == (
        real.time_limit,
        real.threads,
        real.environment,
        real.editions,
    )
    assert partial.extensions == real.extensions
    assert partial.snippet_options["base_path"] == [str(tmp_path.resolve() / "snippets")]


def test_a_configuration_that_inherits_itself_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "a.yml").write_text("INHERIT: b.yml\n", encoding="utf-8")
    (tmp_path / "b.yml").write_text("INHERIT: a.yml\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="comes back to a file that inherits it"):
        read_settings(tmp_path / "a.yml")


# No comment or string literal: the English edition runs it unchanged. The excluded page's block
# would fail if it ran.
FENCE = '```python exec="on" result="text"\n--8<-- "demo/{name}.py"\n```\n'
PAGES = {
    "index.md": "# Início\n\nVeja [a página A](a.md).\n",
    "a.md": "# A\n\nContinua em [B](b.md).\n\n" + FENCE.format(name="soma"),
    "b.md": "# B\n\nUm erro:\n\n" + FENCE.format(name="erro"),
    "c.md": "# C\n\nUm [link quebrado](nao-existe.md).\n",
}


def make_small_repository(root: Path) -> Path:
    """A repository of four pages in both editions; ``b`` shows a snippet that raises."""
    make_site(root, "  - index.md\n  - a.md\n  - b.md\n  - c.md\n", english=True)
    (root / "snippets" / "demo").mkdir(parents=True)
    (root / "snippets" / "demo" / "soma.py").write_text("print(sum([3, 1, 2]))\n", encoding="utf-8")
    (root / "snippets" / "demo" / "erro.py").write_text("raise ValueError(1)\n", encoding="utf-8")
    for name, text in PAGES.items():
        (root / "docs" / name).write_text(text, encoding="utf-8")
        (root / "docs" / english_page(Path(name))).write_text(text.replace("# Início", "# Home"), encoding="utf-8")
    return root


def build_pages(root: Path, python: str, env: dict[str, str], *pages: str) -> subprocess.CompletedProcess:
    """Run ``tocha build-pages`` in ``root``, writing the HTML to ``root / "built"``, with the site's own cache."""
    command = [str(Path(python).parent / "tocha"), "build-pages", *pages, "--site-dir", "built"]
    env = {**env, "TOCHA_CACHE_DIR": str(root / ".cache")}
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=False)


def test_build_pages_builds_the_selection_strictly_from_the_real_configuration(
    tmp_path: Path, python: str, build_env: dict[str, str]
) -> None:
    root = make_small_repository(tmp_path)
    built = build_pages(root, python, build_env, "docs/a.en.md")
    assert built.returncode == 0, built.stderr
    # The selection in both editions, with the home page; the page outside it is not built
    # (its failing block never ran), and the link to it is only information.
    assert (root / "built" / "a" / "index.html").is_file() and (root / "built" / "en" / "a" / "index.html").is_file()
    assert (root / "built" / "index.html").is_file()
    assert not (root / "built" / "b").exists() and not (root / "built" / "en" / "b").exists()
    assert "6" in (root / "built" / "a" / "index.html").read_text(encoding="utf-8").split("Continua em", 1)[1]
    assert "'b.md' which is excluded from the built site" in built.stderr
    assert "ValueError" not in built.stderr


def test_build_pages_fails_on_a_link_to_a_page_that_does_not_exist(
    tmp_path: Path, python: str, build_env: dict[str, str]
) -> None:
    root = make_small_repository(tmp_path)
    built = build_pages(root, python, build_env, "docs/c.md")
    assert built.returncode != 0
    assert "contains a link 'nao-existe.md', but the target is not found" in built.stderr


def test_build_pages_names_a_page_outside_docs(tmp_path: Path, python: str, build_env: dict[str, str]) -> None:
    root = make_small_repository(tmp_path)
    (root / "notes.md").write_text("# Fora\n", encoding="utf-8")
    built = build_pages(root, python, build_env, "notes.md")
    assert built.returncode != 0
    assert "notes.md: not a Markdown page under docs/" in built.stderr
