"""Writing an import into its output folder: only inside it, all at once, only over its own files, keeping edits.

The output folder keeps a manifest, :data:`MANIFEST_FILE`: for each input
the files its last import wrote, with their SHA-256. An input is named by
what survives moving it or cloning the wiki elsewhere, never by a path of
the machine (see :func:`notebook_key`, :func:`file_key`). With it,
:func:`write_import`:

* removes the files the previous import of the same input wrote and this one
  does not (a renamed or deleted page), unless they were changed since: those
  are left in place, with a warning, and are no longer the import's;
* never overwrites a page changed by hand since the import wrote it (its
  bytes differ from the SHA-256 the manifest recorded): the whole import
  stops, naming each such file, unless ``force`` is given;
* never overwrites a file of another input (unless ``force`` is given: the
  file is then taken over), nor a file the manifest does not list (a page
  written by hand), unless it already holds the very bytes to be written;
* writes nothing outside the folder: every path is relative, without ``..``,
  each name within the file system's limit, and no folder on the way may be
  a link leading out of it;
* writes every file to a temporary file beside it first (a short name, so a
  long one still fits), and moves them all into place only when all were
  written: on an error nothing changes (the temporary files and the folders
  made for them are removed);
* leaves alone a file that already holds the bytes to write, so a re-import
  of an unchanged input changes no file (nor its modification time), from
  wherever the input is read.

A manifest of the first format named each input by its absolute path, so a
moved notebook was refused. It is read and migrated: an entry whose path is
that of an input of this import, or whose files only one input of this import
writes, becomes that input's; the others are kept as they are.

MkDocs publishes no file whose name starts with a dot, so the manifest stays
out of the site.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from tocha.importer.base import ConversionError, ConversionFailed
from tocha.importer.writer import make_temporary

MANIFEST_FILE = ".tocha-import.json"
"""The manifest, at the root of the output folder; a name reserved inside a notebook."""

MANIFEST_FORMAT = 2
"""The manifest's format version (the first named inputs by absolute path)."""

NAME_MAX = 255
"""The longest file name, in bytes, of nearly every file system; the limit when the system does not tell."""

_KEY_KINDS = ("notebook:", "file:")


def notebook_key(name: str) -> str:
    """Name a notebook input in the manifest.

    Args:
        name: The notebook's name: ``name=`` in its ``notebook.zim`` (or its
            folder's name when it has none, as Zim does).

    Returns:
        ``notebook:NAME``: the same wherever the notebook lies.
    """
    return f"notebook:{name}"


def file_key(name: str) -> str:
    """Name a file input in the manifest.

    Args:
        name: The file's name, without its folder.

    Returns:
        ``file:NAME``.
    """
    return f"file:{name}"


def describe_key(key: str) -> str:
    """Say which input a manifest key names, for a message.

    Args:
        key: A key of the manifest.

    Returns:
        ``the notebook NAME``, ``the file NAME``, or the key itself (a first-format key).
    """
    kind, _, name = key.partition(":")
    return f"the {kind} {name}" if f"{kind}:" in _KEY_KINDS else key


def name_limit(folder: Path) -> int:
    """Give the longest file name, in bytes, the file system of a folder takes.

    Args:
        folder: A folder, made or not: the nearest existing one above it is asked.

    Returns:
        The limit (:data:`NAME_MAX` when the system does not tell).
    """
    folder = folder.absolute()
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        limit = os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):  # no pathconf (Windows), or no answer
        return NAME_MAX
    return limit if limit > 0 else NAME_MAX


@dataclass
class WriteReport:
    """What :func:`write_import` did.

    Attributes:
        written: The files written (the manifest not included).
        unchanged: The files that already held their bytes, left alone.
        removed: The files of the previous import that were removed.
        overwritten: The files changed by hand (or another input's) that ``force`` overwrote.
        migrated: The first-format keys whose files became an input's of this import.
        warnings: Messages for the person running the import.
    """

    written: list[PurePosixPath] = field(default_factory=list)
    unchanged: list[PurePosixPath] = field(default_factory=list)
    removed: list[PurePosixPath] = field(default_factory=list)
    overwritten: list[PurePosixPath] = field(default_factory=list)
    migrated: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def write_import(
    outputs: Mapping[PurePosixPath, bytes],
    out_dir: Path,
    owners: Mapping[str, Collection[PurePosixPath]],
    *,
    force: bool = False,
    former_keys: Mapping[str, str] | None = None,
) -> WriteReport:
    """Write an import's files under a folder, keeping its manifest.

    Args:
        outputs: File contents by path relative to ``out_dir``.
        out_dir: The output folder (created when missing).
        owners: Each input of this import (its key: see :func:`notebook_key`
            and :func:`file_key`) → the paths of ``outputs`` it wrote. An
            input with no path left still owns nothing: its previous files
            are removed.
        force: Overwrite the files changed by hand since the import wrote
            them, and take over the files of another input that this import
            writes. Files no import wrote are still never overwritten.
        former_keys: The first-format key of each input (its absolute
            path) → its key in ``owners``, to migrate an old manifest.

    Returns:
        What was written and removed.

    Raises:
        ConversionFailed: A path is unsafe, the manifest cannot be read, or
            a file would be overwritten that this import did not write or
            that was changed by hand; every problem is listed and nothing
            was written.
        OSError: A file could not be written; nothing was changed.
    """
    manifest_path = out_dir / MANIFEST_FILE
    report = WriteReport()
    previous = _migrate(_read_manifest(manifest_path), owners, former_keys or {}, report)
    ours = {path: digest for key in owners for path, digest in previous.get(key, {}).items()}
    others = {path: key for key, files in previous.items() if key not in owners for path in files}
    errors = _check_paths(outputs, out_dir)
    taken: dict[str, set[PurePosixPath]] = {}
    for relative, data in sorted(outputs.items()):
        target = out_dir / relative
        if _holds(target, data):
            if relative in others:  # the same bytes: nothing is lost by taking it over
                taken.setdefault(others[relative], set()).add(relative)
            continue
        if relative in others:
            if force:
                taken.setdefault(others[relative], set()).add(relative)
                report.overwritten.append(relative)
            else:
                message = (
                    f"would overwrite a file written by the import of {describe_key(others[relative])} "
                    "(if that is this input renamed, import again with --force to take its files over)"
                )
                errors.append(ConversionError(target, None, message))
        elif relative in ours:
            if (target.exists() or target.is_symlink()) and _file_digest(target) != ours[relative]:
                if force:
                    report.overwritten.append(relative)
                else:
                    message = (
                        f"changed by hand since the last import (its bytes are not those {MANIFEST_FILE} "
                        "recorded); the edit is kept: copy it into the source, or import again with --force "
                        "to overwrite it"
                    )
                    errors.append(ConversionError(target, None, message))
        elif target.exists() or target.is_symlink():
            message = f"would overwrite a file this import did not write (not in {MANIFEST_FILE}); move it away"
            errors.append(ConversionError(target, None, message))
    if errors:
        raise ConversionFailed(errors)
    stale = _stale_files(previous, owners, outputs, out_dir, report)
    manifest = {
        key: {path: digest for path, digest in files.items() if path not in taken.get(key, ())}
        for key, files in previous.items()
        if key not in owners
    }
    manifest = {key: files for key, files in manifest.items() if files}
    for key, paths in owners.items():
        manifest[key] = {path: _digest(outputs[path]) for path in sorted(paths)}
    files = {**outputs, PurePosixPath(MANIFEST_FILE): _manifest_bytes(manifest)}
    changed = {path: data for path, data in files.items() if not _holds(out_dir / path, data)}
    _replace_all(changed, out_dir, stale)
    report.written = sorted(path for path in outputs if path in changed)
    report.unchanged = sorted(path for path in outputs if path not in changed)
    report.removed = sorted(stale)
    return report


def _read_manifest(path: Path) -> dict[str, dict[PurePosixPath, str]]:
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        version = data.get("format", 1)
        inputs = data["inputs"]
        entries = {str(key): {PurePosixPath(p): str(h) for p, h in files.items()} for key, files in inputs.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        message = f"cannot read the import manifest ({error}); remove it to import again"
        raise ConversionFailed([ConversionError(path, None, message)]) from None
    if not isinstance(version, int) or version > MANIFEST_FORMAT:
        message = f"an import manifest of format {version!r}, newer than this importer's; update the project"
        raise ConversionFailed([ConversionError(path, None, message)])
    return entries


def _migrate(
    previous: dict[str, dict[PurePosixPath, str]],
    owners: Mapping[str, Collection[PurePosixPath]],
    former_keys: Mapping[str, str],
    report: WriteReport,
) -> dict[str, dict[PurePosixPath, str]]:
    """Give the entries of first-format keys (absolute paths) to the inputs of this import they belong to."""
    migrated: dict[str, dict[PurePosixPath, str]] = {}
    for key, files in previous.items():
        owner = None
        if key not in owners and not key.startswith(_KEY_KINDS):
            owner = former_keys.get(key)
            if owner is None:  # moved since: the one input that writes the same files
                writers = {new for new, paths in owners.items() if not files.keys().isdisjoint(paths)}
                owner = writers.pop() if len(writers) == 1 else None
        if owner is None:
            migrated.setdefault(key, {}).update(files)
        else:
            # An entry under the new key, if any, is newer: it wins.
            migrated[owner] = {**files, **migrated.get(owner, {}), **previous.get(owner, {})}
            report.migrated.append(key)
    return migrated


def _manifest_bytes(manifest: Mapping[str, Mapping[PurePosixPath, str]]) -> bytes:
    inputs = {key: {path.as_posix(): digest for path, digest in manifest[key].items()} for key in sorted(manifest)}
    data = {"format": MANIFEST_FORMAT, "inputs": inputs}
    return (json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_digest(target: Path) -> str | None:
    """The SHA-256 of a plain file; ``None`` for anything else (a link, a folder, an unreadable file)."""
    if target.is_symlink() or not target.is_file():
        return None
    try:
        return _digest(target.read_bytes())
    except OSError:
        return None


def _holds(target: Path, data: bytes) -> bool:
    """Tell whether a path is a plain file holding exactly ``data``."""
    if target.is_symlink() or not target.is_file():
        return False
    try:
        return target.stat().st_size == len(data) and target.read_bytes() == data
    except OSError:
        return False


def _check_paths(outputs: Mapping[PurePosixPath, bytes], out_dir: Path) -> list[ConversionError]:
    """Refuse a path outside ``out_dir`` (``..``, absolute, links out), on the manifest, or with a name too long."""
    errors = []
    real_out = out_dir.resolve()
    limit = name_limit(out_dir)
    for relative in sorted(outputs):
        target = out_dir / relative
        too_long = [part for part in relative.parts if len(os.fsencode(part)) > limit]
        if relative.is_absolute() or ".." in relative.parts or not relative.parts or relative.name == MANIFEST_FILE:
            errors.append(ConversionError(target, None, "unsafe output path: it must stay inside the output folder"))
        elif too_long:
            message = f"the name {too_long[0]!r} is longer than the output file system takes ({limit} bytes)"
            errors.append(ConversionError(target, None, message))
        elif not target.parent.resolve().is_relative_to(real_out):
            errors.append(ConversionError(target, None, "a folder on the way is a link leading outside the output folder"))
        elif target.is_dir() and not target.is_symlink():
            errors.append(ConversionError(target, None, "would be written where a folder is"))
    return errors


def _stale_files(
    previous: Mapping[str, Mapping[PurePosixPath, str]],
    owners: Mapping[str, Collection[PurePosixPath]],
    outputs: Mapping[PurePosixPath, bytes],
    out_dir: Path,
    report: WriteReport,
) -> list[PurePosixPath]:
    """The files of this import's inputs that the previous import wrote and this one does not, unchanged since."""
    stale = []
    for key in owners:
        for relative, digest in sorted(previous.get(key, {}).items()):
            target = out_dir / relative
            if relative in outputs or not target.is_file() or target.is_symlink():
                continue
            if not target.resolve().is_relative_to(out_dir.resolve()):
                continue
            if _file_digest(target) == digest:
                stale.append(relative)
            else:
                report.warnings.append(
                    f"{target}: warning: written by the previous import and changed since; left in place "
                    f"(and no longer listed in {MANIFEST_FILE})"
                )
    return stale


def _replace_all(files: Mapping[PurePosixPath, bytes], out_dir: Path, stale: list[PurePosixPath]) -> None:
    """Write every file beside its place, then move all into place, then remove the stale ones."""
    created: list[Path] = []
    temporaries: list[tuple[Path, Path]] = []
    needed = {parent for relative in files for parent in relative.parents}
    try:
        for relative in stale:  # a stale file standing where a folder is now needed goes first
            if relative in needed:
                (out_dir / relative).unlink()
        for relative, data in sorted(files.items()):
            target = out_dir / relative
            _make_folders(target.parent, created)
            handle, temp_name = make_temporary(target.parent)
            temporaries.append((Path(temp_name), target))
            with os.fdopen(handle, "wb") as temp:
                temp.write(data)
            # mkstemp makes the file private (0600); published pages are not.
            os.chmod(temp_name, 0o644)
    except BaseException:
        for temp, _ in temporaries:
            temp.unlink(missing_ok=True)
        for folder in reversed(created):
            try:
                folder.rmdir()
            except OSError:
                pass
        raise
    # The manifest is written last: until then the previous one still describes the folder.
    temporaries.sort(key=lambda pair: pair[1].name == MANIFEST_FILE)
    for temp, target in temporaries:
        os.replace(temp, target)
    for relative in stale:
        target = out_dir / relative
        target.unlink(missing_ok=True)
        _remove_empty_folders(target.parent, out_dir)


def _make_folders(folder: Path, created: list[Path]) -> None:
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir()
        created.append(path)


def _remove_empty_folders(folder: Path, out_dir: Path) -> None:
    while folder != out_dir and folder.is_relative_to(out_dir):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
