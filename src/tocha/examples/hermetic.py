"""The conditions every example runs under, at build and in tests.

An example must behave the same on a reader's machine, in the site build and
in CI: no network, no files written outside a temporary working directory, no
deprecated torch API, and a bounded run time. :func:`hermetic` sets those
conditions up for a block of code (see :mod:`tocha.examples.runner`, which runs
every example through it).
"""

from __future__ import annotations

import io
import ipaddress
import logging
import os
import signal
import sys
import socket
import tempfile
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: Timestamp tools write into files instead of "now" (matplotlib's SVG/PDF metadata),
#: so a figure is the same bytes at every build (the reproducible-builds convention).
SOURCE_DATE_EPOCH = "1700000000"

#: Warning categories that fail an example: they announce an API that is going away.
DEPRECATION_CATEGORIES = (DeprecationWarning, FutureWarning)


class NetworkBlockedError(OSError):
    """Raised when an example tries to reach a host other than this machine."""


class BlockTimeoutError(TimeoutError):
    """Raised inside an example that ran past its time limit."""


def _is_local(address: object) -> bool:
    """Tell whether a socket address points at this machine (loopback)."""
    if not isinstance(address, tuple) or not address:
        return True  # AF_UNIX paths and abstract sockets stay on this machine.
    host = str(address[0])
    if host in {"localhost", ""}:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@contextmanager
def _network_blocked() -> Iterator[None]:
    """Refuse outgoing connections to anything but loopback."""
    original_connect = socket.socket.connect
    original_connect_ex = socket.socket.connect_ex

    def check(address: object) -> None:
        if not _is_local(address):
            raise NetworkBlockedError(
                f"examples run without network: connection to {address!r} refused "
                "(use weights=None, FakeData or tensors made in code)"
            )

    def connect(self: socket.socket, address: object) -> None:
        check(address)
        return original_connect(self, address)

    def connect_ex(self: socket.socket, address: object) -> int:
        check(address)
        return original_connect_ex(self, address)

    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
    try:
        yield
    finally:
        socket.socket.connect = original_connect  # type: ignore[method-assign]
        socket.socket.connect_ex = original_connect_ex  # type: ignore[method-assign]


@contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`BlockTimeoutError` in the running code after ``seconds``.

    Uses SIGALRM, so it only works in the main thread of a Unix process; elsewhere
    (``mkdocs serve`` rebuilding from a watcher thread, Windows) no limit is set.
    """
    usable = seconds and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise BlockTimeoutError(f"ran past its time limit of {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    outer_delay, outer_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    started = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_delay:
            # Give back an enclosing timer (pytest-timeout's, say) what it has left.
            remaining = max(outer_delay - (time.monotonic() - started), 0.001)
            signal.setitimer(signal.ITIMER_REAL, remaining, outer_interval)


@contextmanager
def _reproducible_timestamps() -> Iterator[None]:
    """Set ``SOURCE_DATE_EPOCH`` for the enclosed code (unless the caller chose one)."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ.setdefault("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)


#: Where libraries put their caches and settings (torch.hub, torch.compile, matplotlib,
#: tempfile): during an example, all in its working directory.
PRIVATE_LOCATIONS = ("HOME", "TMPDIR", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "TORCH_HOME")


@contextmanager
def _private_home(workdir: Path) -> Iterator[None]:
    """Point home, temporary and cache folders at ``workdir``, so what an example writes stays in it."""
    previous = {name: os.environ.get(name) for name in PRIVATE_LOCATIONS}
    previous_tempdir = tempfile.tempdir
    for name in PRIVATE_LOCATIONS:
        os.environ[name] = str(workdir)
    tempfile.tempdir = str(workdir)  # tempfile caches its folder on first use
    try:
        yield
    finally:
        tempfile.tempdir = previous_tempdir
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextmanager
def _fresh_root_logger() -> Iterator[None]:
    """Give the example the root logger of a new Python process: no handlers, level WARNING.

    The host's logging setup must not change what an example prints: ``tocha
    examples run`` logs at INFO, the site build only through the generator's
    logger, pytest through its own handlers. Otherwise a library's INFO line
    (matplotlib's "generated new fontManager", on a new font cache) would be a
    block's stderr in one and not in the other.
    """
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    root.handlers, root.level = [], logging.WARNING
    try:
        yield
    finally:
        root.handlers, root.level = handlers, level


class StreamCapture:
    """Collects what examples write to the process's stdout and stderr descriptors, outside ``print``.

    ``print`` goes to the block's output (the runner redirects ``sys.stdout``).
    Everything else an example makes a library write (warnings, torch's logs,
    C++ messages such as the profiler's, what child processes print) goes to
    descriptors 1 and 2: while a block runs, :meth:`capturing` points both at a
    file, so none of it reaches the build's log, and the runner keeps it as the
    block's stderr. ``sys.stderr`` is made a stream over descriptor 2 itself
    (:attr:`stderr`), so a logging handler created during an example keeps
    writing to whatever descriptor 2 is later, never to a closed file.

    One instance per runner: its :attr:`stderr` stream lives as long as the process uses it.
    """

    def __init__(self) -> None:
        self.stderr = io.TextIOWrapper(
            io.FileIO(2, "w", closefd=False), encoding="utf-8", errors="backslashreplace", line_buffering=True
        )

    @contextmanager
    def capturing(self, sink: Path) -> Iterator[None]:
        """Send descriptors 1 and 2 (and ``sys.stderr``) to the file ``sink`` while the enclosed code runs."""
        for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
            _flush(stream)
        saved_stderr = sys.stderr
        saved = [os.dup(1), os.dup(2)]
        with open(sink, "wb") as file:
            os.dup2(file.fileno(), 1)
            os.dup2(file.fileno(), 2)
            sys.stderr = self.stderr
            try:
                yield
            finally:
                for stream in (self.stderr, sys.__stdout__, sys.__stderr__):
                    _flush(stream)
                sys.stderr = saved_stderr
                os.dup2(saved[0], 1)
                os.dup2(saved[1], 2)
                for descriptor in saved:
                    os.close(descriptor)


def _flush(stream: object) -> None:
    """Flush a stream if it can be (``None`` or a closed stream is left alone)."""
    try:
        stream.flush()  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        pass


def _show_warning_on_stderr(
    message: Warning | str, category: type[Warning], filename: str, lineno: int, file: object = None, line: str | None = None
) -> None:
    """Write a warning to ``sys.stderr`` as Python's default does (``warnings.showwarning``'s signature)."""
    sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


@contextmanager
def hermetic(workdir: Path, timeout: float | None = None) -> Iterator[None]:
    """Run the enclosed code as an example: isolated, offline, strict, bounded, reproducible.

    Args:
        workdir: Existing directory made the working directory, home and
            temporary folder, so files the example writes (checkpoints,
            figures, library caches) land there and not in the repo or home.
        timeout: Seconds before :class:`BlockTimeoutError` is raised, or ``None``.

    Raises:
        NetworkBlockedError: From the example, if it connects to another host.
        BlockTimeoutError: From the example, if it runs past ``timeout``.
    """
    previous_cwd = Path.cwd()
    os.chdir(workdir)
    try:
        with (
            warnings.catch_warnings(),
            _network_blocked(),
            _private_home(workdir),
            _reproducible_timestamps(),
            _time_limit(timeout),
            _fresh_root_logger(),
        ):
            # A warning goes to stderr, as in ``python example.py``, also where the caller records
            # warnings (pytest does): the runner keeps it as the block's stderr.
            warnings.showwarning = _show_warning_on_stderr
            for category in DEPRECATION_CATEGORIES:
                warnings.simplefilter("error", category)
            # torchvision announces some deprecations (``pretrained=``) as UserWarning.
            warnings.filterwarnings("error", message=r".*\bdeprecated\b", category=UserWarning)
            yield
    finally:
        os.chdir(previous_cwd)
