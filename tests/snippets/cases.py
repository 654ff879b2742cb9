"""What the snippet cases of both editions share."""

from __future__ import annotations

from tocha.examples.runner import BlockResult


def ran_again(name: object, results: list[BlockResult]) -> str:
    """Why a case that ran after the engine still ran something: how its page shows it."""
    if all(result.run.cached for result in results):
        return ""
    return (
        f"{name} ran again, though the engine had run every page's examples: a page must show a snippet "
        "whole, or its sections in file order in one session"
    )
