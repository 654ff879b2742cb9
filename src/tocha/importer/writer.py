"""Output side of the importer: file names, front matter, and the all-or-nothing write.

Every page is written as::

    ---
    <YAML front matter>
    ---

    <Markdown body>

with the front matter keys in the fixed order of ``FRONT_MATTER_ORDER`` (other
keys follow in alphabetical order), so the same input always gives the same
bytes.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

import yaml

from tocha.importer.base import Page

FRONT_MATTER_ORDER = (
    "title",
    "source_file",
    "format",
    "wiki_format",
    "language",
    "date",
    "created",
    "tags",
)
"""Front matter keys that come first, in this order."""

TEMP_PREFIX = ".tocha-tmp-"
"""How the temporary files of a write begin: a short name, so that a file named up to the file system's limit
still gets one beside it (MkDocs publishes no name starting with a dot)."""


def make_temporary(folder: Path) -> tuple[int, str]:
    """Make a private temporary file in a folder, to be moved over its target once written.

    Args:
        folder: The target's folder (the same file system, so the move is atomic).

    Returns:
        The open file descriptor and the file's path, as ``tempfile.mkstemp`` gives them.
    """
    return tempfile.mkstemp(dir=folder, prefix=TEMP_PREFIX)


def slugify(text: str) -> str:
    """Turn a name into an ASCII, lowercase, kebab-case file name part.

    Accents are stripped (``Ação`` → ``acao``), spaces and underscores become
    ``-``, anything else that is not a letter or a digit is dropped. A name
    with nothing left (``???``, ``日本``) gets ``page-`` and a short hash of
    the name, so it still has a stable, distinct file name.

    Args:
        text: A page name or a file stem.

    Returns:
        The slug, never empty.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", " ", ascii_text.lower().replace("_", " ")).split()
    if words:
        return "-".join(words)
    return "page-" + hashlib.sha1(text.encode()).hexdigest()[:8]


def render_page(page: Page) -> str:
    """Write a page as front matter plus body.

    Args:
        page: The converted page; ``page.title`` wins over a ``title`` in ``meta``.

    Returns:
        The file text, ending with exactly one newline.
    """
    meta = {"title": page.title, **{k: v for k, v in page.meta.items() if k != "title"}}
    keys = [k for k in FRONT_MATTER_ORDER if k in meta]
    keys += sorted(k for k in meta if k not in FRONT_MATTER_ORDER)
    front = yaml.safe_dump(
        {k: meta[k] for k in keys}, sort_keys=False, allow_unicode=True, width=4096
    )
    return f"---\n{front}---\n\n{page.body.strip(chr(10))}\n"


def write_outputs(outputs: Mapping[PurePosixPath, bytes], out_dir: Path) -> None:
    """Write files under a folder, each through a temporary file and ``os.replace``.

    A reader never sees a half-written file: each one appears whole or not at all.

    Args:
        outputs: File contents by path relative to ``out_dir``.
        out_dir: The output folder (created when missing).

    Raises:
        OSError: A file could not be written.
    """
    for relative, data in sorted(outputs.items()):
        target = out_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = make_temporary(target.parent)
        try:
            with os.fdopen(handle, "wb") as temp:
                temp.write(data)
            # mkstemp makes the file private (0600); published pages are not.
            os.chmod(temp_name, 0o644)
            os.replace(temp_name, target)
        except BaseException:
            Path(temp_name).unlink(missing_ok=True)
            raise
