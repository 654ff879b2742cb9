"""The one runner of the examples, at build and in the tests.

The site build (the fence formatter of :mod:`tocha.site.plugin`) and the test
suite (one case per snippet file) run examples through :class:`ExampleRunner`,
so every example:

* runs as ``__main__`` under :func:`tocha.examples.hermetic.hermetic` (temporary
  working directory, no network, deprecations are errors, the time limit set in
  ``mkdocs.yml``);
* fails with a message naming the page and the snippet file;
* shows the figures it saves (``*.svg``/``*.png`` written to its working
  directory travel with the block's result);
* runs only when its result is not already in the :mod:`tocha.examples.cache`:
  the test cases fill the cache and the site build renders from it, so one
  ``make test`` runs each example once;
* is recorded (page, snippets, time, device, cached or not) for the execution report.

Blocks of one ``session`` on one page share their globals and working
directory, as in markdown-exec, and their library state (random generators,
print options: see :mod:`tocha.examples.process_state`); no block sees what another
session or page left behind. When a later block of a session misses the
cache while the earlier ones hit, the earlier ones are replayed first (their
output discarded) so the later one finds the state it expects.
"""

from __future__ import annotations

import contextlib
import gc
import io
import linecache
import logging
import os
import shutil
import sys
import tempfile
import time
import traceback
import types
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tocha.examples import process_state
from tocha.examples.cache import CachedFigure, CacheEntry, ExecutionCache, block_key, execution_environment
from tocha.examples.hermetic import StreamCapture, hermetic
from tocha.examples.snippet_catalog import edition_snippet_name
from tocha.examples.snippets import example_steps

#: The engine's log; the site forwards it to the generator's, where a failed example fails the strict build.
ENGINE_LOG = "tocha.examples"
log = logging.getLogger(f"{ENGINE_LOG}.runner")

#: Image files an example may save to be shown under its output, with their MIME types.
FIGURE_TYPES = {".svg": "image/svg+xml", ".png": "image/png"}
#: matplotlib settings for the examples: no display, stable SVG ids (reproducible pages).
MATPLOTLIBRC = Path(__file__).with_name("matplotlibrc")


@dataclass
class BlockRun:
    """What one block did, for error messages, stamps and the execution report.

    Attributes:
        page: The page's path under ``docs/`` (``""`` for a snippet's test case).
        snippets: The snippet files included in the block, relative to the repository.
        session: The markdown-exec session name, or ``""``.
        seconds: Wall time of the execution (for a cached block: when it last ran).
        device: The device the examples ran with.
        torch: The torch version they ran with.
        cached: Whether the result came from the cache instead of running.
        ok: Whether it finished without an exception.
    """

    page: str
    snippets: list[str]
    session: str
    seconds: float = 0.0
    device: str = ""
    torch: str = ""
    cached: bool = False
    ok: bool = True


@dataclass
class BlockResult:
    """A block's result, as the page shows it.

    Attributes:
        output: What the block printed, or its traceback when it failed.
        run: Its record in the execution report.
        figures: The images it saved (new or changed since the session's previous block).
        stderr: What it wrote to stderr (warnings, libraries' logs, C++ messages): never
            in the build's log; the page shows it only where the block asks (``stderr="show"``).
    """

    output: str
    run: BlockRun
    figures: list[CachedFigure] = field(default_factory=list)
    stderr: str = ""


@dataclass
class _Session:
    """Globals, working directory and history shared by the blocks of one session."""

    module: types.ModuleType
    workdir: Path
    codes: list[str] = field(default_factory=list)
    executed: int = 0  # how many of ``codes`` have really run in ``module``
    library_state: process_state.SavedState | None = None  # random generators etc. after its last block
    figures_seen: dict[str, tuple[int, int]] = field(default_factory=dict)


class ExampleRunner:
    """Runs examples block by block, page by page; one instance per build or test process.

    Args:
        root: The repository root (snippet paths are reported relative to it).
        time_limit: Seconds one block may run before it fails.
        cache: Where results are looked up and stored, or ``None`` to always run.
        snippet_options: The ``tocha.examples.snippets`` options (for :meth:`run_example`).
        threads: torch's CPU threads for every example (``OMP_NUM_THREADS`` for a torch not loaded yet).
        environment: Variables set for every example (libraries' logging switches, see ``TochaConfig.environment``).
    """

    def __init__(
        self,
        root: Path,
        time_limit: float,
        cache: ExecutionCache | None = None,
        snippet_options: dict | None = None,
        threads: int = 1,
        environment: dict[str, str] | None = None,
    ) -> None:
        self.root = root
        self.time_limit = time_limit
        self.cache = cache
        self.snippet_options = snippet_options or {}
        # The thread count changes printed digits (see TochaConfig.threads): part of every cache key.
        self.environment = {**execution_environment(), "threads": str(threads)}
        self.page = ""
        self.runs: list[BlockRun] = []
        self._sessions: dict[str, _Session] = {}
        self._scratch = Path(tempfile.mkdtemp(prefix="tocha-examples-"))
        self._streams = StreamCapture()
        # matplotlib's font cache: beside the execution cache (or in the scratch folder), never in
        # the home folder. One folder for the whole process: matplotlib reads the variable once.
        os.environ.setdefault("MPLCONFIGDIR", str((cache.directory if cache else self._scratch) / "matplotlib"))
        # Figures are drawn without a display and with the project's settings.
        os.environ.setdefault("MPLBACKEND", "Agg")
        os.environ.setdefault("MATPLOTLIBRC", str(MATPLOTLIBRC))
        os.environ["OMP_NUM_THREADS"] = str(threads)
        self.extra_environment = dict(environment or {})
        # So do the variables set for every example (the processor's instructions, for one).
        self.key_environment = {**self.environment, **{f"${name}": value for name, value in self.extra_environment.items()}}
        os.environ.update(self.extra_environment)
        # What every session starts from (environment, thread count), as a new process has it.
        self.baseline = process_state.Baseline(dict(os.environ), threads)

    def start_page(self, page: str) -> None:
        """Forget the previous page's sessions; the next blocks belong to ``page``.

        Args:
            page: The page's path under ``docs/`` (``""`` for a snippet's test case).
        """
        for session in self._sessions.values():
            shutil.rmtree(session.workdir, ignore_errors=True)
        self._sessions.clear()
        self.page = page

    def _session(self, name: str) -> _Session:
        """Return the named session of this page, new if needed (``""``: a fresh one)."""
        key = name or f"#{len(self.runs)}"
        if key not in self._sessions:
            module = types.ModuleType("__main__")
            module.__dict__["__builtins__"] = __builtins__
            self._sessions[key] = _Session(module, Path(tempfile.mkdtemp(dir=self._scratch)))
        return self._sessions[key]

    def _relative(self, path: Path) -> str:
        """A snippet's path as reported: relative to the repository when inside it.

        An edition's translated variant (written in the execution cache, see
        :func:`tocha.examples.snippet_catalog.edition_snippets_dir`) is reported as
        the snippet it comes from, with the language: ``concepts/x.py (en)``.
        """
        variant = edition_snippet_name(self.cache.directory, path) if self.cache is not None else None
        if variant is not None:
            return variant
        try:
            return path.absolute().relative_to(self.root.absolute()).as_posix()
        except ValueError:
            return path.as_posix()

    def run_block(self, code: str, snippets: Sequence[Path] = (), session: str = "") -> BlockResult:
        """Execute one block, or fetch its result from the cache.

        If the block raises, the error is logged with the page and the snippet
        file (which fails the strict build) and the traceback is the block's
        output, for ``mkdocs serve`` to show in place. Failures are not cached.

        Args:
            code: The block's code, snippets already expanded.
            snippets: The snippet files it includes (see :func:`tocha.examples.snippets.included_snippets`).
            session: markdown-exec session name (``""``: the block runs alone).

        Returns:
            The block's output, record and figures.
        """
        # Trailing blank lines do not change what runs; superfences keeps or drops them by indentation.
        code = code.rstrip()
        state = self._session(session)
        names = [self._relative(path) for path in snippets]
        record = BlockRun(self.page, names, session, torch=self.environment["torch"])
        self.runs.append(record)
        key = block_key(
            code, state.codes, [path.read_text(encoding="utf-8") for path in snippets], self.key_environment
        )
        state.codes.append(code)

        entry = self.cache.get(key) if self.cache else None
        if entry is not None:
            record.cached, record.seconds, record.device = True, entry.seconds, entry.device
            return BlockResult(entry.output, record, entry.figures, entry.stderr)

        for earlier in state.codes[state.executed : -1]:
            # State the earlier (cached) blocks would have left: replay them quietly.
            trace, _, ok = self._execute(earlier, state, record, names, snippets)
            if not ok:
                record.ok = False
                return BlockResult(trace, record)
        output, stderr, ok = self._execute(code, state, record, names, snippets)
        record.ok = ok
        if not ok:
            return BlockResult(output, record, stderr=stderr)
        figures = self._collect_figures(state)
        record.device = execution_environment()["device"]
        if self.cache:
            self.cache.put(key, CacheEntry(output, record.seconds, record.device, record.torch, figures, stderr))
        return BlockResult(output, record, figures, stderr)

    def run_example(self, path: Path) -> list[BlockResult]:
        """Run a snippet file as its page shows it: its sections in one session, in file order.

        The steps together are the whole file (see :func:`tocha.examples.snippets.example_steps`),
        run as ``__main__`` in one namespace, as ``python file.py`` runs it. Their
        results go to the cache under the keys the page's blocks look up.

        Args:
            path: The snippet file.

        Returns:
            One result per step; the first failure ends the run.
        """
        self.start_page("")
        results = []
        for step in example_steps(path, self.snippet_options):
            results.append(self.run_block(step.code, [path], session="example"))
            if not results[-1].run.ok:
                break
        self.start_page("")
        return results

    def _execute(
        self, code: str, state: _Session, record: BlockRun, names: list[str], snippets: Sequence[Path] = ()
    ) -> tuple[str, str, bool]:
        """Run code in a session as ``__main__``; return (stdout or traceback, stderr, success)."""
        filename = names[0] if len(names) == 1 else f"<{self.page}: block {len(self.runs)}>"
        linecache.cache[filename] = (len(code), None, code.splitlines(keepends=True), filename)
        # The real file (multiprocessing's spawn runs it again in each child), not the reported name.
        state.module.__dict__["__file__"] = str(Path(snippets[0]).absolute()) if len(snippets) == 1 else filename
        output = io.StringIO()
        sink = self._scratch / "stderr.txt"
        saved_main, saved_argv = sys.modules.get("__main__"), sys.argv
        start = time.perf_counter()
        if state.library_state is None:
            process_state.reset_to_fresh_process(self.baseline)
        else:
            process_state.restore(state.library_state, self.baseline)
        try:
            sys.modules["__main__"], sys.argv = state.module, [filename]
            with (
                self._streams.capturing(sink),
                hermetic(state.workdir, self.time_limit),
                contextlib.redirect_stdout(output),
            ):
                exec(compile(code, filename, "exec"), state.module.__dict__)  # noqa: S102
        except Exception as error:  # noqa: BLE001 - any exception from an example fails it.
            where = ", ".join(names) or "(inline code, no snippet file)"
            page = f"page {self.page}: " if self.page else ""
            # Start the traceback at the example's own frame, not at this runner.
            trace = "".join(traceback.format_exception(type(error), error, error.__traceback__.tb_next))
            stderr = _read_text(sink)
            log.error("%ssnippet %s failed: %s: %s\n%s%s", page, where, type(error).__name__, error, stderr, trace)
            return trace, stderr, False
        finally:
            record.seconds += time.perf_counter() - start
            sys.modules["__main__"], sys.argv = saved_main, saved_argv
            state.executed += 1
            state.library_state = process_state.save()
            # Examples load large libraries (torch) into this process: keep what exists now
            # out of the garbage collector's scans, or every later page pays for it.
            gc.freeze()
        return output.getvalue(), _read_text(sink), True

    def _collect_figures(self, state: _Session) -> list[CachedFigure]:
        """Return the images this block wrote or changed in its working directory."""
        figures = []
        for path in sorted(state.workdir.iterdir()):
            mime = FIGURE_TYPES.get(path.suffix.lower())
            if not mime:
                continue
            stat = path.stat()
            signature = (stat.st_mtime_ns, stat.st_size)
            if state.figures_seen.get(path.name) != signature:
                state.figures_seen[path.name] = signature
                figures.append(CachedFigure(path.name, mime, path.read_bytes()))
        return figures

    def close(self) -> None:
        """Delete the temporary working directories."""
        self.start_page("")
        shutil.rmtree(self._scratch, ignore_errors=True)


def stderr_complaint(page: str, snippets: Sequence[str], stderr: str) -> str:
    """What the build (a warning) and ``tocha examples run`` (an error) say of a block that wrote to stderr."""
    return (
        f"page {page}: snippet {', '.join(snippets) or '(inline code)'} wrote to stderr: {stderr.strip()[:300]!r}: "
        "an example prints what it teaches (to stdout); silence a library's own messages with the tocha "
        "plugin's environment option"
    )


def _read_text(path: Path) -> str:
    """A captured stream's text (``""`` when nothing was written); undecodable bytes escaped."""
    try:
        return path.read_bytes().decode("utf-8", errors="backslashreplace")
    except FileNotFoundError:
        return ""
