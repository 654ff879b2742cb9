"""Measure build and test times on a fresh copy of the repository (``make bench``).

Steps, each timed once on a copy of the working tree in a temporary folder with
its own empty execution cache, through ``make build`` as a writer runs it:

1. cold build (every example runs: ``tocha examples run`` on every core, then the
   site build from its results), then the engine alone into empty caches: the
   whole run and each of two shards;
2. rebuild with nothing changed (``make`` sees no changed input: nothing to do);
3. the same unchanged rebuild forced through the generator (ProperDocs; every block from the cache),
   to show the fixed cost of a build;
4. rebuild after editing one snippet, with ``make build`` (a new process: it
   loads torch again);
5. rebuild after editing one page's prose;
6. the writer's loop, ``make serve`` (``mkdocs serve --dirty``: the process
   stays up and renders only the pages an edit affects; the time runs from the
   file's change to the build's last line, both editions updated):
   a prose edit, then a snippet edit;
7. search in the browser (the browser test's query set, typed into the site
   built in step 5 and served on 127.0.0.1): from the last keystroke of a query
   to the first result shown, the slowest query per edition; and the size of
   each edition's part of the search index;
8. the test suite without the whole-site build, serial and with ``-n auto``;
9. ``make test-fast`` and ``make test``, as a developer and CI run them (the
   environment is already installed: the times start after the install).

It prints a table with the ratios and the targets, and writes the same table
to ``docs/referencia/desempenho.md`` and its English edition
``desempenho.en.md``, with a description of the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import queue
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from tocha.site.generator import generator_command

REPO = Path(__file__).resolve().parent.parent
# The build checks that a page's prose numbers come from its examples (tocha.site.prose_numbers):
# these were measured by this script. The page is the project's tooling, which search lists after every reader page.
FRONT_MATTER = (
    "---\nnumbers_measured_by: make bench (scripts/bench.py)\nsearch:\n"
    "  # The project's own tooling: listed after every reader page.\n  tooling: true\n---\n\n"
)
PAGES = {"pt-BR": REPO / "docs" / "referencia" / "desempenho.md", "en": REPO / "docs" / "referencia" / "desempenho.en.md"}
#: The editions: URL prefix → their name in the browser test's search results.
EDITIONS = {"": "pt", "en/": "en"}
#: The snippet and the page edited by steps 3 and 4 (the foundation's example page).
EDITED_SNIPPET = Path("snippets/guides/first_steps/tensor_operations.py")
EDITED_PAGE = Path("docs/guias/primeiros-passos.md")
#: Pages of the generated Zim notebook whose import is timed (≤ 5 s), and the sizes whose strict
#: two-edition builds are timed: the cost per note must stay flat from the first to the second.
NOTEBOOK_SIZES = (1000, 3000)
NOTEBOOK_PAGES = NOTEBOOK_SIZES[0]
#: Lays out, in the copy, a generated notebook of N pages (none: N = 0) and a site with the real
#: mkdocs.yml's settings, both editions, that shows it (the test suite's own helpers:
#: tests/conftest.py's make_site, tests/importer/notebook_factory.py).
NOTEBOOK_SETUP = """
import sys
from pathlib import Path
from tests.conftest import make_site
from tests.importer.notebook_factory import generate_notebook
notebook, site, pages = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
if pages:
    generate_notebook(notebook, pages, seed=0)
make_site(site, "  - index.md\\n" + ("  - Notas: notas/_nav.yml\\n" if pages else ""), english=True)
home = "[Início](notas/home.md)" if pages else "Sem notas."
(site / "docs" / "index.md").write_text(f"# Notas\\n\\n{home}\\n", encoding="utf-8")
(site / "docs" / "index.en.md").write_text(f"# Notes\\n\\n{home}\\n", encoding="utf-8")
"""
#: Times each adversarial line of the importer's linear-time test (tests/importer/test_linear_time.py)
#: through its converter, as that test does; prints the slowest as JSON.
ADVERSARIAL_TIMES = """
import json
from pathlib import Path
from tests.importer import test_linear_time as lines
from tocha.importer import markdown, plaintext, zim
times = {}
for name, text in lines.ZIM_LINES.items():
    times["zim: " + name] = lines.timed(lambda: zim.convert(lines.HEADER + text + "\\n", Path("x.txt")))
for name, text in lines.MARKDOWN_LINES.items():
    times["markdown: " + name] = lines.timed(lambda: markdown.convert(text + "\\n", Path("x.md"), title="T"))
for name, text in lines.PLAINTEXT_LINES.items():
    times["text: " + name] = lines.timed(lambda: plaintext.convert("T\\n\\n" + text + "\\n", Path("x.txt")))
slowest = max(times, key=times.get)
print(json.dumps({"inputs": len(times), "slowest": slowest, "seconds": times[slowest], "total": sum(times.values())}))
"""
#: What the phone search types on the 3,000-note site (notes of the generated notebook, seed 0):
#: the first query right after the page loads, then the others key by key.
PHONE_QUERIES = ["modulo 1732", "autograd 554", "epoca", "perda"]

@dataclass
class Measure:
    """One timed step and its target: a ratio of a reference step, or a number of seconds.

    ``name`` and ``reference`` name rows of :data:`ROWS`, which words them in each edition.
    """

    name: str
    seconds: float
    reference: str = ""
    ratio: float | None = None
    limit: float | None = None
    limit_seconds: float | None = None

    @property
    def met(self) -> bool | None:
        """Whether the target is met (``None`` when the step has no target)."""
        if self.limit_seconds is not None:
            return self.seconds <= self.limit_seconds
        return None if self.limit is None else self.ratio <= self.limit


def copy_tree(destination: Path) -> None:
    """Copy the working tree (tracked and new, not ignored files) to ``destination``."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, (item.decode() for item in listed)):
        source = REPO / name
        if source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    """Run a command, fail loudly if it fails, and return its wall time (also printed at once, on stderr).

    A run that stops later (a failed step, a session's end) has still said what it measured.
    """
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"bench: {' '.join(command)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    print(f"bench: {seconds:8.2f} s  {' '.join(Path(part).name if part.startswith('/') else part for part in command)}", file=sys.stderr, flush=True)
    return seconds


def serve_edit_seconds(work: Path, env: dict[str, str]) -> tuple[float, float]:
    """Time, under ``mkdocs serve``, from an edit to the rebuilt site (both editions).

    The server is started, left to load the examples' libraries (as it does
    while a writer reads the page), then one page's prose is edited, and, once
    that rebuild is done, one snippet.

    Returns:
        The prose edit's and the snippet edit's times.
    """
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # As `make serve` runs it: an edit renders only the pages it affects (tocha.site.dirty).
    command = generator_command("serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}")
    server = subprocess.Popen(command, cwd=work, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in server.stderr], daemon=True).start()

    def wait_for(text: str, timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if text in lines.get(timeout=1):
                    return
            except queue.Empty:
                continue
        server.kill()
        sys.exit(f"bench: mkdocs serve never printed {text!r}")

    try:
        wait_for("Serving on")
        wait_for("loaded: the next edited example")
        times = []
        for path, text in ((EDITED_PAGE, "\nOutra frase, com o servidor no ar.\n"), (EDITED_SNIPPET, "_ = 2\n")):
            time.sleep(1)
            start = time.perf_counter()
            with (work / path).open("a", encoding="utf-8") as edited:
                edited.write(text)
            wait_for("tocha: edition pt-BR:")  # the build's last line (see tests/site/test_dirty.py's BUILT)
            times.append(time.perf_counter() - start)
        return times[0], times[1]
    finally:
        server.terminate()
        server.wait(timeout=30)


def machine_description() -> str:
    """Describe cores, CPU model, Python and torch build, for the results page."""
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        models = [line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines() if line.startswith("model name")]
        cpu = models[0] if models else cpu
    torch_build = subprocess.run(
        [sys.executable, "-c", "import torch; print(torch.__version__, 'CUDA', torch.version.cuda, 'GPU', torch.cuda.is_available())"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return (
        f"{os.cpu_count()} × {cpu}, Python {platform.python_version()}, "
        f"torch {torch_build}, {platform.system()} {platform.machine()}"
    )


def search_measures(work: Path, env: dict[str, str]) -> tuple[dict[str, float], dict[str, int]]:
    """Time searches in Chromium on the built site; measure each edition's share of the index.

    The timing is the browser test's own (``tests/published/test_browser.py``): its
    query set, typed into the search box of the site built in ``work``, from the
    last keystroke of each query to the first result shown.

    Returns:
        Edition prefix → the slowest query's time (seconds); edition prefix →
        bytes of its entries in ``search/search_index.json`` (JSON, uncompressed).
    """
    site = work / "site"
    test = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "site", "tests/published/test_browser.py", "-k", "search"]
    timed(test, work, {**env, "TOCHA_SITE_DIR": str(site)})
    results = json.loads((work / "test-artifacts" / "search-results.json").read_text(encoding="utf-8"))["editions"]
    slowest = {prefix: results[name]["first_result_ms_max"] / 1000 for prefix, name in EDITIONS.items()}
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    others = tuple(prefix for prefix in EDITIONS if prefix)
    sizes = {
        prefix: sum(
            len(json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
            for doc in index["docs"]
            if (doc["location"].startswith(prefix) if prefix else not doc["location"].startswith(others))
        )
        for prefix in EDITIONS
    }
    return slowest, sizes


def quality_measures(work: Path, env: dict[str, str]) -> dict:
    """Lighthouse scores (home pages and the heaviest example page) and that page's weight, on the built site.

    Runs ``tests/published/lighthouse.py`` (its default audit: a phone on slow 4G,
    median of 3 runs) on the site in ``work``.

    Returns:
        ``{"heaviest": page, "bytes": its weight, "preset": ..., "scores": {page: {category: score}}}``.
    """
    command = [sys.executable, "-m", "tests.published.lighthouse", str(work / "site"), "--json"]
    result = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"bench: {' '.join(command)} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout)


@dataclass
class NotebookMeasures:
    """What the notebook steps measured (see :func:`notebook_measures`)."""

    import_seconds: float
    adversarial: dict
    builds: dict[int, float]
    site_bytes: dict[int, int]
    phone: dict

    def cost_per_note(self, pages: int) -> float:
        """Seconds a note adds to the strict two-edition build: (build with ``pages`` notes − build without) / ``pages``."""
        return (self.builds[pages] - self.builds[0]) / pages

    def measures(self) -> list[Measure]:
        """The rows of the results table."""
        small, large = NOTEBOOK_SIZES
        later = [ms for ms in self.phone["later_ms"] if ms is not None]
        return [
            Measure("adversarial_import", self.adversarial["seconds"], limit_seconds=2),
            Measure("notebook_import", self.import_seconds, limit_seconds=5),
            Measure("notebook_build_small", self.builds[small]),
            Measure("notebook_build_large", self.builds[large]),
            Measure("note_cost_small", self.cost_per_note(small)),
            Measure("note_cost_large", self.cost_per_note(large), "note_cost_small",
                    self.cost_per_note(large) / self.cost_per_note(small), 1.2),  # fmt: skip
            Measure("phone_first", (self.phone["first_result_ms"] or float("inf")) / 1000, limit_seconds=3),
            Measure("phone_later", max(later, default=float("inf")) / 1000, limit_seconds=0.3),
        ]


def notebook_site(work: Path, env: dict[str, str], pages: int) -> tuple[Path, float | None]:
    """Lay out a site with a generated notebook of ``pages`` pages (0: none), import it; returns the site and the import's time."""
    root = work / f"bench-notebook-{pages}"
    notebook, site = root / "Notas", root / "site"
    timed([sys.executable, "-c", NOTEBOOK_SETUP, str(notebook), str(site), str(pages)], work, env)
    if not pages:
        return site, None
    tocha = str(Path(sys.executable).with_name("tocha"))
    return site, timed([tocha, "import", "zim", str(notebook), "--out", str(site / "docs" / "notas")], work, env)


#: Each notebook site is built this many times and the fastest counts: on this machine one build
#: of the same site varied by a tenth from run to run, as much as the growth being measured.
BUILD_REPEATS = 2


def fresh_build_seconds(site: Path, env: dict[str, str]) -> float:
    """Seconds of one strict build of ``site`` into an empty site folder (the generator would first delete the last one)."""
    shutil.rmtree(site / "site", ignore_errors=True)
    return timed(generator_command("build", "--strict"), site, env)


def json_output(command: list[str], cwd: Path, env: dict[str, str]) -> dict:
    """Run a command that prints one JSON object; its object (the bench stops if the command fails)."""
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"bench: {' '.join(command)} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def notebook_measures(work: Path, env: dict[str, str]) -> NotebookMeasures:
    """Time the importer on adversarial lines and on a generated notebook; the strict builds of sites showing notebooks; search.

    * the adversarial lines of ``tests/importer/test_linear_time.py``, each through its converter;
    * ``tocha import zim`` of a generated notebook of :data:`NOTEBOOK_PAGES` pages;
    * the strict build, both editions, of a site without notes and with each of :data:`NOTEBOOK_SIZES`
      (the fastest of :data:`BUILD_REPEATS`);
    * on the largest, the first searches on a throttled phone (``tests/published/phone_search.py``).
    """
    adversarial = json_output([sys.executable, "-c", ADVERSARIAL_TIMES], work, env)
    builds, site_bytes, import_seconds, site = {}, {}, 0.0, work
    for pages in (0, *NOTEBOOK_SIZES):
        site, imported = notebook_site(work, env, pages)
        if pages == NOTEBOOK_PAGES:
            import_seconds = imported
        build_env = {**env, "TOCHA_CACHE_DIR": str(site / ".cache")}
        builds[pages] = min(fresh_build_seconds(site, build_env) for _ in range(BUILD_REPEATS))
        site_bytes[pages] = sum(path.stat().st_size for path in (site / "site").rglob("*") if path.is_file())
    phone = json_output([sys.executable, "-m", "tests.published.phone_search", str(site / "site"), "notas/home/", *PHONE_QUERIES, "--json"], work, env)
    return NotebookMeasures(import_seconds, adversarial, builds, site_bytes, phone)


def run_bench(work: Path) -> tuple[list[Measure], float, dict[str, int], dict, NotebookMeasures]:
    """Run every step in ``work`` (a fresh copy); return the measures, the examples' own time, the index sizes, the notebooks'."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TOCHA_CACHE_DIR": str(work / ".cache" / "tocha-exec")}
    env.pop("TOCHA_FRESH", None)
    env.pop("MAKEFLAGS", None)
    build = ["make", "--no-print-directory", "build"]
    mkdocs_build = generator_command("build", "--strict")
    pytest = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not site and not engine_run"]
    (work / ".venv").symlink_to(REPO / ".venv")  # the copy uses this checkout's environment
    (work / "node_modules").symlink_to(REPO / "node_modules")

    cold = timed(build, work, env)
    # Every block that ran left one entry in the copy's empty cache, with its own run time (each
    # edition runs its own blocks: the English ones with translated strings).
    block_seconds = sum(
        json.loads(entry.read_text(encoding="utf-8"))["seconds"]
        for entry in Path(env["TOCHA_CACHE_DIR"]).glob("[0-9a-f][0-9a-f]/*.json")
    )
    print(f"bench: {block_seconds:8.2f} s  the blocks' own run times, summed", file=sys.stderr, flush=True)
    # The engine alone, each run into an empty cache of its own: the whole run, then each of two
    # shards (as two CI machines run them, with this machine's cores each).
    engine = [sys.executable, "-m", "tocha.examples", "run"]
    engine_whole = timed([*engine, "--cache-dir", str(work / "engine-whole")], work, env)
    engine_shards = [
        timed([*engine, "--cache-dir", str(work / f"engine-shard-{index}"), "--shard", f"{index}/2"], work, env)
        for index in (1, 2)
    ]
    unchanged = timed(build, work, env)
    unchanged_mkdocs = timed(mkdocs_build, work, env)
    # File times tick in steps of a few milliseconds: let the clock move past the
    # last build's stamp, as it always has when a person edits a file.
    time.sleep(0.1)
    with (work / EDITED_SNIPPET).open("a", encoding="utf-8") as snippet:
        # Code, not a comment: a new comment would be a message without an English translation.
        snippet.write("_ = 1\n")
    snippet_edit = timed(build, work, env)
    time.sleep(0.1)
    with (work / EDITED_PAGE).open("a", encoding="utf-8") as page:
        page.write("\nUma frase nova, escrita pelo benchmark.\n")
    prose_edit = timed(build, work, env)
    search_times, index_sizes = search_measures(work, env)
    quality = quality_measures(work, env)
    notebook = notebook_measures(work, env)
    serve_prose, serve_snippet = serve_edit_seconds(work, env)
    serial = timed(pytest, work, env)
    parallel = timed([*pytest, "-n", "auto"], work, env)
    test_fast = timed(["make", "--no-print-directory", "test-fast"], work, env)
    test = timed(["make", "--no-print-directory", "test"], work, env)

    measures = [
        Measure("cold", cold, "blocks", cold / block_seconds, 0.6),
        Measure("engine_whole", engine_whole, "blocks", engine_whole / block_seconds),
        *(
            Measure(f"engine_shard_{index}", seconds, "engine_whole", seconds / engine_whole, 0.6)
            for index, seconds in enumerate(engine_shards, start=1)
        ),
        Measure("unchanged", unchanged, "cold", unchanged / cold, 0.10),
        Measure("unchanged_mkdocs", unchanged_mkdocs, "cold", unchanged_mkdocs / cold),
        Measure("snippet_edit", snippet_edit, "cold", snippet_edit / cold),
        Measure("prose_edit", prose_edit, "cold", prose_edit / cold),
        Measure("serve_prose", serve_prose, limit_seconds=2),
        Measure("serve_snippet", serve_snippet, limit_seconds=3),
        Measure("search_pt", search_times[""], limit_seconds=0.3),
        Measure("search_en", search_times["en/"], limit_seconds=0.3),
        *notebook.measures(),
        Measure("serial", serial),
        # No target since the examples run in the test process (torch loads once per
        # worker, not once per snippet): the serial run is short and the workers'
        # start-up is most of what -n auto adds.
        Measure("parallel", parallel, "serial", parallel / serial),
        # The engine issue's target (#22): the whole suite in six minutes after the install.
        Measure("test", test, limit_seconds=360),
        Measure("test_fast", test_fast, "test", test_fast / test),
    ]
    return measures, block_seconds, index_sizes, quality, notebook


#: Each row's words, per edition: the step, then (for references) how a ratio names it.
ROWS: dict[str, dict[str, str]] = {
    "pt-BR": {
        "blocks": "soma dos blocos",
        "cold": "build frio, duas edições (`make build`: os exemplos em paralelo, `tocha examples run`, depois o build)",
        "engine_whole": "`tocha examples run` sozinho, cache vazio (todos os exemplos, nos núcleos da máquina)",
        "engine_shard_1": "`tocha examples run --shard 1/2`, cache vazio",
        "engine_shard_2": "`tocha examples run --shard 2/2`, cache vazio",
        "unchanged": "rebuild sem mudanças (`make build`: nada a fazer)",
        "unchanged_mkdocs": "o mesmo, forçado pelo gerador, ProperDocs (todos os blocos do cache)",
        "snippet_edit": "rebuild após editar um snippet (`make build`)",
        "prose_edit": "rebuild após editar o texto de uma página (`make build`)",
        "serve_prose": "`make serve` no ar: texto de uma página editado → duas edições prontas",
        "serve_snippet": "`make serve` no ar: snippet editado → duas edições prontas",
        "search_pt": "busca no navegador, pt-BR: última tecla → primeiros resultados (pior consulta)",
        "search_en": "busca no navegador, English: última tecla → primeiros resultados (pior consulta)",
        "adversarial_import": "importador: a pior das linhas hostis de 100 000 caracteres (`tests/importer/test_linear_time.py`)",
        "notebook_import": f"`tocha import zim` de um caderno Zim gerado, {NOTEBOOK_PAGES} páginas",
        "notebook_build_small": f"build estrito, duas edições, de um site com um caderno de {NOTEBOOK_SIZES[0]} páginas",
        "notebook_build_large": f"o mesmo com {NOTEBOOK_SIZES[1]} páginas",
        "note_cost_small": f"custo de uma nota no build ({NOTEBOOK_SIZES[0]} notas; menos o site sem notas)",
        "note_cost_large": f"custo de uma nota no build ({NOTEBOOK_SIZES[1]} notas)",
        "phone_first": f"busca num celular lento, {NOTEBOOK_SIZES[1]} notas: `/` logo após carregar → primeiro resultado",
        "phone_later": "o mesmo, consultas seguintes digitadas: última tecla → primeiro resultado (pior)",
        "serial": "pytest serial (sem o build completo)",
        "parallel": "pytest -n auto (sem o build completo)",
        "test": "`make test` (suíte inteira, após a instalação)",
        "test_fast": "`make test-fast` (sem o build do site)",
    },
    "en": {
        "blocks": "sum of blocks",
        "cold": "cold build, both editions (`make build`: the examples in parallel, `tocha examples run`, then the build)",
        "engine_whole": "`tocha examples run` alone, empty cache (every example, on the machine's cores)",
        "engine_shard_1": "`tocha examples run --shard 1/2`, empty cache",
        "engine_shard_2": "`tocha examples run --shard 2/2`, empty cache",
        "unchanged": "rebuild with no change (`make build`: nothing to do)",
        "unchanged_mkdocs": "the same, forced through the generator, ProperDocs (every block from the cache)",
        "snippet_edit": "rebuild after editing a snippet (`make build`)",
        "prose_edit": "rebuild after editing a page's prose (`make build`)",
        "serve_prose": "`make serve` running: page prose edited → both editions rebuilt",
        "serve_snippet": "`make serve` running: snippet edited → both editions rebuilt",
        "search_pt": "search in the browser, pt-BR: last key → first results (slowest query)",
        "search_en": "search in the browser, English: last key → first results (slowest query)",
        "adversarial_import": "importer: the slowest hostile line of 100,000 characters (`tests/importer/test_linear_time.py`)",
        "notebook_import": f"`tocha import zim` of a generated Zim notebook, {NOTEBOOK_PAGES} pages",
        "notebook_build_small": f"strict build, both editions, of a site with a notebook of {NOTEBOOK_SIZES[0]} pages",
        "notebook_build_large": f"the same with {NOTEBOOK_SIZES[1]} pages",
        "note_cost_small": f"a note's cost in the build ({NOTEBOOK_SIZES[0]} notes; less the site without notes)",
        "note_cost_large": f"a note's cost in the build ({NOTEBOOK_SIZES[1]} notes)",
        "phone_first": f"search on a slow phone, {NOTEBOOK_SIZES[1]} notes: `/` right after loading → first result",
        "phone_later": "the same, later queries typed: last key → first result (slowest)",
        "serial": "pytest, serial (without the whole-site build)",
        "parallel": "pytest -n auto (without the whole-site build)",
        "test": "`make test` (whole suite, after installation)",
        "test_fast": "`make test-fast` (without the site build)",
    },
}
#: How a ratio names its reference row, per edition.
REFERENCES: dict[str, dict[str, str]] = {
    "pt-BR": {"blocks": "soma dos blocos", "cold": "build frio", "serial": "pytest serial", "test": "`make test`",
              "engine_whole": "execução inteira",
              "note_cost_small": f"custo com {NOTEBOOK_SIZES[0]}"},
    "en": {"blocks": "sum of blocks", "cold": "cold build", "serial": "pytest serial", "test": "`make test`",
           "engine_whole": "whole run",
           "note_cost_small": f"cost at {NOTEBOOK_SIZES[0]}"},
}
#: The page's own words, per edition.
PAGE_TEXT = {
    "pt-BR": {
        "title": "# Desempenho { #desempenho }",
        "intro": (
            "Tempos de build, de escrita e de testes medidos por `make bench` numa cópia nova do "
            "repositório, com cache de execução vazio no início (veja [Execução dos exemplos](execucao.md)). "
            "Cada etapa roda uma vez; o site tem duas edições (pt-BR e English), construídas juntas."
        ),
        "machine": "Máquina",
        "header": "| Etapa | Tempo (s) | Razão | Meta | Cumprida |",
        "yes": "sim",
        "no": "**não**",
        "index": "Índice de busca (`search/search_index.json`, sem compressão), parte de cada edição: pt-BR {pt} KiB, English {en} KiB.",
        "weight": "Página de exemplos mais pesada: `/{page}`, {kib} KiB (o HTML e o que ele carrega).",
        "lighthouse": "Lighthouse ({preset}, mediana de 3 execuções): desempenho / acessibilidade / boas práticas.",
        "lighthouse_header": "| Página | Desempenho | Acessibilidade | Boas práticas |",
        "notebooks": (
            "Cadernos gerados (`tests/importer/notebook_factory.py`): o site sem notas pesa {empty} MB; com "
            "{small} notas, {small_mb} MB; com {large}, {large_mb} MB (limite do GitHub Pages: 1 GB). O celular "
            "lento é o perfil do Chromium: processador 4 × mais lento, 1,6 Mbps, 150 ms de latência "
            "(`tests/published/phone_search.py`; o worker da busca não é desacelerado, o Chromium não o permite); a busca "
            "baixou {kib} KiB até o primeiro resultado."
        ),
    },
    "en": {
        "title": "# Performance { #desempenho }",
        "intro": (
            "Build, writing and test times measured by `make bench` on a fresh copy of the "
            "repository, starting with an empty execution cache (see [Running the examples](execucao.md)). "
            "Each step runs once; the site has two editions (pt-BR and English), built together."
        ),
        "machine": "Machine",
        "header": "| Step | Time (s) | Ratio | Target | Met |",
        "yes": "yes",
        "no": "**no**",
        "index": "Search index (`search/search_index.json`, uncompressed), each edition's share: pt-BR {pt} KiB, English {en} KiB.",
        "weight": "Heaviest example page: `/{page}`, {kib} KiB (its HTML and what it loads).",
        "lighthouse": "Lighthouse ({preset}, median of 3 runs): performance / accessibility / best practices.",
        "lighthouse_header": "| Page | Performance | Accessibility | Best practices |",
        "notebooks": (
            "Generated notebooks (`tests/importer/notebook_factory.py`): the site without notes weighs {empty} MB; "
            "with {small} notes, {small_mb} MB; with {large}, {large_mb} MB (GitHub Pages' limit: 1 GB). The slow "
            "phone is Chromium's profile: a processor 4 × slower, 1.6 Mbps, 150 ms of latency "
            "(`tests/published/phone_search.py`; the search worker is not slowed down, Chromium does not allow it); the "
            "search downloaded {kib} KiB before the first result."
        ),
    },
}


def table(measures: list[Measure], block_seconds: float, language: str) -> str:
    """Render the measures as a Markdown table, in one edition's words."""
    rows, text = ROWS[language], PAGE_TEXT[language]
    lines = [text["header"], "| --- | ---: | --- | --- | --- |", f"| {rows['blocks']} | {block_seconds:.1f} | | | |"]
    for measure in measures:
        ratio = f"{measure.ratio:.2f} × {REFERENCES[language][measure.reference]}" if measure.ratio is not None else ""
        limit = f"≤ {measure.limit:.2f}" if measure.limit is not None else ""
        if measure.limit_seconds is not None:
            limit = f"≤ {measure.limit_seconds:g} s"
        met = {None: "", True: text["yes"], False: text["no"]}[measure.met]
        seconds = f"{measure.seconds:.3f}" if measure.seconds < 1 else f"{measure.seconds:.1f}"
        lines.append(f"| {rows[measure.name]} | {seconds} | {ratio} | {limit} | {met} |")
    return "\n".join(lines)


def quality_table(quality: dict, language: str) -> str:
    """The heaviest page's weight and the Lighthouse scores, in one edition's words."""
    text = PAGE_TEXT[language]
    lines = [
        text["weight"].format(page=quality["heaviest"], kib=round(quality["bytes"] / 1024)),
        "",
        text["lighthouse"].format(preset=quality["preset"]),
        "",
        text["lighthouse_header"],
        "| --- | ---: | ---: | ---: |",
    ]
    for page, scores in quality["scores"].items():
        values = " | ".join(str(scores[category]) for category in ("performance", "accessibility", "best-practices"))
        lines.append(f"| `/{page}` | {values} |")
    return "\n".join(lines)


def notebook_text(notebook: NotebookMeasures, language: str) -> str:
    """The notebooks' site sizes and the phone search's download, in one edition's words."""
    small, large = NOTEBOOK_SIZES
    mb = {pages: f"{size / 1e6:.0f}" for pages, size in notebook.site_bytes.items()}
    return PAGE_TEXT[language]["notebooks"].format(
        empty=mb[0], small=small, small_mb=mb[small], large=large, large_mb=mb[large],
        kib=round(notebook.phone["search_bytes"] / 1024),
    )  # fmt: skip


def write_pages(
    measures: list[Measure],
    block_seconds: float,
    index_sizes: dict[str, int],
    quality: dict,
    notebook: NotebookMeasures,
    machine: str,
) -> None:
    """Write the performance page of each edition with the results table."""
    for language, page in PAGES.items():
        text = PAGE_TEXT[language]
        sizes = text["index"].format(pt=round(index_sizes[""] / 1024), en=round(index_sizes["en/"] / 1024))
        page.write_text(
            f"{FRONT_MATTER}{text['title']}\n\n{text['intro']}\n\n**{text['machine']}:** {machine}.\n\n"
            f"{table(measures, block_seconds, language)}\n\n{sizes}\n\n{notebook_text(notebook, language)}\n\n"
            f"{quality_table(quality, language)}\n",
            encoding="utf-8",
        )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table, write the page; exit 1 if a target is missed.

    ``--notebooks``: only the notebook steps (:func:`notebook_measures`), printed; the page is not written.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notebooks", action="store_true", help="only the notebook steps; print them, write no page")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="tocha-bench-") as tmp:
        work = Path(tmp)
        copy_tree(work)
        if args.notebooks:
            env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
            (work / ".venv").symlink_to(REPO / ".venv")
            notebook = notebook_measures(work, env)
            measures = notebook.measures()
            print(f"{table(measures, 0.0, 'en')}\n\n{notebook_text(notebook, 'en')}\n\n{json.dumps(asdict(notebook))}")
            return 0 if all(measure.met is not False for measure in measures) else 1
        measures, block_seconds, index_sizes, quality, notebook = run_bench(work)
    machine = machine_description()
    print(f"Machine: {machine}\n\n{table(measures, block_seconds, 'en')}\n\nSearch index bytes: {index_sizes}")
    print(notebook_text(notebook, "en"))
    print(quality_table(quality, "en"))
    write_pages(measures, block_seconds, index_sizes, quality, notebook, machine)
    return 0 if all(measure.met is not False for measure in measures) else 1


if __name__ == "__main__":
    sys.exit(main())
