"""Measure build and test times on a fresh copy of the repository (``make bench``).

Steps, each timed once on a copy of the working tree in a temporary folder with
its own empty execution cache, through ``make build`` as a writer runs it:

1. cold build (every example runs);
2. rebuild with nothing changed (``make`` sees no changed input: nothing to do);
3. the same unchanged rebuild forced through MkDocs (every block from the cache),
   to show the fixed cost of a build;
4. rebuild after editing one snippet, with ``make build`` (a new process: it
   loads torch again) and in the writer's loop, ``mkdocs serve`` (the process
   stays up; the time runs from the file's change to "Documentation built");
5. rebuild after editing one page's prose;
6. the test suite without the whole-site build, serial and with ``-n auto``;
7. ``make test-fast`` and ``make test``, as a developer and CI run them (the
   environment is already installed: the times start after the install).

It prints a table with the ratios and the targets, and writes the same table
to ``docs/referencia/desempenho.md`` with a description of the machine.
"""

from __future__ import annotations

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
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PAGE = REPO / "docs" / "referencia" / "desempenho.md"
#: The snippet and the page edited by steps 3 and 4 (the foundation's example page).
EDITED_SNIPPET = Path("snippets/guides/first_steps/tensor_operations.py")
EDITED_PAGE = Path("docs/guias/primeiros-passos.md")


@dataclass
class Measure:
    """One timed step and its target: a ratio of a reference step, or a number of seconds."""

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
    """Run a command, fail loudly if it fails, and return its wall time."""
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"bench: {' '.join(command)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return seconds


def serve_edit_seconds(work: Path, env: dict[str, str]) -> float:
    """Time, under ``mkdocs serve``, from editing a snippet to the rebuilt site.

    The server is started, left to load the examples' libraries (as it does
    while a writer reads the page), then the snippet is edited once.
    """
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"]
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
        time.sleep(1)
        start = time.perf_counter()
        with (work / EDITED_SNIPPET).open("a", encoding="utf-8") as snippet:
            snippet.write("# editado de novo, com o servidor no ar\n")
        wait_for("Documentation built")
        return time.perf_counter() - start
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
        f"{os.cpu_count()} núcleos ({cpu}), Python {platform.python_version()}, "
        f"torch {torch_build}, {platform.system()} {platform.machine()}"
    )


def run_bench(work: Path) -> tuple[list[Measure], float]:
    """Run every step in ``work`` (a fresh copy); return the measures and the examples' own time."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TOCHA_CACHE_DIR": str(work / ".cache" / "tocha-exec")}
    env.pop("TOCHA_FRESH", None)
    env.pop("MAKEFLAGS", None)
    build = ["make", "--no-print-directory", "build"]
    mkdocs_build = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    pytest = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not site"]
    (work / ".venv").symlink_to(REPO / ".venv")  # the copy uses this checkout's environment

    cold = timed(build, work, env)
    blocks = json.loads((work / "site" / "execution-report.json").read_text(encoding="utf-8"))
    block_seconds = sum(block["seconds"] for block in blocks if not block["cached"])
    unchanged = timed(build, work, env)
    unchanged_mkdocs = timed(mkdocs_build, work, env)
    # File times tick in steps of a few milliseconds: let the clock move past the
    # last build's stamp, as it always has when a person edits a file.
    time.sleep(0.1)
    with (work / EDITED_SNIPPET).open("a", encoding="utf-8") as snippet:
        snippet.write("# editado pelo benchmark\n")
    snippet_edit = timed(build, work, env)
    time.sleep(0.1)
    with (work / EDITED_PAGE).open("a", encoding="utf-8") as page:
        page.write("\nUma frase nova, escrita pelo benchmark.\n")
    prose_edit = timed(build, work, env)
    serve_edit = serve_edit_seconds(work, env)
    serial = timed(pytest, work, env)
    parallel = timed([*pytest, "-n", "auto"], work, env)
    test_fast = timed(["make", "--no-print-directory", "test-fast"], work, env)
    test = timed(["make", "--no-print-directory", "test"], work, env)

    measures = [
        Measure("build frio (todos os exemplos executam)", cold, "soma dos blocos", cold / block_seconds, 1.3),
        Measure("rebuild sem mudanças (`make build`: nada a fazer)", unchanged, "build frio", unchanged / cold, 0.10),
        Measure("o mesmo, forçado pelo MkDocs (todos os blocos do cache)", unchanged_mkdocs, "build frio", unchanged_mkdocs / cold),
        Measure("rebuild após editar um snippet (`make build`)", snippet_edit, "build frio", snippet_edit / cold),
        Measure("rebuild após editar um snippet (`make serve` no ar)", serve_edit, "build frio", serve_edit / cold, 0.25),
        Measure("rebuild após editar o texto de uma página", prose_edit, "build frio", prose_edit / cold),
        Measure("pytest serial (sem o build completo)", serial),
        # No target since the examples run in the test process (torch loads once per
        # worker, not once per snippet): the serial run is short and the workers'
        # start-up is most of what -n auto adds.
        Measure("pytest -n auto (sem o build completo)", parallel, "pytest serial", parallel / serial),
        Measure("`make test` (suíte inteira, após a instalação)", test, limit_seconds=60),
        Measure("`make test-fast` (sem o build do site)", test_fast, "`make test`", test_fast / test, limit_seconds=20),
    ]
    return measures, block_seconds


def table(measures: list[Measure], block_seconds: float) -> str:
    """Render the measures as a Markdown table."""
    rows = ["| Etapa | Tempo (s) | Razão | Meta | Cumprida |", "| --- | ---: | --- | --- | --- |"]
    rows.append(f"| soma do tempo dos blocos executados | {block_seconds:.1f} | | | |")
    for measure in measures:
        ratio = f"{measure.ratio:.2f} × {measure.reference}" if measure.ratio is not None else ""
        limit = f"≤ {measure.limit:.2f}" if measure.limit is not None else ""
        limit = f"≤ {measure.limit_seconds:.0f} s" if measure.limit_seconds is not None else limit
        met = {None: "", True: "sim", False: "**não**"}[measure.met]
        rows.append(f"| {measure.name} | {measure.seconds:.1f} | {ratio} | {limit} | {met} |")
    return "\n".join(rows)


def write_page(result: str, machine: str) -> None:
    """Write the "Desempenho" page with the results table."""
    PAGE.write_text(
        "# Desempenho\n\n"
        "Tempos de build e de testes medidos por `make bench` numa cópia nova do "
        "repositório, com cache de execução vazio no início (veja "
        "[Execução dos exemplos](execucao.md)). Cada etapa roda uma vez.\n\n"
        f"**Máquina:** {machine}.\n\n"
        f"{result}\n",
        encoding="utf-8",
    )


def main() -> int:
    """Run the benchmark, print the table, write the page; exit 1 if a target is missed."""
    with tempfile.TemporaryDirectory(prefix="tocha-bench-") as tmp:
        work = Path(tmp)
        copy_tree(work)
        measures, block_seconds = run_bench(work)
    machine = machine_description()
    result = table(measures, block_seconds)
    print(f"Máquina: {machine}\n\n{result}")
    write_page(result, machine)
    return 0 if all(measure.met is not False for measure in measures) else 1


if __name__ == "__main__":
    sys.exit(main())
