"""Writing an import into its output folder: only inside it, all at once, and only over its own files.

The output folder keeps a manifest, :data:`MANIFEST_FILE`: for each input
(a notebook folder or a file, by its resolved path) the files its last import
wrote, with their SHA-256. With it, :func:`write_import`:

* removes the files the previous import of the same input wrote and this one
  does not (a renamed or deleted page), unless they were changed since: those
  are left in place, with a warning, and are no longer the import's;
* never overwrites a file it did not write: a file of another input, or one
  the manifest does not list (a page written by hand), is an error, unless it
  already holds the very bytes to be written;
* writes nothing outside the folder: every path is relative, without ``..``,
  and no folder on the way may be a link leading out of it;
* writes every file to a temporary file beside it first, and moves them all
  into place only when all were written: on an error nothing changes (the
  temporary files and the folders made for them are removed);
* leaves alone a file that already holds the bytes to write, so a re-import
  of an unchanged notebook changes no file (nor its modification time).

MkDocs publishes no file whose name starts with a dot, so the manifest stays
out of the site.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from tocha.importer.base import ConversionError, ConversionFailed

MANIFEST_FILE = ".tocha-import.json"
"""The manifest, at the root of the output folder."""

MANIFEST_FORMAT = 1
"""The manifest's format version."""


@dataclass
class WriteReport:
    """What :func:`write_import` did.

    Attributes:
        written: The files written (the manifest not included).
        unchanged: The files that already held their bytes, left alone.
        removed: The files of the previous import that were removed.
        warnings: Messages for the person running the import.
    """

    written: list[PurePosixPath] = field(default_factory=list)
    unchanged: list[PurePosixPath] = field(default_factory=list)
    removed: list[PurePosixPath] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def write_import(
    outputs: Mapping[PurePosixPath, bytes], out_dir: Path, owners: Mapping[str, Collection[PurePosixPath]]
) -> WriteReport:
    """Write an import's files under a folder, keeping its manifest.

    Args:
        outputs: File contents by path relative to ``out_dir``.
        out_dir: The output folder (created when missing).
        owners: Each input of this import (its key: the resolved path) → the
            paths of ``outputs`` it wrote. An input with no path left still
            owns nothing: its previous files are removed.

    Returns:
        What was written and removed.

    Raises:
        ConversionFailed: A path is unsafe, the manifest cannot be read, or
            a file would be overwritten that this import did not write; every
            problem is listed and nothing was written.
        OSError: A file could not be written; nothing was changed.
    """
    manifest_path = out_dir / MANIFEST_FILE
    previous = _read_manifest(manifest_path)
    ours = {path for key in owners for path in previous.get(key, {})}
    others = {path: key for key, files in previous.items() if key not in owners for path in files}
    errors = _check_paths(outputs, out_dir)
    for relative, data in sorted(outputs.items()):
        target = out_dir / relative
        if relative in others:
            errors.append(ConversionError(target, None, f"would overwrite a file written by the import of {others[relative]}"))
        elif relative not in ours and (target.exists() or target.is_symlink()) and not _holds(target, data):
            errors.append(
                ConversionError(
                    target, None, f"would overwrite a file this import did not write (not in {MANIFEST_FILE}); move it away"
                )
            )
    if errors:
        raise ConversionFailed(errors)
    report = WriteReport()
    stale = _stale_files(previous, owners, outputs, out_dir, report)
    manifest = {key: files for key, files in previous.items() if key not in owners}
    for key, paths in owners.items():
        manifest[key] = {path.as_posix(): _digest(outputs[path]) for path in sorted(paths)}
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
        inputs = data["inputs"]
        return {str(key): {PurePosixPath(p): str(h) for p, h in files.items()} for key, files in inputs.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        message = f"cannot read the import manifest ({error}); remove it to import again"
        raise ConversionFailed([ConversionError(path, None, message)]) from None


def _manifest_bytes(manifest: Mapping[str, Mapping[str, str]]) -> bytes:
    data = {"format": MANIFEST_FORMAT, "inputs": {key: dict(manifest[key]) for key in sorted(manifest)}}
    return (json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _holds(target: Path, data: bytes) -> bool:
    """Tell whether a path is a plain file holding exactly ``data``."""
    if target.is_symlink() or not target.is_file():
        return False
    try:
        return target.stat().st_size == len(data) and target.read_bytes() == data
    except OSError:
        return False


def _check_paths(outputs: Mapping[PurePosixPath, bytes], out_dir: Path) -> list[ConversionError]:
    """Refuse any path that would land outside ``out_dir`` (``..``, absolute, links out) or on the manifest."""
    errors = []
    real_out = out_dir.resolve()
    for relative in sorted(outputs):
        target = out_dir / relative
        if relative.is_absolute() or ".." in relative.parts or not relative.parts or relative.name == MANIFEST_FILE:
            errors.append(ConversionError(target, None, "unsafe output path: it must stay inside the output folder"))
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
            if _digest(target.read_bytes()) == digest:
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
            handle, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
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
