"""A page with executed examples as a Jupyter notebook, written at build from the page itself.

The notebook holds, in page order:

1. a setup cell that installs what the examples import only when it is
   missing (``%pip install torch torchvision``, then any other package the
   code imports, such as ``torchao``). On Colab, where torch, torchvision,
   numpy and matplotlib are already installed, it does nothing;
2. a conditions cell (:func:`conditions_code`): it says which torch, device
   and thread count produced the stored outputs, and sets the build's
   conditions in the kernel: the same thread count (the build's digits, on a like processor), the
   same environment (torch's and the profiler's own logs off), matplotlib
   without a display, and a hook that shows each figure a cell saves under
   it, as the page does (the examples save figures; they never call ``show``);
3. the page's prose as Markdown cells (Python-Markdown extensions turned into
   plain Markdown: heading attributes dropped, admonitions as block quotes,
   links to other pages made absolute on the published site);
4. each executed block as a code cell: exactly the code the page shows and
   ran, with the output and the figures the build produced (``stream`` and
   ``display_data`` outputs, ``image/png`` or ``image/svg+xml``).

**Scripts.** An example that starts processes with ``spawn`` (each child
imports the example's file again) cannot run from a cell: a kernel has no file
to import. Its fence says ``notebook="script"``; the notebook then writes it to
its file (``%%writefile``) and runs that file with the kernel's Python, as the
page's build runs it.

**Sessions.** A markdown-exec session is a namespace the page's blocks share;
a block without a session runs alone. A notebook has one kernel, so the cells
run in page order in one namespace. Blocks of one session stay in order, as on
the page. Where the page starts a fresh example (a new session, or a block that
ran alone) after another one, a short Markdown cell says that on the page it
starts from a fresh environment and that here it shares the kernel; when every
block of the page is an example of its own, one such note, before the first,
says it for all. The code cells are not changed (no ``%reset`` added): they
stay exactly the page's code, and the examples import and seed what they use,
so they also run one after another.

Notebooks are written with :mod:`nbformat` (format 4.5, a Python 3 kernel),
validated, and serialized with sorted keys and fixed cell ids, so two builds
of the same pages give the same bytes.
"""

from __future__ import annotations

import base64
import json
import posixpath
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import nbformat

from tocha.examples.runner import FIGURE_TYPES

#: Import names whose pip package has another name.
PIP_NAMES = {"PIL": "pillow", "sklearn": "scikit-learn", "cv2": "opencv-python", "yaml": "pyyaml"}
#: Packages the setup cell installs together (the first line; the examples are about them).
CORE_PACKAGES = ("torch", "torchvision")
#: The kernel every notebook declares.
KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}
#: Tags of the cells the notebook adds around the page's code (setup, conditions, running a script).
SETUP_TAG, CONDITIONS_TAG, SCRIPT_RUN_TAG = "tocha-setup", "tocha-conditions", "tocha-run-script"
#: Image files a cell may save, shown under it by the conditions cell's hook: the ones the build shows.
FIGURE_SUFFIXES = tuple(FIGURE_TYPES)

_FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>.*)$")
_HEADING_ATTRS = re.compile(r"^(#{1,6}\s.*?)\s*\{[^{}]*\}\s*$")
_ADMONITION = re.compile(r"^(?P<indent>[ \t]*)(?:!!!|\?\?\?\+?)\s+(?P<kind>[\w-]+)(?:\s+\"(?P<title>[^\"]*)\")?\s*$")
_TAB = re.compile(r"^(?P<indent>[ \t]*)===\+?\s+\"(?P<title>[^\"]*)\"\s*$")
_ABBREVIATION = re.compile(r"^\*\[[^\]]+\]:")
_IMPORT = re.compile(
    r"^[ \t]*(?:import[ \t]+(?P<modules>[\w., \t]+?)|from[ \t]+(?P<module>[\w.]+)[ \t]+import\b.*)[ \t]*(?:#.*)?$",
    re.MULTILINE,
)
_INLINE_LINK = re.compile(r"(\]\()(?P<target>[^)\s]+)(?P<rest>(?:\s+\"[^\"]*\")?\))")
_REFERENCE_LINK = re.compile(r"^(?P<head>\s*\[[^\]]+\]:\s*)(?P<target>\S+)(?P<rest>.*)$")


class NotebookError(ValueError):
    """A page whose notebook cannot be written (names the page and the reason)."""


@dataclass(frozen=True)
class Figure:
    """An image a block saved: its MIME type and bytes."""

    mime: str
    data: bytes


@dataclass
class NotebookBlock:
    """One executed block, as the notebook shows it.

    Attributes:
        code: The code the page shows and ran.
        output: What it printed.
        session: Its markdown-exec session name (``""``: it ran alone).
        figures: The images it saved.
        failed: Whether it raised (its output is then the traceback).
        script: The file name it runs as in the notebook (``notebook="script"``), or ``""``: a cell.
        machine_digits: The digits it printed depend on the processor (``digits="machine"``): the prose may not cite them.
    """

    code: str
    output: str = ""
    session: str = ""
    figures: list[Figure] = field(default_factory=list)
    failed: bool = False
    script: str = ""
    machine_digits: bool = False


@dataclass(frozen=True)
class NotebookText:
    """The words a notebook adds, in the edition's language (from :class:`tocha.site.labels.Labels`).

    Attributes:
        setup_comment: Comment lines at the top of the setup cell (``{title}``, ``{url}``, ``{torch}`` filled in).
        fresh_session: The Markdown note before an example that starts from a fresh environment on the page.
        all_fresh: The note before the first example when every block of the page is an example of its own.
        conditions_comment: Comment lines of the conditions cell (``{torch}``, ``{device}``, ``{threads}``
            filled in); ``""``: no conditions cell.
        script_note: The Markdown note before an example run as a script (``{name}``: its file).
        machine_digits_note: The Markdown note before an example whose digits depend on the processor
            (``digits="machine"``); ``""``: none.
    """

    setup_comment: str
    fresh_session: str
    all_fresh: str = ""
    conditions_comment: str = ""
    script_note: str = ""
    machine_digits_note: str = ""


@dataclass(frozen=True)
class BuildConditions:
    """What the stored outputs were produced with, for the conditions cell.

    Attributes:
        torch: The torch version.
        device: The device the examples ran on (``cpu``, ``cuda``).
        threads: torch's CPU thread count.
        environment: Environment variables the build sets for every example.
    """

    torch: str
    device: str = "cpu"
    threads: int = 1
    environment: dict[str, str] = field(default_factory=dict)


def published_link_resolver(
    urls: dict[str, str], edition: str, page_uri: str, page_address: str, site_url: str
) -> Callable[[str], str | None]:
    """A function turning a link target of a page's Markdown into its address on the published site.

    Links to other pages (``../conceitos/modulos.md#x``) and to the page's own
    sections (``#x``) become absolute, so they work from a notebook; other
    targets (already absolute, or unknown) give ``None`` and are kept.

    Args:
        urls: Each page's URL in this edition, by its path under ``docs/``.
        edition: The edition's URL prefix (``en/``; ``""`` for the default one).
        page_uri: The page's path under ``docs/``.
        page_address: The page's own address on the published site.
        site_url: The published site's address.
    """

    def edition_url(uri: str) -> str | None:
        # A page of this edition by its Markdown path: x.md, or this edition's x.<lang>.md.
        if uri in urls:
            return urls[uri]
        if uri.endswith(".md") and edition:
            return urls.get(f"{uri[: -len('.md')]}.{edition.rstrip('/')}.md")
        return None

    def resolve(target: str) -> str | None:
        parts = urlsplit(target)
        if parts.scheme or parts.netloc or target.startswith("/"):
            return None
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        if not parts.path:
            return page_address + fragment
        url = edition_url(posixpath.normpath(posixpath.join(posixpath.dirname(page_uri), parts.path)))
        return site_url + url + fragment if url is not None else None

    return resolve


def notebook_markdown(prose: str, resolve_link: Callable[[str], str | None] | None = None) -> str:
    """Turn a piece of the page's Markdown into plain Markdown a notebook renders.

    * heading attributes (``## Title { #id }``) are dropped;
    * admonitions (``!!! note "Title"``) become block quotes with a bold title,
      content tabs (``=== "Title"``) a bold title and their content;
    * abbreviation definitions (``*[GPU]: ...``) are dropped;
    * link targets go through ``resolve_link`` (page links to the published
      site); a target it returns ``None`` for is kept.
    Fenced code in the prose is kept as it is.

    Args:
        prose: The Markdown.
        resolve_link: Maps a link target to the URL the notebook should use.

    Returns:
        The Markdown, without leading or trailing blank lines.
    """
    out: list[str] = []
    quote_indent: int | None = None  # inside an admonition: the indentation of its body
    tab_indent: int | None = None
    fence: str | None = None
    for line in prose.splitlines():
        stripped = line.strip()
        if fence is None and (quote_indent is not None or tab_indent is not None):
            body_indent = quote_indent if quote_indent is not None else tab_indent
            if stripped and _indent(line) < body_indent:
                quote_indent = tab_indent = None
            elif quote_indent is not None:
                text = line[body_indent:] if stripped else ""
                out.append(("> " + _links(text, resolve_link)).rstrip())
                continue
            else:
                line = line[body_indent:] if stripped else ""
                stripped = line.strip()
        fence_match = _FENCE_OPEN.match(line)
        if fence is not None:
            out.append(line)
            if re.match(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$", line):
                fence = None
            continue
        if fence_match:
            fence = fence_match.group("fence")
            out.append(line)
            continue
        admonition = _ADMONITION.match(line)
        if admonition:
            title = admonition.group("title") or admonition.group("kind").capitalize()
            out.append(f"> **{title}**" if title else ">")
            out.append(">")
            quote_indent = _indent(line) + 4
            continue
        tab = _TAB.match(line)
        if tab:
            out.append(f"**{tab.group('title')}**")
            out.append("")
            tab_indent = _indent(line) + 4
            continue
        if _ABBREVIATION.match(stripped):
            continue
        heading = _HEADING_ATTRS.match(line)
        if heading:
            line = heading.group(1)
        out.append(_links(line, resolve_link))
    while out and not out[-1].strip():
        out.pop()
    while out and not out[0].strip():
        out.pop(0)
    return "\n".join(line.rstrip() if not line.strip() else line for line in out)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _links(line: str, resolve_link: Callable[[str], str | None] | None) -> str:
    """Rewrite the link targets of one line."""
    if resolve_link is None:
        return line

    def inline(match: re.Match) -> str:
        target = resolve_link(match.group("target"))
        return match.group(1) + (target or match.group("target")) + match.group("rest")

    reference = _REFERENCE_LINK.match(line)
    if reference and not line.lstrip().startswith("[^"):
        target = resolve_link(reference.group("target"))
        return reference.group("head") + (target or reference.group("target")) + reference.group("rest")
    return _INLINE_LINK.sub(inline, line)


def required_packages(codes: list[str]) -> list[str]:
    """The pip packages the code imports, besides the standard library: torch and torchvision first.

    Args:
        codes: The code of every block.

    Returns:
        ``torch``, ``torchvision``, then the other packages in alphabetical order.
    """
    found: set[str] = set()
    for code in codes:
        # Import statements start their line: a line-by-line match is enough, and much cheaper than a parse.
        for match in _IMPORT.finditer(code):
            if match.group("module"):
                found.add(match.group("module").split(".")[0])
            else:
                for alias in match.group("modules").split(","):
                    name = alias.split()[0] if alias.split() else ""
                    found.add(name.split(".")[0])
    found.discard("")
    others = sorted(PIP_NAMES.get(name, name) for name in found - set(sys.stdlib_module_names) - set(CORE_PACKAGES))
    return [*CORE_PACKAGES, *(name for name in others if not name.startswith("_"))]


def _import_names(package: str) -> str:
    """The import name of a pip package (the reverse of :data:`PIP_NAMES`)."""
    return {pip: name for name, pip in PIP_NAMES.items()}.get(package, package)


def setup_code(packages: list[str], comment: str) -> str:
    """The first cell: install each missing package, and nothing when all are there (as on Colab).

    Args:
        packages: From :func:`required_packages` (``torch`` and ``torchvision`` first).
        comment: Comment lines explaining the cell, already filled in.
    """
    core = [package for package in packages if package in CORE_PACKAGES]
    others = [package for package in packages if package not in CORE_PACKAGES]
    lines = [f"# {line}" if line else "#" for line in comment.splitlines()]
    lines += ["import importlib.util", ""]
    checks = " or ".join(f'importlib.util.find_spec("{_import_names(package)}") is None' for package in core)
    lines += [f"if {checks}:", f"    %pip install {' '.join(core)}"]
    for package in others:
        lines += [f'if importlib.util.find_spec("{_import_names(package)}") is None:', f"    %pip install {package}"]
    return "\n".join(lines)


#: The conditions cell's hook: after each cell, display the figures it saved or changed in the
#: working directory, as the build shows what a block saves (re-running the cell replaces the hook).
_FIGURE_HOOK = """\
from pathlib import Path

from IPython import get_ipython
from IPython.display import SVG, Image, display


def _figure_signatures():
    return {{
        path.name: (path.stat().st_mtime_ns, path.stat().st_size)
        for path in Path.cwd().iterdir()
        if path.suffix.lower() in {suffixes}
    }}


_figures_shown = _figure_signatures()


def show_saved_figures(result):
    for name, signature in sorted(_figure_signatures().items()):
        if _figures_shown.get(name) != signature:
            _figures_shown[name] = signature
            display(SVG(filename=name) if name.lower().endswith(".svg") else Image(filename=name))


events = get_ipython().events
for callback in list(events.callbacks["post_run_cell"]):
    if getattr(callback, "__name__", "") == "show_saved_figures":
        events.unregister("post_run_cell", callback)
events.register("post_run_cell", show_saved_figures)"""


def conditions_code(conditions: BuildConditions, comment: str, packages: list[str]) -> str:
    """The conditions cell: the build's thread count and environment, matplotlib without a display, the figure hook.

    Args:
        conditions: What the stored outputs were produced with.
        comment: Comment lines explaining the cell, already filled in.
        packages: From :func:`required_packages`: matplotlib is set up only when the code uses it.
    """
    lines = [f"# {line}" if line else "#" for line in comment.splitlines()]
    lines += ["import os", ""]
    # Before torch is imported: torch and its profiler read these when they load.
    lines += [
        f"os.environ.setdefault({json.dumps(name)}, {json.dumps(value)})"
        for name, value in sorted(conditions.environment.items())
    ]
    lines += ["", "import torch", "", f"torch.set_num_threads({conditions.threads})"]
    if "matplotlib" in packages:
        lines += ["", "import matplotlib", "", 'matplotlib.use("Agg")']
    lines += ["", _FIGURE_HOOK.format(suffixes=f"({', '.join(json.dumps(suffix) for suffix in FIGURE_SUFFIXES)})")]
    return "\n".join(lines)


def code_outputs(block: NotebookBlock) -> list:
    """A block's outputs as nbformat nodes: its text (stdout, or stderr for a traceback), then its figures."""
    outputs = []
    if block.output:
        outputs.append({"output_type": "stream", "name": "stderr" if block.failed else "stdout", "text": block.output})
    for figure in block.figures:
        if figure.mime == "image/svg+xml":
            data = {figure.mime: figure.data.decode("utf-8")}
        else:
            data = {figure.mime: base64.b64encode(figure.data).decode("ascii")}
        outputs.append({"output_type": "display_data", "data": data, "metadata": {}})
    return outputs


def _code_cell(source: str, outputs: list | None = None, tag: str = "") -> dict:
    """A code cell as nbformat 4 describes it (validated with the whole notebook, once); ``tag``: a cell Tocha adds."""
    metadata = {"tags": [tag]} if tag else {}
    return {"cell_type": "code", "execution_count": None, "metadata": metadata, "outputs": outputs or [], "source": source}


def _block_cells(block: NotebookBlock, text: NotebookText) -> list[dict]:
    """A block's cells: its code with its outputs, or (a script) a note, the file written, and the file run."""
    if not block.script:
        return [_code_cell(block.code, code_outputs(block))]
    return [
        _markdown_cell(text.script_note.format(name=block.script)),
        _code_cell(f"%%writefile {block.script}\n{block.code}"),
        _code_cell(f"import sys\n\n!{{sys.executable}} {block.script}", code_outputs(block), SCRIPT_RUN_TAG),
    ]


def _markdown_cell(source: str) -> dict:
    """A Markdown cell as nbformat 4 describes it."""
    return {"cell_type": "markdown", "metadata": {}, "source": source}


def build_notebook(
    prose: list[str],
    blocks: list[NotebookBlock],
    text: NotebookText,
    *,
    title: str,
    url: str,
    torch_version: str,
    resolve_link: Callable[[str], str | None] | None = None,
    conditions: BuildConditions | None = None,
) -> nbformat.NotebookNode:
    """The notebook of a page.

    Args:
        prose: The page's Markdown cut at its executed blocks (:meth:`tocha.examples.page_model.PageLayout.prose_pieces`).
        blocks: The executed blocks, in page order.
        text: The edition's words.
        title: The page's title.
        url: The page's address on the published site.
        torch_version: The torch version the outputs were produced with.
        resolve_link: See :func:`notebook_markdown`.
        conditions: What the outputs were produced with (default: ``torch_version``, CPU, one thread);
            the conditions cell comes only when ``text`` has its comment.

    Raises:
        NotebookError: The prose does not have one more piece than there are blocks.
    """
    if len(prose) != len(blocks) + 1:
        raise NotebookError(f"the page has {len(blocks)} executed block(s) but {len(prose) - 1} executed fence(s) were found")
    comment = text.setup_comment.format(title=title, url=url, torch=torch_version)
    packages = required_packages([block.code for block in blocks])
    cells = [_code_cell(setup_code(packages, comment), tag=SETUP_TAG)]
    if text.conditions_comment:
        conditions = conditions or BuildConditions(torch_version)
        filled = text.conditions_comment.format(
            torch=conditions.torch, device=conditions.device, threads=conditions.threads
        )
        cells.append(_code_cell(conditions_code(conditions, filled, packages), tag=CONDITIONS_TAG))
    keys = [block.session or f"#{index}" for index, block in enumerate(blocks)]
    independent = len(blocks) > 1 and len(set(keys)) == len(keys) and bool(text.all_fresh)
    sessions: set[str] = set()
    for index, (block, key) in enumerate(zip(blocks, keys, strict=True)):
        markdown = notebook_markdown(prose[index], resolve_link)
        if markdown:
            cells.append(_markdown_cell(markdown))
        if independent and index == 0:
            cells.append(_markdown_cell(text.all_fresh))
        elif key not in sessions and index > 0 and not independent:
            cells.append(_markdown_cell(text.fresh_session))
        sessions.add(key)
        if block.machine_digits and text.machine_digits_note:
            cells.append(_markdown_cell(text.machine_digits_note))
        cells += _block_cells(block, text)
    tail = notebook_markdown(prose[-1], resolve_link)
    if tail:
        cells.append(_markdown_cell(tail))
    for number, cell in enumerate(cells):
        cell["id"] = f"cell-{number:03d}"  # stable ids: the same notebook at every build
    return nbformat.from_dict(
        {
            "nbformat": 4,
            "nbformat_minor": 5,
            "metadata": {"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}},
            "cells": cells,
        }
    )


def notebook_json(notebook: nbformat.NotebookNode) -> str:
    """Validate a notebook and serialize it (sorted keys, one-space indents, final newline).

    Raises:
        NotebookError: nbformat's validation fails.
    """
    try:
        nbformat.validate(notebook)
    except nbformat.ValidationError as error:
        raise NotebookError(f"invalid notebook: {error.message}") from error
    return nbformat.writes(notebook) + "\n"


def code_cells(notebook_text: str) -> list[str]:
    """The code of the page's blocks in a notebook (for tests and checks): what the page ran.

    The cells Tocha adds (setup, conditions, running a script) are left out; a
    script's ``%%writefile`` line is dropped.
    """
    notebook = nbformat.reads(notebook_text, as_version=4)
    codes = []
    for cell in notebook.cells:
        if cell.cell_type != "code" or cell.metadata.get("tags"):
            continue
        source = cell.source
        codes.append(source.split("\n", 1)[1] if source.startswith("%%writefile ") else source)
    return codes
