"""pymdownx.snippets, recording what it includes: how a block knows its snippet files.

The site's pages include examples with ``--8<-- "path.py"`` (or ``"path.py:section"``)
inside a ``python exec="on"`` fence. This module is that same Markdown extension
(with pymdownx.snippets' options; the site names it :mod:`tocha.site.snippets`) whose
preprocessor also notes each file it includes, through pymdownx's documented
``process_snippet_lines`` hook. The fence formatter then asks the page's own
preprocessor (:func:`included_snippets`) which files a block's code came from:
nothing parses ``--8<--`` lines a second time.

:func:`example_steps` asks the same machinery how a snippet file splits into the
blocks a page shows (its sections, or the whole file), so that the test suite
runs a snippet exactly as the pages run it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import markdown
from pymdownx.snippets import SnippetExtension, SnippetMissingError, SnippetPreprocessor


class MissingSnippetError(ValueError):
    """A page includes a snippet file that does not exist (the message names the folders looked in)."""


class SnippetLayoutError(ValueError):
    """A snippet file whose sections do not cover it, so its page would not run the whole file."""


@dataclass(frozen=True)
class Inclusion:
    """One file (or section of one) that pymdownx.snippets inserted into a page.

    Attributes:
        path: The snippet file, absolute (symbolic links kept, as the page names it).
        section: The section name, or ``None`` for the whole file (or a line range).
        text: The inserted lines, without snippet notation (section markers).
    """

    path: Path
    section: str | None
    text: str


class RecordingSnippetPreprocessor(SnippetPreprocessor):
    """pymdownx.snippets' preprocessor, keeping the list of its inclusions for the current page."""

    def run(self, lines: list[str]) -> list[str]:
        """Expand the page's snippets, starting a fresh list of inclusions.

        Raises:
            MissingSnippetError: An included file does not exist.
        """
        self.inclusions: list[Inclusion] = []
        try:
            return super().run(lines)
        except SnippetMissingError as error:
            folders = ", ".join(str(path) for path in self.base_path)
            raise MissingSnippetError(f"{error} (looked in: {folders})") from error

    def process_snippet_lines(self, lines: list[str], target: dict) -> list[str]:
        """Record a local file's inclusion (pymdownx calls this for each one); change nothing."""
        if not target["is_url"]:
            mask = self.get_syntax_mask(lines, is_section=target["section"] is not None)
            text = "\n".join(line for line, notation in zip(lines, mask, strict=True) if not notation)
            self.inclusions.append(Inclusion(Path(os.path.abspath(target["snippet"])), target["section"], text.strip("\n")))
        return lines


class RecordingSnippetExtension(SnippetExtension):
    """The Markdown extension ``tocha.examples.snippets``: pymdownx.snippets with the recording preprocessor."""

    preprocessor = RecordingSnippetPreprocessor

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        """Register the recording preprocessor where pymdownx.snippets registers its own."""
        self.md = md
        md.registerExtension(self)
        md.preprocessors.register(self.preprocessor(self.getConfigs(), md), "snippet", 32)


def makeExtension(**options: object) -> RecordingSnippetExtension:  # noqa: N802 - Python-Markdown's entry point
    """Return the extension, for ``markdown_extensions: [tocha.examples.snippets: {...}]``."""
    return RecordingSnippetExtension(**options)


def included_snippets(md: markdown.Markdown, code: str) -> list[Path]:
    """List the snippet files whose included text a block's code holds, in inclusion order.

    Args:
        md: The Markdown instance rendering the page (its ``snippet`` preprocessor
            already ran over the page).
        code: The block's code, snippets expanded.

    Returns:
        Each file once; empty for inline code, or when the page does not use
        :class:`RecordingSnippetExtension`.
    """
    preprocessor = md.preprocessors["snippet"] if "snippet" in md.preprocessors else None
    found: list[Path] = []
    for inclusion in getattr(preprocessor, "inclusions", []):
        if inclusion.text and inclusion.text in code and inclusion.path not in found:
            found.append(inclusion.path)
    return found


@dataclass(frozen=True)
class Step:
    """One block of an example as a page shows it.

    Attributes:
        section: The section's name, or ``None`` for the whole file.
        code: The code pymdownx.snippets inserts for it.
    """

    section: str | None
    code: str


def example_steps(path: Path, snippet_options: dict) -> list[Step]:
    """Split a snippet file into the blocks its page runs, one session in file order.

    A file without sections is one step. A file with sections is one step per
    section, in file order; every line outside the sections must be blank, so
    that running the steps in one namespace runs the whole file, as
    ``python file.py`` does.

    Args:
        path: The snippet file.
        snippet_options: The ``tocha.examples.snippets`` options of ``mkdocs.yml``
            (``base_path`` relative to the working directory, or absolute).

    Returns:
        The steps.

    Raises:
        SnippetLayoutError: A non-blank line lies outside every section.
    """
    md = markdown.Markdown(extensions=[RecordingSnippetExtension(**snippet_options)])
    preprocessor: RecordingSnippetPreprocessor = md.preprocessors["snippet"]
    target = path.resolve().as_posix()
    names: list[str] = []
    depth = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        marker = preprocessor.match_section(line)
        if marker and not marker.group("escape"):
            opens = marker.group("type").lower() == "start"
            depth += 1 if opens else -1
            if opens and marker.group("name") not in names:
                names.append(marker.group("name"))
        elif depth == 0 and line.strip() and names:
            raise SnippetLayoutError(
                f"{path}:{number}: code outside every section: the page's blocks would not run the whole file"
            )
    if not names:
        return [Step(None, "\n".join(preprocessor.run([f'--8<-- "{target}"'])))]
    return [Step(name, "\n".join(preprocessor.run([f'--8<-- "{target}:{name}"']))) for name in names]
