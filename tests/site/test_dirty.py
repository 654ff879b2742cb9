"""``make serve``: ``mkdocs serve --dirty`` renders only what an edit made stale, and gives the pages a clean build gives."""

from __future__ import annotations

import difflib
import queue
import re
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import make_site
from tocha.site.dirty import StaleOutputs, structure_fingerprint
from tocha.site.pages import PageInfo
from tocha.site.search import SearchPages
from tocha.site.generator import generator_command

# --- What each page was built from ------------------------------------------------


def test_a_page_is_stale_when_a_file_it_included_changed(tmp_path: Path) -> None:
    snippet, other = tmp_path / "a.py", tmp_path / "b.py"
    snippet.write_text("print(1)\n")
    other.write_text("print(2)\n")
    pages = {name: tmp_path / f"{name}.html" for name in ("uses_a", "uses_b", "plain")}
    for output in pages.values():
        output.write_text("<html></html>")
    outputs = StaleOutputs()
    outputs.record(str(pages["uses_a"]), [snippet])
    outputs.record(str(pages["uses_b"]), [other])
    structure = structure_fingerprint([PageInfo("a.md", "A")], [])
    assert outputs.remove_stale("", structure, map(str, pages.values())) == [], "the first build removes nothing"

    snippet.write_text("print(10)\n")
    assert outputs.remove_stale("", structure, map(str, pages.values())) == [str(pages["uses_a"])]
    assert not pages["uses_a"].exists() and pages["uses_b"].exists() and pages["plain"].exists()


def test_every_page_of_the_edition_is_stale_when_the_structure_changed(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: A\n")
    outputs = StaleOutputs()
    html = [tmp_path / "a.html", tmp_path / "b.html"]
    for output in html:
        output.write_text("<html></html>")
    before = structure_fingerprint([PageInfo("a.md", "A"), PageInfo("b.md", "B")], [config])
    outputs.remove_stale("en/", before, map(str, html))
    retitled = structure_fingerprint([PageInfo("a.md", "A, renamed"), PageInfo("b.md", "B")], [config])
    assert retitled != before
    assert outputs.remove_stale("en/", retitled, map(str, html)) == list(map(str, html))
    config.write_text("site_name: B\n")
    assert structure_fingerprint([PageInfo("a.md", "A, renamed"), PageInfo("b.md", "B")], [config]) != retitled
    assert structure_fingerprint([PageInfo("a.md", "A", {"terms": ["x"]})], []) != structure_fingerprint(
        [PageInfo("a.md", "A", {"terms": ["y"]})], []
    )


def test_search_pages_replace_a_rerendered_page_and_forget_a_deleted_one(tmp_path: Path) -> None:
    def entries(url: str, *sections: str) -> list[dict]:
        return [{"location": url, "title": url, "text": ""}] + [
            {"location": f"{url}#{section}", "title": section, "text": ""} for section in sections
        ]

    pages = SearchPages()
    pages.record("", entries("", "inicio") + entries("outra/"))
    pages.record("outra/", entries("", "inicio") + entries("outra/", "a", "b"))
    pages.record("en/outra/", entries("en/outra/", "a"))
    pages.record("outra/", entries("outra/", "a"))  # rendered again: section b removed
    assert [entry["location"] for entry in pages.by_page["outra/"]] == ["outra/", "outra/#a"]
    pages.keep_only([""], "", ["en/"])  # outra.md deleted from the default edition
    assert list(pages.by_page) == ["", "en/outra/"]
    index = tmp_path / "search_index.json"
    index.write_text('{"config": {"lang": ["pt"]}, "docs": [{"location": "stale"}]}', encoding="utf-8")
    assert pages.apply(index) == 4
    assert '"stale"' not in index.read_text(encoding="utf-8")


# --- mkdocs serve --dirty, both editions -------------------------------------------

# No comment or string literal: the English edition runs it as written (nothing to translate).
SNIPPET = "valores = [3, 1, 2]\nprint(sum(valores))\n"
FENCE = '```python exec="on" result="text"\n--8<-- "demo/soma.py"\n```\n'
PAGES = {
    "index.md": "# Início\n\nPrimeira página.\n",
    "index.en.md": "# Home\n\nFirst page.\n",
    "outra.md": "# Outra\n\nUma soma:\n\n" + FENCE,
    "outra.en.md": "# Other\n\nA sum:\n\n" + FENCE,
}
#: The last line of each build: the default edition's summary, after the other editions' nested builds
#: (mkdocs-static-i18n hides their "Documentation built" line from MkDocs' logger only, not ProperDocs').
BUILT = "tocha: edition pt-BR:"


def make_two_page_site(root: Path) -> Path:
    """Two pages in both editions; ``outra`` shows ``snippets/demo/soma.py``."""
    make_site(root, "  - index.md\n  - outra.md\n", english=True)
    (root / "snippets" / "demo").mkdir(parents=True)
    (root / "snippets" / "demo" / "soma.py").write_text(SNIPPET, encoding="utf-8")
    for name, text in PAGES.items():
        (root / "docs" / name).write_text(text, encoding="utf-8")
    return root


def free_port() -> int:
    """A TCP port of 127.0.0.1 that no one listens on now (for a server the test starts)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(
    root: Path, python: str, env: dict[str, str], port: int, *options: str, timeout: float = 60
) -> Iterator[tuple[Path, callable]]:
    """Run ``mkdocs serve`` on a site; yield its output folder and a function that waits for the next build (or a given line)."""
    command = generator_command("serve", *options, "--dev-addr", f"127.0.0.1:{port}", python=python)
    env = {**env, "TOCHA_CACHE_DIR": str(root / ".cache")}
    server = subprocess.Popen(command, cwd=root, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    lines: queue.Queue[str] = queue.Queue()
    log: list[str] = []
    threading.Thread(target=lambda: [lines.put(line) for line in server.stderr], daemon=True).start()

    def wait_for(text: str) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=0.5)
            except queue.Empty:
                continue
            log.append(line)
            if text in line:
                return line
            if "ERROR" in line or "Aborted" in line:
                pytest.fail("mkdocs serve failed:\n" + "".join(log))
        pytest.fail(f"mkdocs serve never printed {text!r}:\n" + "".join(log))

    try:
        folder = re.search(r"documentation to directory: (\S+)", wait_for("documentation to directory")).group(1)
        wait_for("Serving on")  # the file watcher is up
        yield Path(folder), lambda text=BUILT: wait_for(text)
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_serve_says_when_the_examples_libraries_have_loaded(tmp_path: Path, python: str, build_env: dict[str, str]) -> None:
    """The writer (and make bench) learns when an edited snippet will run without loading torch first."""
    root = make_two_page_site(tmp_path / "site-src")
    port = free_port()
    with serving(root, python, build_env, port) as (_, wait_for):
        line = wait_for("loaded: the next edited example runs without loading them")
    assert "tocha: torch" in line and "INFO" in line


def site_files(site: Path) -> dict[str, bytes]:
    """Every page and the search index of a served site, by path (the worker's hashed name aside, the same files)."""
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.name == "index.html" or path.name == "search_index.json"
    }


def test_a_dirty_serve_renders_what_an_edit_changed_as_a_clean_build_does(
    tmp_path: Path, python: str, build_env: dict[str, str]
) -> None:
    root = make_two_page_site(tmp_path / "site-src")
    # One port for both servers: the pages name it (canonical links).
    port = free_port()
    with serving(root, python, build_env, port, "--dirty") as (site, next_build):
        home = site / "index.html"
        first = home.stat().st_mtime_ns
        time.sleep(0.05)
        (root / "snippets" / "demo" / "soma.py").write_text(SNIPPET.replace("sum(valores)", "sum(valores) * 10"))
        next_build()
        for page in ("outra/index.html", "en/outra/index.html"):
            assert "60" in (site / page).read_text(encoding="utf-8"), f"{page} shows the edited snippet's output"
        assert home.stat().st_mtime_ns == first, "a page that does not include the snippet is not rendered again"

        (root / "docs" / "index.md").write_text(PAGES["index.md"] + "\nFrase nova.\n", encoding="utf-8")
        next_build()
        assert "Frase nova." in home.read_text(encoding="utf-8")
        dirty = site_files(site)
    assert "Frase nova." in dirty["search/search_index.json"].decode()

    # A clean serve of the edited site writes the same pages and index.
    with serving(root, python, build_env, port) as (clean_site, _):
        clean = site_files(clean_site)
    assert sorted(dirty) == sorted(clean)
    differing = [path for path in clean if dirty[path] != clean[path]]
    assert not differing, f"dirty and clean serve differ in {differing}; first difference:\n" + first_difference(
        dirty[differing[0]].decode(), clean[differing[0]].decode()
    )


def first_difference(left: str, right: str) -> str:
    """The first differing lines of two texts, as a short unified diff."""
    diff = difflib.unified_diff(left.splitlines(), right.splitlines(), "dirty", "clean", n=1, lineterm="")
    return "\n".join(list(diff)[:12])
