"""The date the site gives its pages (the sitemap's ``<lastmod>``): its last commit's, not the build's.

The generator dates every page with the day it builds, so a build that starts
before midnight and one that ends after it write two sitemaps for one commit.
Dating the pages by the commit makes the site a function of its sources, as
the reproducible-builds convention asks: ``SOURCE_DATE_EPOCH``, when it is
set, still wins, through the generator itself.
"""

from __future__ import annotations

import os
import subprocess
from datetime import datetime, timezone
from pathlib import Path


def source_date(folder: Path) -> str | None:
    """The UTC date (``YYYY-MM-DD``) of the last commit of the repository holding ``folder``.

    Returns ``None`` where the generator's own date stands: ``SOURCE_DATE_EPOCH``
    is set (the generator reads it), or ``folder`` is not in a git repository
    (a copy of the tree, a test's small site), or git is missing.
    """
    if "SOURCE_DATE_EPOCH" in os.environ:
        return None
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), "log", "-1", "--format=%ct"], capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    seconds = done.stdout.strip()
    if not seconds.isdigit():  # a repository with no commit yet
        return None
    return datetime.fromtimestamp(int(seconds), timezone.utc).strftime("%Y-%m-%d")
