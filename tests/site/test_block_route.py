"""The route of one executed block through the build (``tests/site/block_route.py``), traced in a real two-edition build."""

from __future__ import annotations

from pathlib import Path

from tests.site.block_route import GENERATOR_MODULES, Crossing, trace_example_site


def test_a_block_goes_from_superfences_to_the_runner_and_back_without_the_generator(tmp_path: Path) -> None:
    route = trace_example_site(tmp_path)
    edges = route.edges
    # superfences hands the fence to Tocha's formatter, which runs it through the engine's runner.
    assert edges[0] == ("pymdownx.superfences", "tocha.site.fence")
    assert ("tocha.site.fence", "tocha.examples.runner") in edges
    assert ("pymdownx.superfences", "tocha.examples.page_model") in edges, "the fence's options are the page model's"
    on_generator = [name for name in route.modules if name.startswith(GENERATOR_MODULES)]
    assert not on_generator, f"a block's route passes through the site generator: {on_generator}"
    # The engine never calls back into the site: every crossing out of tocha.examples stays in the engine.
    back = [c for c in route.crossings if c.caller.startswith("tocha.examples") and not c.callee.startswith("tocha.examples")]
    assert not back, f"the engine calls the site: {back}"
    # While the fence renders, nothing of the site's features runs: they finish the block once the page has
    # rendered, handed over by the fence's marks.
    rendering = {c.callee for c in route.crossings if c.leg == "render"}
    assert {name for name in rendering if name.startswith("tocha.site.")} == {"tocha.site.fence", "tocha.site.snippets"}
    finishing = [c for c in route.crossings if c.leg == "finish"]
    assert finishing[0] == Crossing("tocha.site.fence", "tocha.site.site_build", "finish", 0, "finish")
    assert ("tocha.site.page_examples", "tocha.site.api_links") in edges, "the block's names are linked"
    assert len(route.crossings) >= len(edges) == len(set(edges))
