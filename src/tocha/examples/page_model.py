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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import markdown

from tocha.examples.snippets import included_snippets

#: Fence languages that run (``python exec="on"``).
LANGUAGES = ("python", "py")
#: markdown-exec's default tab titles (``tabs="Source|Result"``).
DEFAULT_TABS = ("Source", "Result")
_TABS_SEPARATOR = re.compile(r"(?<!\\)\|")
_FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n.*?\n(?:-{3}|\.{3})[ \t]*\n", re.DOTALL)


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
