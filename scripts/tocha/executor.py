"""Execute the Python blocks of the site's pages at build time.

markdown-exec renders ``python exec="on"`` blocks; this module replaces only the
function that *runs* the code (its ``run`` hook), so that every example:

* runs as ``__main__`` under :func:`tocha.hermetic.hermetic` (temporary working
  directory, no network, deprecations are errors, a time limit);
* fails the build with a message naming the page and the snippet file;
* can show the figures it saves (``*.svg``/``*.png`` written to its working
  directory are embedded under its output, so nothing is loaded from elsewhere).

Blocks of one ``session`` on one page share their globals and working
directory, as in markdown-exec.
"""

from __future__ import annotations

import base64
import contextlib
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

from tocha.hermetic import hermetic

log = logging.getLogger("mkdocs.plugins.tocha.executor")

#: ``--8<-- "path"`` lines of pymdownx.snippets (the path may carry ``:section``).
SNIPPET_INCLUDE = re.compile(r'^[ \t]*-{1,}8<-{1,}[ \t]+"([^"\n]+)"[ \t]*$', re.MULTILINE)

#: Image files an example may save to be shown under its output, with their MIME types.
FIGURE_TYPES = {".svg": "image/svg+xml", ".png": "image/png"}


@dataclass
class BlockRun:
    """What one executed block did, for error messages and the execution report.

    Attributes:
        page: The page's path under ``docs/``.
        snippets: The snippet files included in the block, relative to the repository.
        session: The markdown-exec session name, or ``""``.
        seconds: Wall time of the execution.
        ok: Whether it finished without an exception.
    """

    page: str
    snippets: list[str]
    session: str
    seconds: float = 0.0
    ok: bool = True


@dataclass
class _Session:
    """Globals and working directory shared by the blocks of one session."""

    module: types.ModuleType
    workdir: Path
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
    """

    def __init__(self, root: Path, snippets_dir: Path, timeout: float) -> None:
        self.root = root
        self.snippets_dir = snippets_dir
        self.timeout = timeout
        self.page = ""
        self.runs: list[BlockRun] = []
        self._page_snippets: list[tuple[Path, str | None]] = []
        self._sessions: dict[str, _Session] = {}
        self._scratch = Path(tempfile.mkdtemp(prefix="tocha-build-"))
        self._figures: list[tuple[str, str, bytes]] = []
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
        if name and name in self._sessions:
            return self._sessions[name]
        module = types.ModuleType("__main__")
        module.__dict__["__builtins__"] = __builtins__
        workdir = Path(tempfile.mkdtemp(dir=self._scratch))
        session = _Session(module, workdir)
        if name:
            self._sessions[name] = session
        else:
            self._sessions[f"#{self._block_count}"] = session
        return session

    def run(self, code: str, returncode: int = 0, session: str | None = None, id: str = "", **extra: str) -> str:  # noqa: A002
        """Execute one block; the ``run`` function markdown-exec calls.

        Args:
            code: The block's code, snippets already expanded.
            returncode: Ignored (Python blocks either finish or raise).
            session: markdown-exec session name.
            id: markdown-exec block id (unused: blocks are named by snippet).
            **extra: Other block options (unused).

        Returns:
            What the block printed to standard output, or its traceback.

        If the block raises, the error is logged with the page and the snippet
        file (which fails the strict build) and the traceback is returned as the
        block's output, for ``mkdocs serve`` to show in place.
        """
        self._block_count += 1
        snippets = self._snippets_in(code)
        state = self._session(session or "")
        names = [path.relative_to(self.root).as_posix() for path in snippets]
        record = BlockRun(self.page, names, session or "")
        self.runs.append(record)

        filename = names[0] if len(names) == 1 else f"<{self.page}: block {self._block_count}>"
        linecache.cache[filename] = (len(code), None, code.splitlines(keepends=True), filename)
        state.module.__dict__["__file__"] = str(snippets[0]) if len(snippets) == 1 else filename
        output = io.StringIO()
        saved_main, saved_argv = sys.modules.get("__main__"), sys.argv
        start = time.perf_counter()
        try:
            sys.modules["__main__"], sys.argv = state.module, [filename]
            with hermetic(state.workdir, self.timeout), contextlib.redirect_stdout(output):
                exec(compile(code, filename, "exec"), state.module.__dict__)  # noqa: S102
        except BaseException as error:  # noqa: BLE001 - SystemExit/KeyboardInterrupt from an example fail it too.
            if isinstance(error, KeyboardInterrupt) and not isinstance(error, Exception):
                raise
            record.ok = False
            where = ", ".join(names) or "(inline code, no snippet file)"
            # Start the traceback at the example's own frame, not at this runner.
            trace = "".join(traceback.format_exception(type(error), error, error.__traceback__.tb_next))
            log.error("page %s: snippet %s failed: %s: %s\n%s", self.page, where, type(error).__name__, error, trace)
            # Logged once above (an error fails the strict build); the page shows the traceback.
            return trace
        finally:
            record.seconds = time.perf_counter() - start
            sys.modules["__main__"], sys.argv = saved_main, saved_argv
        self._collect_figures(state)
        return output.getvalue()

    def _collect_figures(self, state: _Session) -> None:
        """Remember the images this block wrote or changed in its working directory."""
        for path in sorted(state.workdir.iterdir()):
            mime = FIGURE_TYPES.get(path.suffix.lower())
            if not mime:
                continue
            stat = path.stat()
            signature = (stat.st_mtime_ns, stat.st_size)
            if state.figures_seen.get(path.name) != signature:
                state.figures_seen[path.name] = signature
                self._figures.append((path.name, mime, path.read_bytes()))

    def take_figures_html(self) -> str:
        """Return the figures of the last block as HTML (inline data URIs), and forget them.

        Returns:
            ``<figure>`` elements, or ``""`` when the block saved no image.
        """
        html = "".join(
            f'<figure class="tocha-figure"><img alt="{name}" src="data:{mime};base64,'
            f'{base64.b64encode(data).decode("ascii")}"></figure>'
            for name, mime, data in self._figures
        )
        self._figures.clear()
        return html

    def close(self) -> None:
        """Delete the build's temporary working directories."""
        shutil.rmtree(self._scratch, ignore_errors=True)
