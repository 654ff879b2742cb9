"""Splice the navigation written by the Zim notebook import into the site's ``nav``.

``tocha import zim NOTEBOOK`` writes ``docs/notas/_nav.yml``
(the notebook's namespace tree, paths relative to ``docs/notas``). The site's
``mkdocs.yml`` then needs one line, ``- Notas: notas/_nav.yml``, and the build
replaces that entry with the tree, so re-importing a notebook never means
editing ``mkdocs.yml`` by hand.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

import yaml

NAV_FILE = "_nav.yml"


class NavIncludeError(ValueError):
    """A ``_nav.yml`` named in ``nav`` is missing or is not a navigation list."""


def _prefixed(items: list, folder: str) -> list:
    """Return a nav list with every page path made relative to ``docs/`` instead of ``folder``."""
    result = []
    for item in items:
        if isinstance(item, dict):
            result.append({title: _prefixed_value(value, folder) for title, value in item.items()})
        else:
            result.append(_prefixed_value(item, folder))
    return result


def _prefixed_value(value: object, folder: str) -> object:
    if isinstance(value, list):
        return _prefixed(value, folder)
    if isinstance(value, str) and "://" not in value:
        return posixpath.join(folder, value)
    return value


def _load(docs_dir: Path, path: str) -> list:
    try:
        items = yaml.safe_load((docs_dir / path).read_text(encoding="utf-8"))
    except OSError as error:
        raise NavIncludeError(f"mkdocs.yml nav: cannot read {path}: {error.strerror}") from error
    if not isinstance(items, list):
        raise NavIncludeError(f"{path}: a navigation file must hold a YAML list")
    return _prefixed(items, posixpath.dirname(path))


def expand_nav_includes(nav: list | None, docs_dir: Path) -> list | None:
    """Replace each nav entry pointing at a ``_nav.yml`` file with the tree it holds.

    Args:
        nav: The ``nav`` of ``mkdocs.yml`` (``None`` when it has none).
        docs_dir: The ``docs/`` folder.

    Returns:
        The expanded navigation (a new list; ``None`` stays ``None``).

    Raises:
        NavIncludeError: If a named ``_nav.yml`` is missing or malformed.
    """
    if nav is None:
        return None
    expanded = []
    for item in nav:
        if isinstance(item, str) and posixpath.basename(item) == NAV_FILE:
            expanded.extend(_load(docs_dir, item))
        elif isinstance(item, dict):
            expanded.append(
                {
                    title: _load(docs_dir, value)
                    if isinstance(value, str) and posixpath.basename(value) == NAV_FILE
                    else expand_nav_includes(value, docs_dir) if isinstance(value, list) else value
                    for title, value in item.items()
                }
            )
        else:
            expanded.append(item)
    return expanded
