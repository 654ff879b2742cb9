"""One executed block's route from the page's Markdown to its HTML, traced in a real build (the figure the engine issue asks for).

The route is what the build's code does with one block: from the moment
pymdownx.superfences takes the fence out of the page's Markdown until it has
the block's HTML back, with the block run now (an empty cache: the longer
path), and then the site finishing that block once its page has rendered. :func:`trace_block_route` follows it with :func:`sys.setprofile` and
records every call from one module into another among the modules that take
part in it: Tocha's own, markdown-exec, superfences, and the site generator's
(there should be none of those). A module boundary is crossed each time such
a call is made; an *edge* is a caller/callee pair of modules, however often
it is crossed.

Usage::

    .venv/bin/python -m tests.site.block_route [--json]

builds the test suite's two-edition example site (``tests/site/test_editions.py``)
in a temporary folder, in this process, and prints the route of its first
executed block.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import FrameType

#: The modules whose calls make up the route: the engine's and the site's, the fence layout's, the fence parser's.
ROUTE_MODULES = ("tocha.", "markdown_exec", "pymdownx.superfences")
#: The site generator and the plugins it drives: a block's route must not pass through them.
GENERATOR_MODULES = ("mkdocs.", "properdocs.", "material.", "mkdocs_static_i18n")
#: superfences' method that handles one fence (validator, then formatter).
FENCE_ENTRY = ("pymdownx.superfences", "process_nested_block")
#: What finishes a block once its page has rendered (:meth:`tocha.site.site_build.SiteBuild.finish_blocks`).
FINISH_ENTRY = ("tocha.site.site_build", "finish")
#: The formatter of executed fences: a fence whose route reaches it is an executed block.
EXECUTED_FORMATTER = "tocha.site.fence"


@dataclass(frozen=True)
class Crossing:
    """A call from one module into another.

    Attributes:
        caller: The calling module (the nearest frame of the route's modules).
        callee: The called function's module.
        function: The called function's name.
        depth: The module boundaries on the call stack down to this call, from its leg's entry (superfences'
            fence, or the page pass handing the block over).
        leg: ``"render"`` (superfences rendering the fence) or ``"finish"`` (the page pass finishing the block).
    """

    caller: str
    callee: str
    function: str
    depth: int = 0
    leg: str = "render"


@dataclass
class BlockRoute:
    """The module boundaries one block's rendering crosses, in call order.

    Attributes:
        crossings: Every call from one module into another.
    """

    crossings: list[Crossing] = field(default_factory=list)

    @property
    def edges(self) -> list[tuple[str, str]]:
        """The distinct (caller, callee) pairs of modules, first crossed first."""
        return list(dict.fromkeys((crossing.caller, crossing.callee) for crossing in self.crossings))

    @property
    def depth(self) -> int:
        """The most boundaries on one call stack: how far down the route goes from the fence."""
        return max((crossing.depth for crossing in self.crossings), default=0)

    @property
    def modules(self) -> list[str]:
        """The modules on the route, in the order it reaches them."""
        return list(dict.fromkeys(name for crossing in self.crossings for name in (crossing.caller, crossing.callee)))

    def summary(self) -> dict:
        """The counts and the edges, as ``--json`` prints them."""
        first: dict[tuple[str, str], Crossing] = {}
        for crossing in self.crossings:
            first.setdefault((crossing.caller, crossing.callee), crossing)
        return {
            "crossings": len(self.crossings),
            "edges": len(self.edges),
            "modules": len(self.modules),
            "depth": self.depth,
            "route": [asdict(crossing) for crossing in first.values()],
        }


def _module(frame: FrameType) -> str:
    return frame.f_globals.get("__name__", "")


def _on_route(name: str) -> bool:
    return name.startswith(ROUTE_MODULES) or name.startswith(GENERATOR_MODULES)


def _depth(frame: FrameType, entry: FrameType) -> int:
    """The boundaries between the route's modules on the stack from ``entry`` to ``frame``."""
    names = []
    while frame is not None and frame is not entry:
        if _on_route(_module(frame)):
            names.append(_module(frame))
        frame = frame.f_back
    names.append(_module(entry))
    return sum(1 for below, above in zip(names, names[1:]) if below != above)


def trace_block_route(build: Callable[[], None]) -> BlockRoute:
    """Run ``build`` and return the route of the first fence it renders through the executed-fence formatter.

    The route has two legs: superfences rendering the fence (:data:`FENCE_ENTRY`), and
    the site finishing that block once its page has rendered (:data:`FINISH_ENTRY`:
    its notebook cell, API links and anchor).

    Raises:
        LookupError: No fence went through the formatter.
    """
    route = BlockRoute()
    state: dict[str, object] = {"leg": 0}

    def record(frame: FrameType, name: str, entry: FrameType) -> None:
        caller = frame.f_back
        while caller is not None and not _on_route(_module(caller)):
            if _module(caller).startswith("importlib"):
                return  # the import system looking for a module (a finder the generator installs): no call of the route
            caller = caller.f_back
        if caller is not None and _module(caller) != name:
            leg = "render" if state["leg"] == 0 else "finish"
            route.crossings.append(Crossing(_module(caller), name, frame.f_code.co_name, _depth(frame, entry), leg))

    def profile(frame: FrameType, event: str, arg: object) -> None:
        leg = state["leg"]
        if leg == 2:
            return
        entry = state.get("entry")
        if event == "return" and frame is entry:
            del state["entry"]
            if leg == 1:
                state["leg"] = 2
            elif any(crossing.callee == EXECUTED_FORMATTER for crossing in route.crossings[state["start"] :]):
                state["leg"] = 1
            else:
                del route.crossings[state["start"] :]  # a fence that does not run: not the block's route
            return
        if event != "call":
            return
        name = _module(frame)
        if entry is None:
            if (name, frame.f_code.co_name) == (FENCE_ENTRY if leg == 0 else FINISH_ENTRY):
                state["entry"], state["start"] = frame, len(route.crossings)
                if leg == 1:
                    record(frame, name, frame)  # the page pass handing the block over
            return
        if _on_route(name):
            record(frame, name, entry)

    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        build()
    finally:
        sys.setprofile(previous)
    if state["leg"] == 0:
        raise LookupError("no fence of the build went through the executed-fence formatter")
    return route


def trace_example_site(root: Path) -> BlockRoute:
    """Lay out the two-edition example site in the empty folder ``root``, build it here, and trace its first block."""
    from mkdocs.commands.build import build  # the generator's own build, as the plugin tests run it
    from mkdocs.config import load_config

    from tests.site.test_editions import make_bilingual_site

    make_bilingual_site(root)
    cwd, cache = Path.cwd(), os.environ.get("TOCHA_CACHE_DIR")
    os.chdir(root)
    os.environ["TOCHA_CACHE_DIR"] = str(root / ".cache")
    try:
        return trace_block_route(lambda: build(load_config(str(root / "mkdocs.yml"))))
    finally:
        os.chdir(cwd)
        if cache is None:
            os.environ.pop("TOCHA_CACHE_DIR")
        else:
            os.environ["TOCHA_CACHE_DIR"] = cache


def main(argv: list[str] | None = None) -> int:
    """Print the route of the example site's first block (``--json``: its counts and edges as JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the counts and edges as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="tocha-route-") as tmp:
        route = trace_example_site(Path(tmp))
    summary = route.summary()
    if args.json:
        print(json.dumps(summary))
        return 0
    for crossing in summary["route"]:
        print(f"{crossing['caller']} -> {crossing['callee']} ({crossing['function']}, depth {crossing['depth']})")
    print(
        f"{summary['crossings']} crossings, {summary['edges']} distinct edges, {summary['modules']} modules, "
        f"at most {summary['depth']} boundaries deep"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
