"""Content-addressed cache of executed blocks, so unchanged examples never run twice.

A block's key hashes everything its output depends on: its code, the code of the
earlier blocks of its session (their state is its input), the text of the
snippet files it includes, and the torch and Python versions and the device.
The page's path and the block's display options (``result=``, ``id=``...) are
deliberately *not* part of the key: the same example on another page, in
another language edition or in its test case reuses the result. Entries are
small JSON files under ``.cache/tocha-exec/`` (ignored by git); a failing block
is never stored.

Nothing here imports torch: an unchanged rebuild must not pay for it.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import os
import platform
import sys
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

#: Bump when the entry format or the meaning of a key changes.
CACHE_FORMAT = 3


@dataclass
class CachedFigure:
    """An image a block saved, kept in the cache entry."""

    name: str
    mime: str
    data: bytes


@dataclass
class CacheEntry:
    """The stored result of one block.

    Attributes:
        output: What the block printed.
        seconds: Its wall time when it actually ran.
        device: The device it ran with (``cpu``, ``cuda``, ...).
        torch: The torch version it ran with.
        figures: The images it saved.
        stderr: What it wrote to stderr (see :class:`tocha.examples.runner.BlockResult`).
    """

    output: str
    seconds: float
    device: str
    torch: str
    figures: list[CachedFigure] = field(default_factory=list)
    stderr: str = ""


@functools.cache
def torch_version() -> str:
    """Return the installed torch version without importing torch (``"none"`` if absent)."""
    try:
        return metadata.version("torch")
    except metadata.PackageNotFoundError:
        return "none"


def detect_device() -> str:
    """Return the device examples will pick, without importing torch if possible.

    If torch is already imported it is asked; if not, an NVIDIA driver with
    visible GPUs means ``cuda`` and anything else ``cpu``.

    Returns:
        ``"cuda"`` or ``"cpu"``.
    """
    torch = sys.modules.get("torch")
    if torch is not None:
        return "cuda" if torch.cuda.is_available() else "cpu"
    if os.environ.get("CUDA_VISIBLE_DEVICES") == "":
        return "cpu"
    gpus = Path("/proc/driver/nvidia/gpus")
    return "cuda" if gpus.is_dir() and any(gpus.iterdir()) else "cpu"


def block_key(
    code: str,
    earlier_codes: list[str],
    snippet_texts: list[str],
    environment: dict[str, str],
) -> str:
    """Return the cache key of a block.

    Args:
        code: The block's code.
        earlier_codes: Code of the earlier blocks of its session, in order.
        snippet_texts: Full text of the snippet files it includes.
        environment: Versions and device (see :func:`execution_environment`).

    Returns:
        A hex SHA-256 digest.
    """
    payload = {
        "format": CACHE_FORMAT,
        "code": code,
        "earlier": earlier_codes,
        "snippets": snippet_texts,
        "environment": environment,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode("utf-8")).hexdigest()


def execution_environment() -> dict[str, str]:
    """Return what outside the code changes an example's output: torch, Python, device."""
    return {
        "torch": torch_version(),
        "python": platform.python_version(),
        "device": detect_device(),
    }


class ExecutionCache:
    """Stores :class:`CacheEntry` objects as JSON files, one per key.

    Args:
        directory: Where entries live (created on first write).
        read: Whether lookups may hit; ``False`` re-executes everything
            (``make build FRESH=1``) but still refreshes the entries.
    """

    def __init__(self, directory: Path, read: bool = True) -> None:
        self.directory = directory
        self.read = read

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> CacheEntry | None:
        """Return the entry for ``key``, or ``None`` (miss, unreadable entry, or reading disabled)."""
        if not self.read:
            return None
        try:
            raw = json.loads(self._path(key).read_text(encoding="utf-8"))
            figures = [CachedFigure(f["name"], f["mime"], base64.b64decode(f["data"])) for f in raw.pop("figures")]
            return CacheEntry(**raw, figures=figures)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, entry: CacheEntry) -> None:
        """Store ``entry`` under ``key`` atomically (a crash never leaves half an entry)."""
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        raw = asdict(entry)
        raw["figures"] = [
            {"name": f.name, "mime": f.mime, "data": base64.b64encode(f.data).decode("ascii")} for f in entry.figures
        ]
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, path)
