"""Reading a Zim notebook folder safely: its settings (``notebook.zim``) and its files.

Nothing outside the notebook folder is ever read, whatever its links point to:

* a symbolic link whose target lies outside the folder is skipped, with a
  warning; one whose target is inside is followed (a namespace folder
  linked from elsewhere in the notebook is imported under its link's name,
  as Zim shows it);
* a dangling link, or a loop of links, is skipped with a warning;
* hidden entries (``.zim``, Zim's index cache) are not content;
* the folders given to leave out (an ``--out`` folder inside the notebook),
  and any folder holding an import manifest, are left out.
"""

from __future__ import annotations

import configparser
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from tocha.importer.base import ConversionError, located_warning
from tocha.importer.manifest import MANIFEST_FILE

NOTEBOOK_FILE = "notebook.zim"
"""The file that marks the root of a Zim notebook."""

PAGE_FORMAT = "zim-wiki"
"""The only page format (``default_file_format``) this importer reads."""


@dataclass(frozen=True)
class NotebookConfig:
    """The settings of ``notebook.zim`` the import uses (section ``[Notebook]``).

    Attributes:
        name: The notebook's name, which links of the form ``name?Page`` use.
        interwiki: Its interwiki keyword, used the same way.
        home: The home page (``home=``), put first in the navigation.
        page_suffix: The extension of page files (``default_file_extension``).
        page_format: The page format (``default_file_format``).
    """

    name: str | None = None
    interwiki: str | None = None
    home: str | None = None
    page_suffix: str = ".txt"
    page_format: str = PAGE_FORMAT


@dataclass(frozen=True)
class NotebookFile:
    """A file of the notebook.

    Attributes:
        source: Its path in the notebook, as the notebook shows it (through links).
        real: The file to read: a path inside the notebook folder, links resolved.
    """

    source: PurePosixPath
    real: Path


@dataclass
class FolderScan:
    """Every file of a notebook folder, and what was skipped.

    Attributes:
        files: The files, folder by folder: a folder's files before its subfolders, names sorted.
        warnings: ``file: warning: ...`` for each link skipped.
        errors: Folders that could not be read.
    """

    files: list[NotebookFile] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[ConversionError] = field(default_factory=list)


def read_config(root: Path) -> tuple[NotebookConfig, list[str]]:
    """Read the notebook's ``notebook.zim``.

    Args:
        root: The notebook folder.

    Returns:
        The settings (defaults where missing) and warnings (an unreadable
        file, or one that is a link leading outside the notebook).
    """
    path = root / NOTEBOOK_FILE
    if not path.resolve().is_relative_to(root.resolve()):
        return NotebookConfig(), [located_warning(path, None, "a link leading outside the notebook; not read")]
    parser = configparser.RawConfigParser(strict=False)
    try:
        parser.read_string(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, configparser.Error) as error:
        return NotebookConfig(), [located_warning(path, None, f"cannot read ({error}); default settings used")]
    section = parser["Notebook"] if parser.has_section("Notebook") else {}
    suffix = (section.get("default_file_extension") or ".txt").strip()
    return (
        NotebookConfig(
            name=(section.get("name") or "").strip() or None,
            interwiki=(section.get("interwiki") or "").strip() or None,
            home=(section.get("home") or "").strip() or None,
            page_suffix=suffix if suffix.startswith(".") else f".{suffix}",
            page_format=(section.get("default_file_format") or PAGE_FORMAT).strip().lower(),
        ),
        [],
    )


def scan_folder(root: Path, exclude: Sequence[Path] = ()) -> FolderScan:
    """List every file of a notebook folder, reading nothing outside it.

    Args:
        root: The notebook folder.
        exclude: Folders to leave out (resolved before comparing).

    Returns:
        The files, and the warnings and errors met on the way.
    """
    scan = FolderScan()
    real_root = root.resolve()
    excluded = [path.resolve() for path in exclude]
    scan.files.extend(_walk(root, real_root, PurePosixPath(), (real_root,), real_root, excluded, scan))
    return scan


def _walk(
    shown: Path,
    real: Path,
    relative: PurePosixPath,
    ancestors: tuple[Path, ...],
    real_root: Path,
    excluded: list[Path],
    scan: FolderScan,
) -> Iterator[NotebookFile]:
    """The files of one folder (``shown`` as the notebook shows it, ``real`` where it is), then its subfolders'."""
    try:
        with os.scandir(real) as entries:
            names = sorted((entry.name, entry.is_symlink(), entry.is_dir(follow_symlinks=False)) for entry in entries)
    except OSError as error:
        scan.errors.append(ConversionError(shown, None, f"cannot read the folder: {error.strerror or error}"))
        return
    folders = []
    for name, is_link, is_dir in names:
        if name.startswith("."):  # Zim's own (the .zim index cache), not content
            continue
        target = real / name
        if is_link:
            target = _link_target(shown / name, target, real_root, scan)
            if target is None:
                continue
            is_dir = target.is_dir()
        if is_dir:
            folders.append((name, target))
        else:
            yield NotebookFile(relative / name, target)
    for name, target in folders:
        if any(target.is_relative_to(path) for path in excluded) or (target / MANIFEST_FILE).exists():
            continue  # an import's output folder
        if target in ancestors:
            scan.warnings.append(located_warning(shown / name, None, "a link to a folder that holds it (a loop); skipped"))
            continue
        yield from _walk(shown / name, target, relative / name, (*ancestors, target), real_root, excluded, scan)


def _link_target(shown: Path, link: Path, real_root: Path, scan: FolderScan) -> Path | None:
    """Resolve a symbolic link of the notebook; ``None`` (with a warning) when it is not to be followed."""
    try:
        target = link.resolve(strict=True)
    except FileNotFoundError:
        scan.warnings.append(located_warning(shown, None, f"dangling link (to {os.readlink(link)}); skipped"))
        return None
    except (OSError, RuntimeError) as error:
        scan.warnings.append(located_warning(shown, None, f"unreadable link ({error}); skipped"))
        return None
    if not target.is_relative_to(real_root):
        scan.warnings.append(located_warning(shown, None, f"a link leading outside the notebook (to {target}); skipped"))
        return None
    return target
