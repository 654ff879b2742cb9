"""``serve``'s warm-up: the examples' libraries load in the background once the site is up."""

from __future__ import annotations

import importlib
import logging
import sys
import threading

#: What the examples import: loaded so that the first edit of a snippet does not wait for torch to load.
WARM_UP_MODULES = ("torch", "torchvision", "matplotlib.pyplot")


class WarmUp:
    """Imports :data:`WARM_UP_MODULES` once, in a background thread, while the writer reads the served site.

    Args:
        log: Where to say that the libraries are loaded: the generator's plugin log, whose
            level the generator sets (an INFO record of a ``tocha.site`` logger would be dropped
            where it is made, below the root logger's WARNING).
    """

    def __init__(self, log: logging.Logger) -> None:
        self.log = log
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        """Start loading (once per process of ``serve``)."""
        if self.thread is None:
            self.thread = threading.Thread(target=self._load, name="tocha-warm-up", daemon=True)
            self.thread.start()

    def wait(self) -> None:
        """Wait for the loading: importing torch from two threads at once finds it half-initialised."""
        if self.thread is not None:
            self.thread.join()

    def _load(self) -> None:
        missing = [name for name in WARM_UP_MODULES if name not in sys.modules]
        for name in missing:
            importlib.import_module(name)
        if missing:
            self.log.info("tocha: %s loaded: the next edited example runs without loading them", ", ".join(missing))
