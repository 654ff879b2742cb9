"""An executed block on the page: markdown-exec's layout around the runner's result, its output labelled, figures and stamp after.

:class:`ExecutedFence` is the superfences formatter of the ``python``/``py``
fences that :func:`~tocha.examples.page_model.fence_options` says run. It
needs Python-Markdown, pymdownx.superfences and markdown-exec's layout, and no
site generator: the MkDocs plugin registers it, and any other generator that
runs Python-Markdown extensions can (``tests/site/test_fence.py`` renders a
page with ``mkdocs`` unimportable). A block's result comes from the runner:
from the execution cache that ``tocha examples run`` filled, or run now.

The formatter calls nothing of the site: with ``mark=True`` it keeps each
:class:`RenderedBlock` of the page (:meth:`ExecutedFence.take_blocks`) and
marks its HTML (:func:`finish_blocks` finds it again), and the site adds what
it adds around a block (its notebook cell, API links, anchor) once the page
has rendered, from those records.

An error of the formatter is raised as superfences' own exception: any other
one, superfences swallows, and the page would show the fence as plain text.
"""

from __future__ import annotations

import base64
import html
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import markdown
import markdown_exec
from markupsafe import Markup
from pymdownx.superfences import SuperFencesException

from tocha.examples.page_model import LANGUAGES, executed_fences
from tocha.examples.runner import BlockResult, ExampleRunner, stderr_complaint
from tocha.examples.snippets import included_snippets

#: The fence renderer's log: its warnings fail a strict build (the plugin forwards it to the generator's log).
FENCE_LOG = "tocha.site.fence"
log = logging.getLogger(FENCE_LOG)

#: The code block pymdownx.highlight writes, markdown-exec's output box among them.
CODE_BLOCK = '<div class="highlight">'

#: The comments around the N-th executed block's HTML of a page (``mark=True``): the site finds it there.
BLOCK_START, BLOCK_END = "<!-- tocha-block {} -->", "<!-- /tocha-block {} -->"
_MARKED = re.compile(r"<!-- tocha-block (\d+) -->(.*?)<!-- /tocha-block \1 -->", re.DOTALL)


def finish_blocks(page_html: str, finish: Callable[[int, str], str]) -> str:
    """The page's HTML, each marked block replaced by ``finish(number, its HTML)``, called in the order the blocks rendered.

    Args:
        page_html: The page's HTML, its executed blocks marked (``ExecutedFence(mark=True)``).
        finish: Gets the block's number (its place in :meth:`ExecutedFence.take_blocks`) and its HTML on the page.
    """
    found = {int(match.group(1)): match for match in _MARKED.finditer(page_html)}
    finished = {number: finish(number, found[number].group(2)) for number in sorted(found)}
    return _MARKED.sub(lambda match: finished[int(match.group(1))], page_html)


class BlockWords(Protocol):
    """The words a block's HTML needs, in the page's language (:class:`tocha.site.labels.Labels` has them)."""

    output_label: str
    figure_alt: str
    figure_scroll_hint: str
    stamp: str
    stamp_machine_digits: str


#: The ``digits`` option's one value: the block's output has digits that depend on the processor.
MACHINE_DIGITS = "machine"


def block_html(result: BlockResult, labels: BlockWords, machine_digits: bool = False) -> str:
    """A block's figures and stamp, to follow its output on the page.

    Args:
        result: The block's result.
        labels: The edition's words.
        machine_digits: Its output's digits depend on the processor (``digits="machine"``): the stamp says so.

    Returns:
        ``<figure>`` elements with inline data URIs (nothing is fetched from
        elsewhere), each with the hint that it scrolls sideways (shown by the
        CSS only where it does: a narrow screen), then a small stamp: torch
        version and device. No run time: it changes at every run, and the page
        must not (it is in the execution report's JSON).
    """
    # The hint is visual (screen readers do not scroll): hidden from them, and from search.
    hint = (
        f'<span class="tocha-figure__hint" aria-hidden="true" data-search-exclude>'
        f"{html.escape(labels.figure_scroll_hint)}</span>"
    )
    figures = "".join(
        f'<figure class="tocha-figure"><img alt="{html.escape(labels.figure_alt.format(name=figure.name))}" '
        f'src="data:{figure.mime};base64,{base64.b64encode(figure.data).decode("ascii")}">{hint}</figure>'
        for figure in result.figures
    )
    run = result.run
    text = labels.stamp.format(torch=run.torch, device=run.device or "?")
    if machine_digits:
        text += " · " + labels.stamp_machine_digits
    stamp = f'<p class="tocha-stamp">{html.escape(text)}</p>'
    return figures + stamp


def labelled_output(rendered: str, options: dict, labels: BlockWords) -> str:
    """Label the output box of a rendered block, so that it does not pass for code.

    markdown-exec draws a block's output (``result="text"``) as a code block
    like its source; with the source above it (or none), the output box is
    the last code block.

    Args:
        rendered: markdown-exec's HTML for the block.
        options: The block's fence options.
        labels: The edition's words.

    Returns:
        The HTML with the output box named (``role="group"``, ``aria-label``)
        and headed by its visible label, or unchanged: no output box
        (no ``result``), raw HTML output, or the source laid out after or
        beside it.
    """
    start = rendered.rfind(CODE_BLOCK)
    if not options.get("result") or options.get("html") or options.get("source", "") not in ("", "above") or start < 0:
        return rendered
    label = html.escape(labels.output_label)
    # The group carries the name: the visible label is not read a second time, nor indexed for search.
    opening = (
        f'<div class="highlight tocha-output" role="group" aria-label="{label}">'
        f'<span class="tocha-output__label" aria-hidden="true" data-search-exclude>{label}</span>'
    )
    return rendered[:start] + opening + rendered[start + len(CODE_BLOCK) :]


@dataclass
class RenderedBlock:
    """One executed fence, rendered.

    Attributes:
        html: markdown-exec's layout, its output box labelled.
        after: The figures and stamp that follow it.
        code: The code that ran (snippets expanded, trailing blank lines dropped).
        session: Its session (``""``: it ran alone).
        result: Its result.
        snippets: The snippet files it includes, in inclusion order.
        notebook: Its ``notebook`` option (``"script"`` or ``""``).
        digits: Its ``digits`` option: ``"machine"`` (:data:`MACHINE_DIGITS`), the digits it prints depend on the processor.
    """

    html: str
    after: str
    code: str
    session: str
    result: BlockResult
    snippets: list[Path]
    notebook: str
    digits: str = ""


class ExecutedFence:
    """The formatter of executed fences: runs each through the runner and lays it out.

    Args:
        runner: The runner (its cache holds the results of ``tocha examples run``).
        labels: The page's words; :attr:`labels` may be changed between pages.
        mark: Keep each block's record and mark its HTML, for the site to finish once the page has rendered.
    """

    def __init__(self, runner: ExampleRunner, labels: BlockWords, mark: bool = False) -> None:
        self.runner = runner
        self.labels = labels
        self.mark = mark
        self.blocks: list[RenderedBlock] = []

    def take_blocks(self) -> list[RenderedBlock]:
        """The blocks rendered since the last call (a page's, when called once per page), in the order they rendered."""
        blocks, self.blocks = self.blocks, []
        return blocks

    def fences(self) -> list[dict]:
        """pymdownx.superfences' ``custom_fences`` entries that route the executed languages here."""
        return executed_fences(self.format)

    def register(self, custom_fences: list[dict]) -> None:
        """Put :meth:`fences` into superfences' ``custom_fences``, in place of an earlier formatter's.

        The generator may build each edition with the same configuration: the
        previous edition's entries are dropped first.

        Raises:
            ValueError: Another extension (markdown-exec's own) already registers an executed language.
        """
        custom_fences[:] = [
            entry for entry in custom_fences if not isinstance(getattr(entry["format"], "__self__", None), ExecutedFence)
        ]
        taken = sorted({entry["name"] for entry in custom_fences} & set(LANGUAGES))
        if taken:
            raise ValueError(f"fences {taken} are already registered: leave them out of markdown-exec's languages")
        custom_fences += self.fences()

    def format(self, src: str, language: str, css_class: str, options: dict, md: markdown.Markdown, **kwargs: Any) -> str:
        """Render one executed block (superfences' formatter signature).

        Raises:
            SuperFencesException: The block could not be rendered (superfences lets no other error through).
        """
        try:
            return self._format(src, options, md)
        except SuperFencesException:
            raise
        except Exception as error:
            where = src.strip().splitlines()[0] if src.strip() else "empty block"
            raise SuperFencesException(f"page {self.runner.page}: the block starting {where!r}: {error}") from error

    def _format(self, src: str, options: dict, md: markdown.Markdown) -> str:
        snippets = included_snippets(md, src)
        results: list[tuple[str, str, BlockResult]] = []

        def run(code: str, returncode: int = 0, session: str | None = None, id: str = "", **extra: Any) -> str:  # noqa: A002
            result = self.runner.run_block(code, snippets, session or "")
            if result.stderr.strip():
                # Never on the page nor in the build's log, yet a reader's notebook shows it in red.
                log.warning("%s", stderr_complaint(self.runner.page, result.run.snippets, result.stderr))
            results.append((code.rstrip(), session or "", result))  # rstrip: what ran (see ExampleRunner.run_block)
            return result.output

        # Tocha's own options, taken out before markdown-exec copies the extra options onto the shown code's fence.
        extra = options.get("extra", {})
        notebook = extra.pop("notebook", "")
        digits = extra.pop("digits", "")  # the page checks its value (tocha.site.page_examples)
        machine_digits = digits == MACHINE_DIGITS
        rendered = markdown_exec.base_format(language="python", run=run, code=src, md=md, **options)
        if options.get("result") and all(
            result.run.ok and not result.output.strip() and not result.figures for _, _, result in results
        ):
            # A warning: the strict build fails, and `mkdocs serve` still shows the page.
            where = src.strip().splitlines()[0] if src.strip() else "empty block"
            log.warning(
                "page %s: the block starting %r prints nothing, yet the page shows its empty output box: "
                "print what it teaches, or drop the block's result option",
                self.runner.page,
                where,
            )
        # Concatenate as str: adding a str to Markup would escape the str's HTML.
        after = "".join(block_html(result, self.labels, machine_digits) for _, _, result in results)
        shown = labelled_output(str(rendered), options, self.labels)
        if not self.mark or not results:
            return Markup(shown + after)
        code, session, result = results[0]
        number = len(self.blocks)
        self.blocks.append(RenderedBlock(shown, after, code, session, result, snippets, notebook, digits))
        return Markup(BLOCK_START.format(number) + shown + after + BLOCK_END.format(number))
