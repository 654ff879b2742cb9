"""One parse of a page: its executed blocks, the code each runs, the snippets it includes and its session.

A page's executed blocks are the ``python``/``py`` fences with ``exec="on"``,
as pymdownx.superfences finds them (fences in lists and admonitions included)
after pymdownx.snippets has expanded the ``--8<--`` lines. :func:`read_page`
runs the site's own Markdown extensions over the page once, with a fence
formatter that records each block instead of running it: the model holds the
same code, in the same order, that the site's fence formatter hands the
runner, so the blocks' cache keys are the build's.

:func:`fence_options` is the one decision of what an executed fence is and
what its options mean, markdown-exec's (0.x) validator as a function that
needs no generator: the site registers it for its fences too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import markdown
import yaml

from tocha.examples.snippets import included_snippets

#: Fence languages that run (``python exec="on"``).
LANGUAGES = ("python", "py")
#: markdown-exec's default tab titles (``tabs="Source|Result"``).
DEFAULT_TABS = ("Source", "Result")
_TABS_SEPARATOR = re.compile(r"(?<!\\)\|")
_FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n(?P<yaml>.*?\n)(?:-{3}|\.{3})[ \t]*\n", re.DOTALL)
#: A fence's opening line: indented, in a list item or a block quote; its info string last.
_FENCE_OPEN = re.compile(r"^\s*(?:[-*+]\s+|\d+[.)]\s+|>\s*)*(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
#: An info string: ``python exec="on"`` or ``{.python exec="on"}``.
_INFO = re.compile(r"^\s*\{?\s*\.?(?P<language>[\w+-]*)(?P<options>.*?)\}?\s*$")
_OPTION = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s}]+))""")


def _to_bool(value: str) -> bool:
    return value.lower() not in {"", "no", "off", "false", "0"}


def fence_options(language: str, inputs: dict[str, str], options: dict[str, Any], attrs: dict, md: Any) -> bool:
    """superfences' validator of an executed fence: whether it runs; its options sorted into ``options``.

    The options are markdown-exec's, by the same names and defaults (its
    ``base_format`` takes them as they are); what is left (``title``,
    ``notebook``...) goes to ``options["extra"]``.
    """
    if not _to_bool(inputs.pop("exec", "no")):
        return False
    options["id"] = inputs.pop("id", "")
    options["id_prefix"] = inputs.pop("idprefix", None)
    options["html"] = _to_bool(inputs.pop("html", "no"))
    options["source"] = inputs.pop("source", "")
    options["result"] = inputs.pop("result", "")
    options["returncode"] = int(inputs.pop("returncode", "0"))
    options["session"] = inputs.pop("session", "")
    options["update_toc"] = _to_bool(inputs.pop("updatetoc", "yes"))
    options["tabs"] = tuple(_TABS_SEPARATOR.split(inputs.pop("tabs", "|".join(DEFAULT_TABS)), maxsplit=1))
    options["workdir"] = inputs.pop("workdir", None)
    options["width"] = int(inputs.pop("width", "0"))
    options["extra"] = inputs
    return True


def executed_fences(format: Any) -> list[dict]:  # noqa: A002 - superfences' own key
    """pymdownx.superfences' ``custom_fences`` entries that hand the executed languages to ``format``."""
    return [{"name": name, "class": name, "validator": fence_options, "format": format} for name in LANGUAGES]


@dataclass(frozen=True)
class ExecutedBlock:
    """One executed block of a page, as it runs.

    Attributes:
        code: Its code, snippets expanded, trailing blank lines dropped (what the runner runs).
        snippets: The snippet files it includes, in inclusion order.
        session: Its session (``""``: it runs alone).
        options: Its fence options (:func:`fence_options`).
    """

    code: str
    snippets: tuple[Path, ...]
    session: str
    options: dict = field(compare=False)


@dataclass(frozen=True)
class PageModel:
    """A page and its executed blocks, in the order the site renders them.

    Attributes:
        uri: The page's path under ``docs/`` (``conceitos/x.en.md``).
        language: Its edition's locale.
        blocks: Its executed blocks.
    """

    uri: str
    language: str
    blocks: tuple[ExecutedBlock, ...]


def front_matter(text: str) -> tuple[str, dict]:
    """A page's Markdown and its YAML front matter (``{}``: none, or not a mapping), read as the site generator reads it.

    The generator (MkDocs and its forks, ``mkdocs.utils.meta.get_data``) takes a
    block between ``---`` lines at the very start as the page's metadata when it
    is a YAML mapping, and drops the blank lines after it; anything else stays in
    the page's text. (Its other form, MultiMarkdown's ``Key: value`` lines, no
    page of the site uses.)
    """
    match = _FRONT_MATTER.match(text)
    if match is None:
        return text, {}
    try:
        meta = yaml.safe_load(match.group("yaml"))
    except yaml.YAMLError:
        return text, {}
    if not isinstance(meta, dict):
        return text, {}
    return text[match.end() :].lstrip("\n"), meta


def page_markdown(text: str) -> str:
    """A page's Markdown without its YAML front matter, as the site renders it."""
    return _FRONT_MATTER.sub("", text, count=1)


def read_page(uri: str, text: str, language: str, extensions: list[str], extension_configs: dict[str, dict]) -> PageModel:
    """Parse a page once with the site's Markdown extensions and list its executed blocks.

    Args:
        uri: The page's path under ``docs/``.
        text: Its file's text (front matter included).
        language: Its edition's locale.
        extensions: The site's Markdown extensions (``pymdownx.superfences`` and the snippet one among them).
        extension_configs: Their options (the snippet folders of the page's edition).

    Raises:
        tocha.examples.snippets.MissingSnippetError: The page includes a file that does not exist.
    """
    blocks: list[ExecutedBlock] = []

    def record(src: str, language: str, css_class: str, options: dict, md: markdown.Markdown, **kwargs: Any) -> str:
        snippets = tuple(included_snippets(md, src))
        blocks.append(ExecutedBlock(src.rstrip(), snippets, options.get("session") or "", options))
        return ""

    configs = {name: dict(options) for name, options in extension_configs.items()}
    fences = configs.setdefault("pymdownx.superfences", {}).setdefault("custom_fences", [])
    fences[:] = [fence for fence in fences if fence["name"] not in LANGUAGES]
    fences += executed_fences(record)
    names = extensions if "pymdownx.superfences" in extensions else [*extensions, "pymdownx.superfences"]
    markdown.Markdown(extensions=names, extension_configs=configs).convert(page_markdown(text))
    return PageModel(uri, language, tuple(blocks))


@dataclass(frozen=True)
class Fence:
    """A fenced code block of a page's file.

    Attributes:
        start: The index of its opening line in the file.
        end: The index of its closing line (the file's last line when it is never closed).
        executed: Whether it runs at build (:func:`fence_options`).
        code: The lines between, as written.
    """

    start: int
    end: int
    executed: bool
    code: str


@dataclass(frozen=True)
class PageLayout:
    """A page's file cut into front matter, prose lines and fenced blocks: the one scan of its text.

    The notebook takes its prose from here, the prose-number check its prose
    lines and code; the rendered blocks come from superfences, which finds the
    same executed fences by the same :func:`fence_options`.

    Attributes:
        lines: The file's lines.
        body: The index of the first line after the front matter.
        fences: Its fenced blocks (also in lists, admonitions and block quotes), in order.
    """

    lines: tuple[str, ...]
    body: int
    fences: tuple[Fence, ...]

    def prose_pieces(self) -> list[str]:
        """The page's Markdown (no front matter) cut at its executed fences: one more piece than there are."""
        pieces, start = [], self.body
        for fence in self.fences:
            if fence.executed:
                pieces.append("\n".join(self.lines[start : fence.start]))
                start = fence.end + 1
        last = len(self.lines) - (self.lines[-1:] == ("",))  # the file's final line end ends no line
        pieces.append("\n".join(self.lines[start:last]))
        pieces[0] = pieces[0].lstrip("\n")  # the blank lines under the front matter, as the generator drops them
        return pieces

    def outside_fences(self) -> Iterator[tuple[int, str | Fence]]:
        """Each line after the front matter with its index, a fenced block in place of its lines."""
        fences = iter(self.fences)
        fence = next(fences, None)
        index = self.body
        while index < len(self.lines):
            if fence is not None and index == fence.start:
                yield index, fence
                index = fence.end + 1
                fence = next(fences, None)
                continue
            yield index, self.lines[index]
            index += 1


def _executed(info: str) -> bool:
    """Whether a fence of this info string runs: superfences' validator (:func:`fence_options`) decides."""
    match = _INFO.match(info)
    language = match["language"] if match else ""
    if language not in LANGUAGES:
        return False
    inputs = {key: next(value for value in values if value is not None) for key, *values in _OPTION.findall(match["options"])}
    try:
        return fence_options(language, inputs, {}, {}, None)
    except ValueError:
        return True  # exec is on, another option is malformed: the render fails on it, naming the page


def scan_layout(text: str) -> PageLayout:
    """Cut a page's file into its front matter, prose lines and fenced blocks (a fence inside a fence is text)."""
    lines = text.split("\n")
    front = _FRONT_MATTER.match(text)
    body = front.group(0).count("\n") if front else 0
    fences: list[Fence] = []
    index = body
    while index < len(lines):
        opening = _FENCE_OPEN.match(lines[index])
        if not opening:
            index += 1
            continue
        mark = opening["fence"]
        closing = re.compile(rf"^\s*(?:>\s*)*{re.escape(mark[0])}{{{len(mark)},}}\s*$")
        end = next((line for line in range(index + 1, len(lines)) if closing.match(lines[line])), len(lines) - 1)
        fences.append(Fence(index, end, _executed(opening["info"]), "\n".join(lines[index + 1 : end])))
        index = end + 1
    return PageLayout(tuple(lines), body, tuple(fences))
