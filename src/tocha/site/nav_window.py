"""A page's view of a long navigation section: the entries near the page, not all of them.

Material writes into every page the whole entry list of each open section (with
``navigation.prune``, the sections on the page's own path). An imported notebook
can hold namespaces of hundreds of notes, and each of their pages would list
them all: the build's cost per page would grow with the notebook. In a page's
view, a section longer than the window keeps its index page and the
``size`` entries nearest the page; each hidden stretch becomes one link, to its
entry nearest the window ("… 40 more pages"), so a click moves the window on.
Sections no longer than the window, and those off the page's path, are the
site's own objects, untouched.
"""

from __future__ import annotations

import copy
from typing import Any

from mkdocs.structure.nav import Link, Section


def windowed_nav(nav: Any, size: int, more: str) -> Any:
    """The site navigation ``nav`` as its active page shows it (``nav`` itself when no open section is longer than ``size``).

    Args:
        nav: MkDocs' ``Navigation`` of the edition, with the page being rendered active.
        size: The most entries (besides its index page) an open section shows.
        more: The hidden stretch's link text, with a ``{count}`` field.
    """
    items = [_windowed(item, size, more) for item in nav.items]
    if all(new is old for new, old in zip(items, nav.items)):
        return nav
    view = copy.copy(nav)
    view.items = items
    return view


def _windowed(item: Any, size: int, more: str) -> Any:
    """``item``, or a copy of it whose open sections show at most ``size`` entries each."""
    if not isinstance(item, Section) or not item.active:
        return item
    children = [_windowed(child, size, more) for child in item.children]
    index = next((child for child in children if getattr(child, "is_index", False)), None)
    entries = [child for child in children if child is not index]
    if len(entries) > size:
        children = [index] if index is not None else []
        children += _window(entries, size, more)
    elif all(new is old for new, old in zip(children, item.children)):
        return item
    view = copy.copy(item)
    view.children = children
    return view


def _window(entries: list[Any], size: int, more: str) -> list[Any]:
    """The ``size`` entries around the active one, with a link in place of each hidden stretch."""
    active = next((position for position, entry in enumerate(entries) if entry.active), 0)
    start = max(0, min(active - size // 2, len(entries) - size))
    before, shown, after = entries[:start], entries[start : start + size], entries[start + size :]
    window = []
    if before:
        window.append(Link(more.format(count=len(before)), _first_url(before[-1])))
    window += shown
    if after:
        window.append(Link(more.format(count=len(after)), _first_url(after[0])))
    return window


def _first_url(entry: Any) -> str:
    """Where a click on ``entry`` leads, as Material's pruned entries link: a section to its first page."""
    while isinstance(entry, Section):
        entry = entry.children[0]
    return entry.url
