"""What a page executed, gathered block by block as it renders: for its notebook, downloads and API index.

Once a page has rendered, the site hands each block the fence renderer
(:class:`~tocha.site.fence.ExecutedFence`) recorded, with its HTML on the page,
to :meth:`PageExamples.add`, which records it for the page's notebook, links
its torch/torchvision names to their documentation (:mod:`tocha.site.page_apis`),
adds them to the API index and wraps the block in its anchor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tocha.examples.page_model import PageLayout
from tocha.site.api_index import ApiIndex, block_apis_html
from tocha.site.api_links import link_rendered_block
from tocha.site.fence import MACHINE_DIGITS, RenderedBlock
from tocha.site.labels import Labels
from tocha.site.notebooks import Figure, NotebookBlock, NotebookError
from tocha.site.page_apis import PageApis
from tocha.site.prose_numbers import NumbersError


def notebook_script(block: RenderedBlock, page: str) -> str:
    """The file a block runs as in its notebook (``notebook="script"``: its one snippet's name), or ``""``.

    Raises:
        NotebookError: Another ``notebook`` value, or a script block that does not include exactly one snippet.
    """
    if not block.notebook:
        return ""
    if block.notebook != "script" or len(block.snippets) != 1:
        raise NotebookError(
            f'page {page}: notebook="{block.notebook}" on a block of {len(block.snippets)} snippet(s): '
            'the only value is notebook="script", on a block that includes one snippet file'
        )
    return block.snippets[0].name


@dataclass
class PageExamples:
    """The executed blocks of the page being rendered.

    Attributes:
        uri: The page's path under ``docs/``.
        url: Its URL, relative to the site root.
        layout: Its file's one scan (:func:`~tocha.examples.page_model.scan_layout`): the notebook's prose comes from it.
        blocks: Its executed blocks, in page order, as its notebook shows them.
        snippets: The snippet files they included, each once, in page order.
    """

    uri: str
    url: str
    layout: PageLayout
    blocks: list[NotebookBlock] = field(default_factory=list)
    snippets: list[Path] = field(default_factory=list)

    def add(
        self, block: RenderedBlock, html: str, apis: PageApis, index: ApiIndex, index_link: str | None, labels: Labels
    ) -> str:
        """Record a rendered block; link its API names and list them in the API index.

        Args:
            block: The block.
            html: Its HTML on the page (its layout, figures and stamp).
            apis: The page's API names.
            index: The edition's API index.
            index_link: The API index page's address from this page (``None``: the site has none).
            labels: The edition's words.

        Returns:
            The block wrapped in ``<div class="tocha-example" id="ex-N">`` (N: its place
            on the page, the anchor the API index links to), its names linked to
            their documentation, and the collapsed list of its APIs last.

        Raises:
            NotebookError: Its ``notebook`` option is not one this page can honour.
            NumbersError: Its ``digits`` option is not ``"machine"``.
        """
        script = notebook_script(block, self.uri)
        if block.digits not in ("", MACHINE_DIGITS):
            raise NumbersError(
                f'page {self.uri}: digits="{block.digits}": the only value is digits="{MACHINE_DIGITS}", on a block '
                "whose printed digits depend on the processor (a training run, say)"
            )
        number = len(self.blocks) + 1
        result = block.result
        figures = [Figure(figure.mime, figure.data) for figure in result.figures]
        self.blocks.append(
            NotebookBlock(
                block.code, result.output, block.session, figures, not result.run.ok, script, block.digits == MACHINE_DIGITS
            )
        )
        for path in block.snippets:
            if path not in self.snippets:
                self.snippets.append(path)
        links = apis.block_links(block.code, block.session or f"#{number}")
        linked = [link.use for link in links]
        index.add_block(self.uri, number, [(use.name, use.kind) for use in linked])
        rendered = link_rendered_block(html, block.code, links)
        names = list(dict.fromkeys(use.name for use in linked))
        back_links = block_apis_html(names, index_link, labels) if index_link is not None else ""
        return f'<div class="tocha-example" id="ex-{number}">{rendered}{back_links}</div>'
