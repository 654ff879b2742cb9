"""The build's log: the engine's and the site features' warnings reach the generator's, which counts them for strict mode."""

from __future__ import annotations

import logging

from tocha.examples.runner import ENGINE_LOG

#: The page features' logs (tocha.site.fence, tocha.site.site_build...).
SITE_LOG = "tocha.site"
#: MkDocs' (and ProperDocs') warning at every dirty build, which strict mode would turn into a failure.
DIRTY_BUILD_WARNING = "A 'dirty' build is being performed"


class LogForwarder(logging.Handler):
    """Hands each record to another logger (the generator's plugin log)."""

    def __init__(self, target: logging.Logger) -> None:
        super().__init__()
        self.target = target

    def emit(self, record: logging.LogRecord) -> None:
        """Pass the record on to the target logger."""
        self.target.handle(record)


def forward_logs(target: logging.Logger) -> None:
    """Send the engine's and the page features' logs through ``target`` (once per process): their warnings fail a strict build, as a plugin's do."""
    for name in (ENGINE_LOG, SITE_LOG):
        source = logging.getLogger(name)
        if not any(isinstance(handler, LogForwarder) for handler in source.handlers):
            source.addHandler(LogForwarder(target))
            source.propagate = False  # the generator's log reaches the root logger itself: once is enough


class DirtyWarningFilter(logging.Filter):
    """Drops the generator's dirty-build warning: the site renders again every page an edit made stale (see tocha.site.dirty)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep every record but the dirty-build warning."""
        return not record.getMessage().startswith(DIRTY_BUILD_WARNING)


def drop_dirty_warning(build_log: str) -> None:
    """Drop the dirty-build warning from the generator's build log (named ``build_log``), once per process."""
    logger = logging.getLogger(build_log)
    if not any(isinstance(existing, DirtyWarningFilter) for existing in logger.filters):
        logger.addFilter(DirtyWarningFilter())
