"""The ``tocha`` MkDocs plugin on small sites that inherit the real ``mkdocs.yml``.

Each site is laid out in a temporary folder (its own pages and toy snippets,
the real configuration's settings) and built with the real command,
so these tests see what a writer sees: pages, figures, errors in the log.
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from tests.conftest import build_site, make_site
from tocha.site.plugin import TochaConfig

#: A snippet in two sections that draws a figure, shown as two blocks of one session.
SNIPPET = (
    "# --8<-- [start:dados]\n"
    "valores = [3, 1, 2]\n"
    "print('soma:', sum(valores))\n"
    "# --8<-- [end:dados]\n"
    "\n"
    "# --8<-- [start:figura]\n"
    "open('curva.svg', 'w').write(\"<svg xmlns='http://www.w3.org/2000/svg'/>\")\n"
    "print('máximo:', max(valores))\n"
    "# --8<-- [end:figura]\n"
)
FENCE = '```python exec="on" source="above" result="text" session="s"\n--8<-- \'demo/steps.py:{section}\'\n```\n'
PAGE = "# Exemplo\n\n" + FENCE.format(section="dados") + "\nTexto.\n\n" + FENCE.format(section="figura")


def make_example_site(root: Path, page: str = PAGE, *, english: bool = False) -> Path:
    """A one-page site whose page shows ``snippets/demo/steps.py`` in two blocks."""
    make_site(root, "  - index.md\n", english=english)
    (root / "snippets" / "demo").mkdir(parents=True)
    (root / "snippets" / "demo" / "steps.py").write_text(SNIPPET, encoding="utf-8")
    (root / "docs" / "index.md").write_text(page, encoding="utf-8")
    return root


def report(root: Path) -> list[dict]:
    return json.loads((root / "site" / "execution-report.json").read_text(encoding="utf-8"))


def test_blocks_show_output_figure_and_know_their_snippet(tmp_path: Path, python: str, build_env: dict[str, str]) -> None:
    make_example_site(tmp_path)
    result = build_site(tmp_path, python, build_env)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "soma: 6" in html and "máximo: 3" in html
    assert html.count('<figure class="tocha-figure"><img alt="Figura desenhada pelo exemplo (curva.svg)"') == 1
    assert html.index("máximo: 3") < html.index("tocha-figure"), "the figure follows its own block"
    assert [run["snippets"] for run in report(tmp_path)] == [["snippets/demo/steps.py"]] * 2


def test_warm_rebuild_reuses_every_result_and_gives_the_same_page(
    tmp_path: Path, python: str, build_env: dict[str, str]
) -> None:
    make_example_site(tmp_path)
    assert build_site(tmp_path, python, build_env).returncode == 0
    cold = (tmp_path / "site" / "index.html").read_bytes()
    warm = build_site(tmp_path, python, build_env)
    assert warm.returncode == 0, warm.stderr
    assert [run["cached"] for run in report(tmp_path)] == [True, True]
    assert (tmp_path / "site" / "index.html").read_bytes() == cold


def test_broken_snippet_fails_the_build_naming_page_and_snippet(
    tmp_path: Path, python: str, build_env: dict[str, str]
) -> None:
    make_example_site(tmp_path)
    with (tmp_path / "snippets" / "demo" / "steps.py").open("a", encoding="utf-8") as snippet:
        snippet.write('# --8<-- [start:quebra]\nraise RuntimeError("exemplo quebrado de propósito")\n# --8<-- [end:quebra]\n')
    (tmp_path / "docs" / "index.md").write_text(PAGE + "\n" + FENCE.format(section="quebra"), encoding="utf-8")
    result = build_site(tmp_path, python, build_env)
    assert result.returncode != 0
    assert "page index.md: snippet snippets/demo/steps.py failed" in result.stderr
    assert "RuntimeError: exemplo quebrado de propósito" in result.stderr


def test_the_sitemap_dates_the_pages_by_the_last_commit_not_by_the_build(
    tmp_path: Path, python: str, build_env: dict[str, str]
) -> None:
    make_example_site(tmp_path)
    # 23:30 in UTC-5 is the next day in UTC, the zone the generator dates pages in.
    when = "2001-02-03T23:30:00-05:00"
    git = {**build_env, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_AUTHOR_DATE": when,
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_COMMITTER_DATE": when}  # fmt: skip
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "site"]):
        subprocess.run(["git", *command], cwd=tmp_path, env=git, check=True, capture_output=True)
    build_env = {name: value for name, value in build_env.items() if name != "SOURCE_DATE_EPOCH"}

    def dates() -> tuple[set[str], int]:
        sitemap = (tmp_path / "site" / "sitemap.xml").read_text(encoding="utf-8")
        header = (tmp_path / "site" / "sitemap.xml.gz").read_bytes()[:10]
        with gzip.open(tmp_path / "site" / "sitemap.xml.gz", "rt", encoding="utf-8") as packed:
            assert packed.read() == sitemap
        return set(re.findall(r"<lastmod>([^<]*)</lastmod>", sitemap)), int.from_bytes(header[4:8], "little")

    result = build_site(tmp_path, python, build_env)
    assert result.returncode == 0, result.stderr
    assert dates() == ({"2001-02-04"}, 981244800), "every page, and the gzip header, carry the commit's UTC date"
    result = build_site(tmp_path, python, {**build_env, "SOURCE_DATE_EPOCH": "1700000000"})
    assert result.returncode == 0, result.stderr
    assert dates() == ({"2023-11-14"}, 1699920000), "SOURCE_DATE_EPOCH, when set, wins over the commit"


def test_two_builds_in_one_process_keep_their_own_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = make_example_site(tmp_path / "first")
    other = "# Outro\n\n```python exec=\"on\" result=\"text\"\nprint('só o segundo site')\n```\n"
    second = make_example_site(tmp_path / "second", page=other)
    for root in (first, second):
        monkeypatch.chdir(root)
        monkeypatch.setenv("TOCHA_CACHE_DIR", str(root / ".cache"))
        build(load_config(str(root / "mkdocs.yml")))
    assert [run["page"] for run in report(first)] == ["index.md", "index.md"]
    assert [(run["page"], run["snippets"]) for run in report(second)] == [("index.md", [])]
    assert "soma: 6" not in (second / "site" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(("option", "value"), [("time_limit", "logo"), ("fresh", "sim"), ("cache_dir", 3)])
def test_options_are_validated(option: str, value: object) -> None:
    options = TochaConfig()
    options.load_dict({option: value})
    errors, _ = options.validate()
    assert [name for name, _ in errors] == [option]


def test_the_recording_snippets_extension_is_required(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    make_example_site(tmp_path)
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "markdown_extensions: [pymdownx.superfences, pymdownx.snippets]\n",
        encoding="utf-8",
    )
    with pytest.raises(Abort):
        build(load_config(str(config)))
    assert "mkdocs.yml: markdown_extensions lacks tocha.site.snippets: the tocha plugin needs it" in caplog.text


def test_a_missing_include_stops_the_build_naming_page_and_file(
    tmp_path: Path, python: str, build_env: dict[str, str]
) -> None:
    make_example_site(tmp_path, '# X\n\n```python exec="on"\n--8<-- "demo/nao_existe.py"\n```\n')
    result = build_site(tmp_path, python, build_env)
    assert result.returncode == 1
    assert "Error reading page 'index.md'" in result.stderr
    assert "Snippet at path 'demo/nao_existe.py' could not be found" in result.stderr
    assert "Traceback" not in result.stderr, result.stderr


def test_a_build_that_stops_in_the_english_edition_leaves_no_scratch_folder(
    tmp_path: Path, python: str, build_env: dict[str, str]
) -> None:
    """A strict abort inside mkdocs-static-i18n's nested build closes both editions' runners."""
    root = make_example_site(tmp_path / "site", english=True)
    (root / "docs" / "index.en.md").write_text('# X\n\n```python exec="on"\nraise ValueError("falha")\n```\n', encoding="utf-8")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    result = build_site(root, python, {**build_env, "TMPDIR": str(scratch)})
    assert result.returncode == 1, result.stderr
    assert "page index.en.md" in result.stderr and "ValueError: falha" in result.stderr
    assert sorted(path.name for path in scratch.glob("tocha-examples-*")) == []


def test_a_missing_dependency_stops_the_build_naming_page_and_module(
    tmp_path: Path, python: str, build_env: dict[str, str]
) -> None:
    make_example_site(tmp_path, '# X\n\n```python exec="on"\n--8<-- "demo/precisa.py"\n```\n')
    (tmp_path / "snippets" / "demo" / "precisa.py").write_text("import pacote_que_nao_existe\n", encoding="utf-8")
    result = build_site(tmp_path, python, build_env)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert errors[0] == (
        "ERROR   -  page index.md: snippet snippets/demo/precisa.py failed: "
        "ModuleNotFoundError: No module named 'pacote_que_nao_existe'"
    ), result.stderr


def test_a_block_that_prints_nothing_in_an_output_box_fails_the_strict_build(
    tmp_path: Path, python: str, build_env: dict[str, str]
) -> None:
    silent = "def soma(valores):\n    return sum(valores)\n"
    boxed = '# X\n\n```python exec="on" source="above" result="text"\n--8<-- "demo/silencio.py"\n```\n'
    make_example_site(tmp_path / "boxed", boxed)
    (tmp_path / "boxed" / "snippets" / "demo" / "silencio.py").write_text(silent, encoding="utf-8")
    result = build_site(tmp_path / "boxed", python, build_env)
    assert result.returncode == 1
    assert (
        "page index.md: the block starting 'def soma(valores):' prints nothing, yet the page shows its empty output box"
        in result.stderr
    ), result.stderr
    # Shown as code to read (no result box), the same block is fine.
    make_example_site(tmp_path / "plain", boxed.replace(' result="text"', ""))
    (tmp_path / "plain" / "snippets" / "demo" / "silencio.py").write_text(silent, encoding="utf-8")
    assert build_site(tmp_path / "plain", python, build_env).returncode == 0


def test_a_notebook_option_the_page_cannot_honour_stops_the_build_naming_page_and_option(
    tmp_path: Path, python: str, build_env: dict[str, str]
) -> None:
    """The option is read once the page has rendered: an error there is the build's, not one superfences swallows."""
    make_example_site(tmp_path, PAGE.replace('session="s"', 'session="s" notebook="cell"', 1))
    result = build_site(tmp_path, python, build_env)
    assert result.returncode == 1
    assert 'page index.md: notebook="cell" on a block of 1 snippet(s)' in result.stderr, result.stderr
    assert not (tmp_path / "site" / "index.html").exists()
