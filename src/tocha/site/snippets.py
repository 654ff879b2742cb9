"""The site's Markdown extension ``tocha.site.snippets``: the engine's recording pymdownx.snippets, with MkDocs' error.

The engine's extension (:mod:`tocha.examples.snippets`) raises its own error for
a missing file; MkDocs prints a :class:`~mkdocs.exceptions.PluginError` as one
line naming the page, where any other exception would end the build with a
traceback.
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError

from tocha.examples.snippets import MissingSnippetError, RecordingSnippetExtension, RecordingSnippetPreprocessor


class SiteSnippetPreprocessor(RecordingSnippetPreprocessor):
    """The recording preprocessor, its missing-file error raised as MkDocs' own."""

    def run(self, lines: list[str]) -> list[str]:
        """Expand the page's snippets (see :meth:`RecordingSnippetPreprocessor.run`).

        Raises:
            PluginError: An included file does not exist.
        """
        try:
            return super().run(lines)
        except MissingSnippetError as error:
            raise PluginError(str(error)) from error


class SiteSnippetExtension(RecordingSnippetExtension):
    """``tocha.site.snippets`` in ``mkdocs.yml``: pymdownx.snippets' options."""

    preprocessor = SiteSnippetPreprocessor


def makeExtension(**options: object) -> SiteSnippetExtension:  # noqa: N802 - Python-Markdown's entry point
    """Return the extension, for ``markdown_extensions: [tocha.site.snippets: {...}]``."""
    return SiteSnippetExtension(**options)
