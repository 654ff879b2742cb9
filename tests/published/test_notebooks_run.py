"""Every downloaded notebook runs, top to bottom, in a real Jupyter kernel, and prints what its page prints.

A reader downloads a page's notebook (or opens it in Colab) and runs it. Here
each notebook of the pt-BR edition of the built site runs as they would: with
``nbclient``, in one ``ipykernel`` kernel of the project's environment, every
cell in order, in a fresh working directory. Then, for each of the page's
blocks:

* the cell's printed text must be the page's (the notebook's stored output),
  except for the cells :data:`MAY_DIFFER` lists with the reason (line ends
  aside: a script run with ``!`` prints through a terminal, which ends lines
  with ``\r\n``);
* it must show as many figures, of the same types, as the page;
* no cell may write to stderr (a reader sees it in red).

The notebooks' conditions cell sets the build's thread count, so the digits
are the build's. Notebooks run in parallel (one kernel per core): together
they cost what the examples of one edition cost once more.

Each English notebook is its pt-BR twin with the page's prose, comments and
strings translated: the same cells, and in each code cell the same tokens but
for comments and string literals (:func:`code_tokens`). The translated code is
the English edition's, which the engine ran like the pt-BR one; a kernel run of
the English notebooks would run each example a third time to check the same
cells again.

Run only these against a site built beforehand::

    .venv/bin/python -m properdocs build -f mkdocs.yml --site-dir /tmp/site-dev
    TOCHA_SITE_DIR=/tmp/site-dev .venv/bin/python -m pytest tests/published/test_notebooks_run.py -m site -q
"""

from __future__ import annotations

import io
import os
import time
import tokenize
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from tocha.site.notebooks import CONDITIONS_TAG, SETUP_TAG

pytestmark = pytest.mark.site

#: Seconds one cell may run: twice an example's time limit at build (a kernel also pays for imports).
CELL_TIMEOUT = 120
#: Cells whose output may differ from the page's: notebook path in the pt-BR edition (the English
#: notebook at ``en/`` + the same path has the same blocks) → block number → why.
MAY_DIFFER: dict[str, dict[int, str]] = {
    "guias/profiling-e-benchmarks/profiling-e-benchmarks.ipynb": {
        1: "it prints which operation the profiler measured as slowest and whether backward took longer than "
        "forward: measured times, which depend on the machine and on what else it runs (here, other kernels)",
    },
}


@dataclass
class NotebookRun:
    """One notebook executed in a kernel: the stored (page) and executed cells, or the error that stopped it."""

    path: str
    stored: list[nbformat.NotebookNode]
    executed: list[nbformat.NotebookNode] = field(default_factory=list)
    every_cell: list[nbformat.NotebookNode] = field(default_factory=list)
    error: str = ""
    seconds: float = 0.0


def block_cells(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    """The code cells that hold a page block's output: all but the setup and conditions cells and a script's ``%%writefile``."""
    return [
        cell
        for cell in notebook.cells
        if cell.cell_type == "code"
        and not {SETUP_TAG, CONDITIONS_TAG} & set(cell.metadata.get("tags", []))
        and not cell.source.startswith("%%writefile ")
    ]


def printed(cell: nbformat.NotebookNode, name: str = "stdout") -> str:
    """The text a cell wrote to one stream, with ``\n`` line ends."""
    text = "".join(output.text for output in cell.outputs if output.output_type == "stream" and output.name == name)
    return text.replace("\r\n", "\n")


def figures(cell: nbformat.NotebookNode) -> list[str]:
    """The MIME types of the images a cell displayed, in order."""
    return [
        mime
        for output in cell.outputs
        if output.output_type in {"display_data", "execute_result"}
        for mime in output.get("data", {})
        if mime.startswith("image/")
    ]


def execute(site: Path, notebook_path: Path, workdir: Path) -> NotebookRun:
    """Run one notebook in a new kernel, in ``workdir``, as a reader would."""
    stored = nbformat.read(notebook_path, as_version=4)
    run = NotebookRun(notebook_path.relative_to(site).as_posix(), block_cells(stored))
    notebook = nbformat.read(notebook_path, as_version=4)
    client = NotebookClient(
        notebook, timeout=CELL_TIMEOUT, kernel_name="python3", resources={"metadata": {"path": str(workdir)}}
    )
    start = time.perf_counter()
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as error:
        run.error = f"{type(error).__name__}: {str(error)[-1500:]}"
    run.seconds = time.perf_counter() - start
    run.executed = block_cells(notebook)
    run.every_cell = [cell for cell in notebook.cells if cell.cell_type == "code"]
    return run


@pytest.fixture(scope="module")
def notebook_runs(site: Path, tmp_path_factory: pytest.TempPathFactory) -> list[NotebookRun]:
    """Every notebook of the site, executed; the kernels' Jupyter, matplotlib and cache folders are the suite's own."""
    paths = sorted(path for path in site.rglob("*.ipynb") if path.relative_to(site).parts[0] != "en")
    assert paths, "the site has no notebook"
    private = tmp_path_factory.mktemp("jupyter")
    saved = dict(os.environ)
    # Jupyter's connection files and IPython's profile go under the home folder unless told otherwise.
    os.environ.update(
        JUPYTER_RUNTIME_DIR=str(private / "runtime"),
        JUPYTER_DATA_DIR=str(private / "data"),
        JUPYTER_CONFIG_DIR=str(private / "config"),
        JUPYTER_PLATFORM_DIRS="1",
        IPYTHONDIR=str(private / "ipython"),
        MPLCONFIGDIR=str(private / "matplotlib"),
        # Libraries' caches (ONNX Runtime's device id and its database, for one) go there too.
        XDG_CACHE_HOME=str(private / "cache"),
    )
    try:
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            futures = [
                pool.submit(execute, site, path, tmp_path_factory.mktemp(path.stem)) for path in paths
            ]
            return [future.result() for future in futures]
    finally:
        os.environ.clear()
        os.environ.update(saved)


#: The tokens :func:`code_tokens` leaves out: what the translation may change, and layout.
TRANSLATED_OR_LAYOUT = {tokenize.COMMENT, tokenize.STRING, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}


def code_tokens(source: str) -> list[str]:
    """A code cell's Python tokens but its comments and string literals (each string: ``"…"``), and its layout."""
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return [
        '"…"' if token.type == tokenize.STRING else token.string
        for token in tokens
        if token.type == tokenize.STRING or token.type not in TRANSLATED_OR_LAYOUT | {tokenize.ENDMARKER}
    ]


def test_each_english_notebook_is_its_portuguese_twin_translated(site: Path) -> None:
    english = sorted((site / "en").rglob("*.ipynb"))
    assert english, "the English edition has no notebook"
    differing = []
    for path in english:
        twin = site / path.relative_to(site / "en")
        assert twin.is_file(), f"{path.relative_to(site)} has no pt-BR twin"
        cells = [nbformat.read(notebook, as_version=4).cells for notebook in (twin, path)]
        shapes = [[(cell.cell_type, cell.metadata.get("tags", [])) for cell in notebook] for notebook in cells]
        if shapes[0] != shapes[1]:
            differing.append(f"{path.relative_to(site)}: other cells than its twin's")
            continue
        for number, (pt, en) in enumerate(zip(*cells, strict=True)):
            if pt.cell_type == "code" and code_tokens(pt.source) != code_tokens(en.source):
                differing.append(f"{path.relative_to(site)}, cell {number}: other code than its twin's")
    assert not differing, "English notebooks that are not their twins translated:\n" + "\n".join(differing)


def test_every_notebook_runs_top_to_bottom_in_a_kernel(notebook_runs: list[NotebookRun]) -> None:
    failed = [run for run in notebook_runs if run.error]
    slowest = max(notebook_runs, key=lambda run: run.seconds)
    print(f"{len(notebook_runs)} notebooks run in a kernel; slowest {slowest.path}: {slowest.seconds:.1f} s")
    assert not failed, f"{len(failed)} of {len(notebook_runs)} notebooks fail in a kernel:\n" + "\n\n".join(
        f"{run.path}: {run.error}" for run in failed
    )


def test_each_cell_prints_and_draws_what_the_page_shows(notebook_runs: list[NotebookRun]) -> None:
    differing, allowed_and_differing = [], []
    by_path = {run.path: run for run in notebook_runs}
    for path, blocks in MAY_DIFFER.items():
        assert path in by_path and max(blocks) <= len(by_path[path].stored), f"MAY_DIFFER names no such cell: {path} {blocks}"
    for run in notebook_runs:
        if run.error:
            continue  # reported by the test above
        allowed = MAY_DIFFER.get(run.path.removeprefix("en/"), {})
        assert len(run.executed) == len(run.stored), run.path
        for number, (stored, executed) in enumerate(zip(run.stored, run.executed, strict=True), start=1):
            if printed(stored) == printed(executed) and figures(stored) == figures(executed):
                continue
            where = f"{run.path}, block {number}"
            if number in allowed:
                allowed_and_differing.append(where)
                continue
            differing.append(
                f"{where}: page {printed(stored)[-300:]!r} {figures(stored)}, "
                f"kernel {printed(executed)[-300:]!r} {figures(executed)}"
            )
    print(f"cells that differ, as MAY_DIFFER allows: {allowed_and_differing or 'none'}")
    assert not differing, f"{len(differing)} cell(s) print or draw otherwise in a kernel:\n" + "\n".join(differing)


def test_no_cell_writes_to_stderr(notebook_runs: list[NotebookRun]) -> None:
    noisy = [
        f"{run.path}, cell {number}: {printed(cell, 'stderr')[:300]!r}"
        for run in notebook_runs
        for number, cell in enumerate(run.every_cell)
        if printed(cell, "stderr")
    ]
    assert not noisy, f"{len(noisy)} cell(s) write to stderr in a kernel (red for a reader):\n" + "\n".join(noisy)
