"""Execute the Python blocks of the site's pages at build time.

markdown-exec renders ``python exec="on"`` blocks; this module replaces only the
function that *runs* the code (its ``run`` hook), so that every example:

* runs as ``__main__`` under :func:`tocha.build.hermetic.hermetic` (temporary working
  directory, no network, deprecations are errors, a time limit);
* fails the build with a message naming the page and the snippet file;
* can show the figures it saves (``*.svg``/``*.png`` written to its working
  directory are embedded under its output, so nothing is loaded from elsewhere);
* runs only when its result is not already in the :mod:`tocha.build.cache`;
* is recorded (page, snippets, time, device, cached or not) for the execution
  report, and stamped on the page with torch version, device and time.

Blocks of one ``session`` on one page share their globals and working
directory, as in markdown-exec, and their library state (random generators,
print options: see :mod:`tocha.build.process_state`); no block sees what another
session or page left behind. When a later block of a session misses the
cache while the earlier ones hit, the earlier ones are replayed first (their
output discarded) so the later one finds the state it expects.
"""

from __future__ import annotations

import base64
import contextlib
import gc
import html
import io
import linecache
import logging
import re
import shutil
import sys
import tempfile
import time
import traceback
import types
from dataclasses import dataclass, field
from pathlib import Path

from tocha.build.cache import CachedFigure, CacheEntry, ExecutionCache, block_key, execution_environment
from tocha.build import process_state
from tocha.build.hermetic import hermetic

log = logging.getLogger("mkdocs.plugins.tocha.build.runner")

#: ``--8<-- "path"`` lines of pymdownx.snippets (the path may carry ``:section``).
SNIPPET_INCLUDE = re.compile(r'^[ \t]*-{1,}8<-{1,}[ \t]+"([^"\n]+)"[ \t]*$', re.MULTILINE)

#: Image files an example may save to be shown under its output, with their MIME types.
FIGURE_TYPES = {".svg": "image/svg+xml", ".png": "image/png"}


@dataclass
class BlockRun:
    """What one block did, for error messages, stamps and the execution report.

    Attributes:
        page: The page's path under ``docs/``.
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
class _Session:
    """Globals, working directory and history shared by the blocks of one session."""

    module: types.ModuleType
    workdir: Path
    codes: list[str] = field(default_factory=list)
    executed: int = 0  # how many of ``codes`` have really run in ``module``
    library_state: process_state.SavedState | None = None  # random generators etc. after its last block
    figures_seen: dict[str, tuple[int, int]] = field(default_factory=dict)


#: Section markers of pymdownx.snippets inside a snippet file (removed when included).
SECTION_MARKER = re.compile(r"^.*-{1,}8<-{1,}\s*\[(start|end):([\w-]+)\].*$")


def snippet_includes(markdown: str) -> list[str]:
    """List the snippet paths a page includes, in order, without ``:section`` suffixes.

    Args:
        markdown: The page's Markdown source.

    Returns:
        Paths as written in the ``--8<--`` lines (relative to ``snippets/``).
    """
    return [_split_section(include)[0] for include in SNIPPET_INCLUDE.findall(markdown)]


def _split_section(include: str) -> tuple[str, str | None]:
    """Split ``path.py:section`` into the path and the section name (``None`` if absent)."""
    match = re.fullmatch(r"(.+?):([\w-]+)", include)
    return (match.group(1), match.group(2)) if match else (include, None)


def snippet_text(path: Path, section: str | None = None) -> str:
    """Return the text pymdownx.snippets inserts for a snippet file or one of its sections.

    Section marker lines (``# --8<-- [start:name]`` / ``[end:name]``) are dropped,
    as pymdownx.snippets drops them.

    Args:
        path: The snippet file.
        section: A section name, or ``None`` for the whole file.

    Returns:
        The included text, stripped of surrounding blank lines.
    """
    kept: list[str] = []
    inside = section is None
    for line in path.read_text(encoding="utf-8").splitlines():
        marker = SECTION_MARKER.match(line)
        if marker:
            if section is not None and marker.group(2) == section:
                inside = marker.group(1) == "start"
            continue
        if inside:
            kept.append(line)
    return "\n".join(kept).strip()


class PageExecutor:
    """Runs the blocks of the page being built; one instance per build.

    Args:
        root: The repository root (where ``snippets/`` is).
        snippets_dir: The folder ``--8<--`` paths are relative to.
        timeout: Seconds one block may run before the build fails.
        cache: Where results are looked up and stored, or ``None`` to always run.
    """

    def __init__(self, root: Path, snippets_dir: Path, timeout: float, cache: ExecutionCache | None = None) -> None:
        self.root = root
        self.snippets_dir = snippets_dir
        self.timeout = timeout
        self.cache = cache
        self.environment = execution_environment()
        self.page = ""
        self.runs: list[BlockRun] = []
        self._page_snippets: list[tuple[Path, str | None]] = []
        self._sessions: dict[str, _Session] = {}
        self._scratch = Path(tempfile.mkdtemp(prefix="tocha-build-"))
        self._figures: list[CachedFigure] = []
        self._block_count = 0

    def start_page(self, page: str, markdown: str) -> None:
        """Forget the previous page's sessions and note the snippets this page includes.

        Args:
            page: The page's path under ``docs/``.
            markdown: Its Markdown source (before snippets are expanded).
        """
        for session in self._sessions.values():
            shutil.rmtree(session.workdir, ignore_errors=True)
        self._sessions.clear()
        self.page = page
        self._block_count = 0
        self._page_snippets = [
            (self.snippets_dir / path, section)
            for path, section in map(_split_section, SNIPPET_INCLUDE.findall(markdown))
        ]

    def _snippets_in(self, code: str) -> list[Path]:
        """Find which of the page's snippet files (or sections of them) a block's code includes."""
        found = []
        for path, section in self._page_snippets:
            text = snippet_text(path, section) if path.is_file() else ""
            if text and text in code and path not in found:
                found.append(path)
        return found

    def _session(self, name: str) -> _Session:
        """Return the named session of this page, new if needed (``""``: a fresh one)."""
        key = name or f"#{self._block_count}"
        if key not in self._sessions:
            module = types.ModuleType("__main__")
            module.__dict__["__builtins__"] = __builtins__
            self._sessions[key] = _Session(module, Path(tempfile.mkdtemp(dir=self._scratch)))
        return self._sessions[key]

    def run(self, code: str, returncode: int = 0, session: str | None = None, id: str = "", **extra: str) -> str:  # noqa: A002
        """Execute one block, or fetch its result from the cache; the ``run`` function markdown-exec calls.

        If the block raises, the error is logged with the page and the snippet
        file (which fails the strict build) and the traceback is returned as the
        block's output, for ``mkdocs serve`` to show in place. Failures are not cached.

        Args:
            code: The block's code, snippets already expanded.
            returncode: Part of the cache key (markdown-exec's expected exit code).
            session: markdown-exec session name.
            id: markdown-exec block id (part of the cache key).
            **extra: Other block options (part of the cache key).

        Returns:
            What the block printed to standard output, or its traceback.
        """
        self._block_count += 1
        snippets = self._snippets_in(code)
        state = self._session(session or "")
        names = [path.relative_to(self.root).as_posix() for path in snippets]
        record = BlockRun(self.page, names, session or "", torch=self.environment["torch"])
        self.runs.append(record)
        key = block_key(
            code,
            state.codes,
            [path.read_text(encoding="utf-8") for path in snippets],
            {"returncode": returncode, "id": id, **extra},
            self.environment,
        )
        state.codes.append(code)

        entry = self.cache.get(key) if self.cache else None
        if entry is not None:
            record.cached, record.seconds, record.device = True, entry.seconds, entry.device
            self._figures.extend(entry.figures)
            return entry.output

        for earlier in state.codes[state.executed : -1]:
            # State the earlier (cached) blocks would have left: replay them quietly.
            trace, ok = self._execute(earlier, state, record, names)
            if not ok:
                record.ok = False
                return trace
        output, ok = self._execute(code, state, record, names)
        record.ok = ok
        if ok:
            figures = self._collect_figures(state)
            self._figures.extend(figures)
            record.device = execution_environment()["device"]
            if self.cache:
                self.cache.put(key, CacheEntry(output, record.seconds, record.device, record.torch, figures))
        return output

    def _execute(self, code: str, state: _Session, record: BlockRun, names: list[str]) -> tuple[str, bool]:
        """Run code in a session as ``__main__``; return (stdout or traceback, success)."""
        filename = names[0] if len(names) == 1 else f"<{self.page}: block {self._block_count}>"
        linecache.cache[filename] = (len(code), None, code.splitlines(keepends=True), filename)
        state.module.__dict__["__file__"] = str(self.root / names[0]) if len(names) == 1 else filename
        output = io.StringIO()
        saved_main, saved_argv = sys.modules.get("__main__"), sys.argv
        start = time.perf_counter()
        if state.library_state is None:
            process_state.reset_to_fresh_process()
        else:
            process_state.restore(state.library_state)
        try:
            sys.modules["__main__"], sys.argv = state.module, [filename]
            with hermetic(state.workdir, self.timeout), contextlib.redirect_stdout(output):
                exec(compile(code, filename, "exec"), state.module.__dict__)  # noqa: S102
        except Exception as error:  # noqa: BLE001 - any exception from an example fails it.
            where = ", ".join(names) or "(inline code, no snippet file)"
            # Start the traceback at the example's own frame, not at this runner.
            trace = "".join(traceback.format_exception(type(error), error, error.__traceback__.tb_next))
            log.error("page %s: snippet %s failed: %s: %s\n%s", self.page, where, type(error).__name__, error, trace)
            return trace, False
        finally:
            record.seconds += time.perf_counter() - start
            sys.modules["__main__"], sys.argv = saved_main, saved_argv
            state.executed += 1
            state.library_state = process_state.save()
            # Examples load large libraries (torch) into this process: keep what exists now
            # out of the garbage collector's scans, or every later page pays for it.
            gc.freeze()
        return output.getvalue(), True

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

    def take_block_html(self) -> str:
        """Return the last block's figures and stamp as HTML, and forget the figures.

        Returns:
            ``<figure>`` elements with inline data URIs (nothing is fetched from
            elsewhere), then a small stamp: torch version, device, time.
        """
        figures = "".join(
            f'<figure class="tocha-figure"><img alt="Figura desenhada pelo exemplo ({html.escape(figure.name)})" '
            f'src="data:{figure.mime};base64,'
            f'{base64.b64encode(figure.data).decode("ascii")}"></figure>'
            for figure in self._figures
        )
        self._figures.clear()
        if not self.runs:
            return figures
        last = self.runs[-1]
        # The same stamp whether the result ran now or came from the cache, so a
        # warm rebuild produces the same pages as the cold build it reuses.
        stamp = (
            f'<p class="tocha-stamp">Executado com torch {html.escape(last.torch)} · '
            f"{html.escape(last.device or '?')} · {last.seconds:.2f} s</p>"
        )
        return figures + stamp

    def close(self) -> None:
        """Delete the build's temporary working directories."""
        shutil.rmtree(self._scratch, ignore_errors=True)
