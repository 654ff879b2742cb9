"""The torch/torchvision names of a page's code, for its API links: by session, cached.

An executed block's names depend on the blocks before it in its session (an
``import torch.nn as nn`` two blocks up); a code block the page only shows is
read alone, with the usual aliases (``nn``, ``F``...). Both are kept in the
content-addressed :class:`~tocha.site.api_links.ApiCache`, so that a build
whose pages did not change imports no torch to name anything.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from tocha.site.api_links import ApiCache, DocSite, Link
from tocha.site.api_names import FRAGMENT_ALIASES, ApiUse, SessionResolver, TorchNamespace

log = logging.getLogger("tocha.site.page_apis")


@dataclass
class _Session:
    """The code of one session's blocks so far, and a resolver fed up to ``resolved`` of them."""

    codes: list[str] = field(default_factory=list)
    resolver: SessionResolver | None = None
    resolved: int = 0


class PageApis:
    """Names the APIs of each page's code, one page at a time.

    Args:
        cache: Where resolved names are kept (``None``: resolve every time).
        doc_site: The documentation the names link to.
    """

    def __init__(self, cache: ApiCache | None, doc_site: DocSite) -> None:
        self.cache = cache
        self.doc_site = doc_site
        self.torch_names: TorchNamespace | None = None  # loaded (importing torch) on the first cache miss
        self.page = ""
        self._sessions: dict[str, _Session] = {}

    def start_page(self, uri: str) -> None:
        """Forget the previous page's sessions; the next blocks are ``uri``'s."""
        self.page = uri
        self._sessions = {}

    def _namespace(self) -> TorchNamespace:
        if self.torch_names is None:
            self.torch_names = TorchNamespace()
        return self.torch_names

    def block(self, code: str, session: str) -> list[ApiUse]:
        """The names of an executed block, from the cache or resolved after its session's earlier blocks.

        After a cache hit, the session's resolver catches up on the blocks it
        skipped before it resolves a block the cache misses.
        """
        state = self._sessions.setdefault(session, _Session())
        earlier = list(state.codes)
        state.codes.append(code)
        key = self.cache.key(earlier, code) if self.cache is not None else None
        cached = self.cache.get(key) if key is not None else None
        if cached is not None:
            return cached
        if state.resolver is None:
            state.resolver = SessionResolver(self._namespace())
        try:
            for previous in state.codes[state.resolved : -1]:
                state.resolver.resolve(previous)
            uses = state.resolver.resolve(code)
        except Exception as error:  # noqa: BLE001 - a resolver bug must not hide the page: say where
            log.warning("tocha: page %s: the API names of a block could not be resolved: %r", self.page, error)
            state.resolver, state.resolved = None, 0
            return []
        state.resolved = len(state.codes)
        if key is not None:
            self.cache.put(key, uses)
        return uses

    def block_links(self, code: str, session: str) -> list[Link]:
        """The documentation links of an executed block's names (names with no page left out)."""
        return self.links(self.block(code, session))

    def fragment_links(self, code: str) -> list[Link]:
        """The links of code a page shows without running it: resolved alone, with the usual aliases."""
        context = ["#fragment", *(f"{name}={path}" for name, path in sorted(FRAGMENT_ALIASES.items()))]
        key = self.cache.key(context, code) if self.cache is not None else None
        uses = self.cache.get(key) if key is not None else None
        if uses is None:
            try:
                uses = SessionResolver(self._namespace(), FRAGMENT_ALIASES).resolve(code)
            except Exception as error:  # noqa: BLE001 - as in block
                log.warning("tocha: the API names of a code block shown on a page could not be resolved: %r", error)
                return []
            if key is not None:
                self.cache.put(key, uses)
        return self.links(uses)

    def links(self, uses: list[ApiUse]) -> list[Link]:
        """The uses that have a documentation page, each with its address."""
        return [Link(use, url) for use in uses if (url := self.doc_site.url(use.name, use.kind))]
