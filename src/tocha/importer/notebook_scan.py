"""Reading a Zim notebook folder safely: its settings (``notebook.zim``) and its files.

Nothing outside the notebook folder is ever read, whatever its links point to:

* a symbolic link whose target lies outside the folder is skipped, with a
  warning; one whose target is inside is followed (a namespace folder
  linked from elsewhere in the notebook is imported under its link's name,
  as Zim shows it);
* a dangling link, or a loop of links, is skipped with a warning;
* the folders given to leave out (an ``--out`` folder inside the notebook)
  are left out; any other folder holding a file named like the import
  manifest (a name the importer reserves) is an error naming that file;
* a name that is not valid UTF-8 is an error naming it.

What Zim hides is skipped, and counted (see :attr:`FolderScan.hidden`), by
Zim's own rules:

* a file or folder whose name starts with ``.`` or ``~`` or ends with ``~``
  (``.zim``, the index cache; ``Home.txt~``, ``Home.txt.zim-new~``, ``~draft.odt``):
  Zim lists no such name (``LocalFolder.list_names`` in ``zim/newfs/local.py``);
* a file ending with ``.zim`` that is not a page (``data.zim``): Zim shows
  none as an attachment (``FilesAttachmentFolder`` in ``zim/notebook/layout.py``).

``notebook.zim`` at the root holds the settings, and ``.zim`` at the root is
Zim's own cache: neither is counted.
"""

from __future__ import annotations

import codecs
import configparser
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from tocha.importer.base import ConversionError, located_warning
from tocha.importer.detect import read_source
from tocha.importer.manifest import MANIFEST_FILE

NOTEBOOK_FILE = "notebook.zim"
"""The file that marks the root of a Zim notebook."""

PAGE_FORMAT = "zim-wiki"
"""The only page format (``default_file_format``) this importer reads."""

CACHE_FOLDER = ".zim"
"""Zim's index cache, at the root of a notebook."""

HIDDEN_SUFFIX = ".zim"
"""Files ending so are no attachments to Zim (only ``notebook.zim``, at the root, means something)."""

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def is_hidden(name: str) -> bool:
    """Tell whether Zim hides a file or folder name (see the module docstring).

    Args:
        name: A file or folder name.

    Returns:
        True for a name starting with ``.`` or ``~``, or ending with ``~``.
    """
    return name[:1] in (".", "~") or name.endswith("~")


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
        errors: Folders that could not be read, and reserved names.
        hidden: The files and folders skipped because Zim hides them, as the
            notebook shows them (a folder's path with a trailing ``/``).
    """

    files: list[NotebookFile] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[ConversionError] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)


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


def scan_folder(root: Path, exclude: Sequence[Path] = (), page_suffix: str = ".txt") -> FolderScan:
    """List every file of a notebook folder that Zim shows, reading nothing outside it.

    Args:
        root: The notebook folder.
        exclude: Folders to leave out (resolved before comparing).
        page_suffix: The extension of page files: a page is never hidden for ending with ``.zim``.

    Returns:
        The files, and the warnings, errors and hidden names met on the way.
    """
    scan = FolderScan()
    real_root = root.resolve()
    excluded = [path.resolve() for path in exclude]
    walk = _Walk(real_root, excluded, page_suffix, scan)
    scan.files.extend(walk.folder(root, real_root, PurePosixPath(), (real_root,)))
    return scan


def read_text(path: Path, shown: Path | None = None) -> tuple[str, list[str]]:
    """Read a page as text: UTF-8 (see ``detect.read_source``), or UTF-16 with its byte order mark.

    Windows editors save "Unicode" text as UTF-16. Zim reads only UTF-8, but
    the text is the owner's: it is converted, with a warning, rather than
    refused as binary for its NUL bytes.

    Args:
        path: The file to read.
        shown: The name to give the file in messages; by default ``path``.

    Returns:
        The text (empty for a file of nothing but white space) and the warnings.

    Raises:
        ConversionError: The file cannot be read, is binary, or is neither
            valid UTF-8 nor valid UTF-16.
    """
    shown = shown or path
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ConversionError(shown, None, f"cannot read: {error.strerror or error}") from None
    if data.startswith(_UTF16_BOMS):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ConversionError(shown, None, f"invalid UTF-16 (at byte {error.start})") from None
        if "\0" in text:
            raise ConversionError(shown, text.count("\n", 0, text.index("\0")) + 1, "binary file (NUL character)")
        message = "UTF-16 text, converted; Zim opens only UTF-8 pages: save it as UTF-8 to edit it in Zim"
        return text, [located_warning(shown, None, message)]
    if not data.strip():
        return "", []
    # Read again through the one reader of sources, so that its messages stay the same everywhere.
    return read_source(path, shown), []


@dataclass
class _Walk:
    """One walk through a notebook folder, recording what it skips in ``scan``."""

    real_root: Path
    excluded: list[Path]
    page_suffix: str
    scan: FolderScan

    def folder(
        self, shown: Path, real: Path, relative: PurePosixPath, ancestors: tuple[Path, ...]
    ) -> Iterator[NotebookFile]:
        """The files of one folder (``shown`` as the notebook shows it, ``real`` where it is), then its subfolders'."""
        scan = self.scan
        try:
            with os.scandir(real) as entries:
                names = sorted(
                    (entry.name, entry.is_symlink(), entry.is_dir(follow_symlinks=False)) for entry in entries
                )
        except OSError as error:
            scan.errors.append(ConversionError(shown, None, f"cannot read the folder: {error.strerror or error}"))
            return
        if any(name == MANIFEST_FILE for name, _, _ in names):
            message = (
                "a name the importer reserves for its manifest: this folder looks like the output of an "
                "import; move it out of the notebook (or remove that file)"
            )
            scan.errors.append(ConversionError(shown / MANIFEST_FILE, None, message))
            return
        folders = []
        for name, is_link, is_dir in names:
            if self.hidden(relative, name, is_dir):
                continue
            if not _is_utf8(name):  # the site's addresses and the manifest name files in UTF-8
                message = "a name that is not valid UTF-8; rename it"
                scan.errors.append(ConversionError(shown / name, None, message))
                continue
            target = real / name
            if is_link:
                target = _link_target(shown / name, target, self.real_root, scan)
                if target is None:
                    continue
                is_dir = target.is_dir()
            if is_dir:
                folders.append((name, target))
            elif self.hidden_file(relative, name):
                scan.hidden.append(str(relative / name))
            else:
                yield NotebookFile(relative / name, target)
        for name, target in folders:
            if any(target.is_relative_to(path) for path in self.excluded):
                continue  # the import's output folder
            if target in ancestors:
                message = "a link to a folder that holds it (a loop); skipped"
                scan.warnings.append(located_warning(shown / name, None, message))
                continue
            yield from self.folder(shown / name, target, relative / name, (*ancestors, target))

    def hidden_file(self, relative: PurePosixPath, name: str) -> bool:
        """Tell whether a file is a ``*.zim`` file Zim shows as no attachment (not ``notebook.zim`` at the root)."""
        if relative == PurePosixPath() and name == NOTEBOOK_FILE:
            return False
        return name.endswith(HIDDEN_SUFFIX) and not name.endswith(self.page_suffix)

    def hidden(self, relative: PurePosixPath, name: str, is_dir: bool) -> bool:
        """Tell whether Zim hides an entry by its name; count it unless it is Zim's own cache."""
        if not is_hidden(name):
            return False
        if not (is_dir and not relative.parts and name == CACHE_FOLDER):
            self.scan.hidden.append(f"{relative / name}/" if is_dir else str(relative / name))
        return True


def _is_utf8(name: str) -> bool:
    """Tell whether a file name read from the system was valid UTF-8 (the others come with surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


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
