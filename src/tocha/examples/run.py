"""Run every page's examples outside the site build: in parallel, in shards, on another device.

``tocha examples run`` (or ``python -m tocha.examples run``, which needs no
generator) reads each page of each edition once (:mod:`tocha.examples.page_model`)
and runs its executed blocks with the build's own runner, in the conditions
of ``mkdocs.yml``, into the execution cache. The site build then renders every
block from the cache. Pages are independent (a session never crosses pages),
so they run in ``--jobs`` worker processes; ``--shard I/N`` runs a fixed share
of them (pages dealt out by block count, largest first, to the least-loaded
shard), and ``tocha examples merge`` joins the shards' caches into one.

``--results FILE`` writes every block's record: page, edition, snippets,
session, output, time, device, cached or not.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from tocha.examples.cache import ExecutionCache, detect_device
from tocha.examples.page_model import PageModel, read_page
from tocha.examples.runner import ENGINE_LOG, stderr_complaint
from tocha.examples.settings import (
    ENGINE_SNIPPETS_EXTENSION,
    Edition,
    EngineSettings,
    SettingsError,
    cache_dir_from_environment,
    fresh_from_environment,
    read_settings,
)
from tocha.examples.snippet_catalog import CatalogError, edition_snippet_folders
from tocha.examples.snippets import MissingSnippetError

log = logging.getLogger(f"{ENGINE_LOG}.run")


class ShardError(ValueError):
    """A ``--shard`` that is not ``I/N`` with 1 ≤ I ≤ N."""


def edition_configs(settings: EngineSettings, edition: Edition) -> dict[str, dict]:
    """The Markdown extensions' options for an edition's pages: its translated snippet folders, written now.

    A language with a snippet catalog reads the snippets rewritten with its
    translations inside the execution cache, as the site build does
    (:func:`~tocha.examples.snippet_catalog.edition_snippet_folders`).
    """
    configs = {name: dict(options) for name, options in settings.extension_configs.items()}
    folders = edition_snippet_folders(
        settings.snippet_options.get("base_path", []), settings.locales_dir, edition.language, settings.cache_dir
    )
    configs[ENGINE_SNIPPETS_EXTENSION] = {**configs[ENGINE_SNIPPETS_EXTENSION], "base_path": folders}
    return configs


def edition_pages(settings: EngineSettings, edition: Edition) -> list[Path]:
    """An edition's page files, sorted: ``x.en.md`` for English; for the default edition, those of no other edition."""
    others = [other.suffix for other in settings.editions if other is not edition and not other.default]
    pages = sorted(settings.docs_dir.rglob("*.md"))
    if edition.default:
        return [page for page in pages if not page.name.endswith(tuple(others))]
    return [page for page in pages if page.name.endswith(edition.suffix)]


def read_pages(settings: EngineSettings) -> list[PageModel]:
    """Every page of every edition that has executed blocks, each parsed once.

    Raises:
        MissingSnippetError: A page includes a missing file (the message names the page).
        CatalogError: A snippet's comment or string has no translation.
    """
    models = []
    for edition in settings.editions:
        configs = edition_configs(settings, edition)
        for path in edition_pages(settings, edition):
            uri = path.relative_to(settings.docs_dir).as_posix()
            try:
                model = read_page(uri, path.read_text(encoding="utf-8"), edition.language, settings.extensions, configs)
            except MissingSnippetError as error:
                raise MissingSnippetError(f"page {uri}: {error}") from error
            if model.blocks:
                models.append(model)
    return models


def parse_shard(text: str) -> tuple[int, int]:
    """``"1/2"`` → ``(1, 2)``.

    Raises:
        ShardError: Not ``I/N`` with 1 ≤ I ≤ N.
    """
    index, _, count = text.partition("/")
    if not (index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count)):
        raise ShardError(f"--shard {text}: write I/N, with 1 ≤ I ≤ N (1/2, 2/2)")
    return int(index), int(count)


def shard_pages(pages: list[PageModel], index: int, count: int) -> list[PageModel]:
    """The ``index``-th of ``count`` shares of ``pages`` (1-based), the same on every machine.

    Pages are dealt out largest first (by executed blocks) to the shard with
    the fewest blocks so far, so that the shards take about the same time.
    """
    loads = [0] * count
    shares: list[list[PageModel]] = [[] for _ in range(count)]
    for page in sorted(pages, key=lambda page: (-len(page.blocks), page.uri, page.language)):
        lightest = loads.index(min(loads))
        shares[lightest].append(page)
        loads[lightest] += len(page.blocks)
    chosen = {(page.uri, page.language) for page in shares[index - 1]}
    return [page for page in pages if (page.uri, page.language) in chosen]


@dataclass
class BlockRecord:
    """One block's result, as ``--results`` writes it."""

    page: str
    language: str
    snippets: list[str]
    session: str
    ok: bool
    cached: bool
    seconds: float
    device: str
    torch: str
    output: str
    stderr: str


def run_page(settings: EngineSettings, page: PageModel, fresh: bool = False) -> list[BlockRecord]:
    """Run one page's blocks in order with the build's runner (a worker process's task); ``fresh``: ignore the cache."""
    runner = settings.runner(fresh)
    runner.start_page(page.uri)
    records = []
    try:
        for block in page.blocks:
            result = runner.run_block(block.code, list(block.snippets), block.session)
            run = result.run
            records.append(
                BlockRecord(
                    page.uri, page.language, run.snippets, run.session, run.ok, run.cached,
                    run.seconds, run.device, run.torch, result.output, result.stderr,
                )  # fmt: skip
            )
    finally:
        runner.close()
    return records


def run_pages(settings: EngineSettings, pages: list[PageModel], jobs: int, fresh: bool = False) -> list[BlockRecord]:
    """Run the pages in ``jobs`` worker processes (the longest first); their records in page order."""
    order = sorted(range(len(pages)), key=lambda index: -len(pages[index].blocks))
    results: dict[int, list[BlockRecord]] = {}
    with ProcessPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = {index: pool.submit(run_page, settings, pages[index], fresh) for index in order}
        for index, future in futures.items():
            results[index] = future.result()
    return [record for index in range(len(pages)) for record in results[index]]


def merge_caches(target: Path, shards: list[Path]) -> tuple[int, list[str]]:
    """Copy every block entry of the ``shards``' caches into ``target``.

    Returns:
        How many entries were copied, and the keys two shards stored with
        other outputs (an example whose output is not reproducible); the
        first shard's entry is kept.
    """
    copied, conflicts = 0, []
    cache = ExecutionCache(target)
    for shard in shards:
        for entry in sorted(shard.glob("[0-9a-f][0-9a-f]/*.json")):
            key = entry.stem
            existing = cache.get(key)
            if existing is None:
                destination = target / entry.parent.name / entry.name
                destination.parent.mkdir(parents=True, exist_ok=True)
                temporary = destination.with_suffix(f".{os.getpid()}.tmp")
                shutil.copyfile(entry, temporary)
                os.replace(temporary, destination)
                copied += 1
                continue
            other = ExecutionCache(shard).get(key)
            if other is not None and (other.output, other.figures, other.stderr) != (existing.output, existing.figures, existing.stderr):
                conflicts.append(key)
    return copied, conflicts


def _run(arguments: argparse.Namespace) -> int:
    """``tocha examples run``."""
    logging.basicConfig(format="%(levelname)s - %(message)s", level=logging.INFO)
    try:
        if arguments.device == "cpu":
            os.environ["CUDA_VISIBLE_DEVICES"] = ""  # the examples pick the CPU, and the cache keys say so
        elif arguments.device == "cuda" and detect_device() != "cuda":
            log.error("--device cuda: no CUDA device is visible on this machine")
            return 1
        settings = read_settings(arguments.config, arguments.cache_dir or cache_dir_from_environment())
        shard = parse_shard(arguments.shard) if arguments.shard else (1, 1)
        pages = shard_pages(read_pages(settings), *shard)
    except (SettingsError, ShardError, MissingSnippetError, CatalogError) as error:
        log.error("%s", error)
        return 1
    records = run_pages(settings, pages, arguments.jobs, arguments.fresh or fresh_from_environment())
    for record in records:
        if record.ok and record.stderr.strip():
            # As in the site build, where this warning fails the strict build: find it here first.
            log.error("%s", stderr_complaint(record.page, record.snippets, record.stderr))
    failed = [record for record in records if not record.ok or record.stderr.strip()]
    ran = [record for record in records if not record.cached]
    log.info(
        "tocha examples: shard %d/%d: %d page(s), %d block(s): %d run now (%.1f s), %d from the cache, %d failed",
        *shard, len(pages), len(records), len(ran), sum(record.seconds for record in ran), len(records) - len(ran), len(failed),
    )  # fmt: skip
    if arguments.results:
        arguments.results.write_text(json.dumps([asdict(record) for record in records], indent=1, ensure_ascii=False), encoding="utf-8")
    return 1 if failed else 0


def _merge(arguments: argparse.Namespace) -> int:
    """``tocha examples merge``."""
    logging.basicConfig(format="%(levelname)s - %(message)s", level=logging.INFO)
    copied, conflicts = merge_caches(arguments.target, arguments.shards)
    for key in conflicts:
        log.warning("entry %s: the shards stored different outputs: the example does not give the same output twice", key)
    log.info("tocha examples merge: %d entries copied into %s", copied, arguments.target)
    return 1 if conflicts else 0


def add_examples_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``examples run`` and ``examples merge`` to the top-level subcommands (see :mod:`tocha.cli`)."""
    group = commands.add_parser("examples", help="run the pages' examples outside the site build")
    subcommands = group.add_subparsers(dest="examples_command", required=True, metavar="COMMAND")
    run = subcommands.add_parser("run", help="run every page's executed blocks into the execution cache")
    run.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="the site's configuration (default: mkdocs.yml)")
    run.add_argument("--cache-dir", type=Path, help="the execution cache (default: TOCHA_CACHE_DIR, or the plugin's cache_dir)")
    run.add_argument("--fresh", action="store_true", help="run every block again, refreshing its entry (also TOCHA_FRESH=1)")
    run.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes (default: the machine's cores)")
    run.add_argument("--shard", help="run only share I of N of the pages: I/N")
    run.add_argument("--device", choices=("cpu", "cuda"), help="require this device (cpu: hide any GPU from the examples)")
    run.add_argument("--results", type=Path, help="write every block's record (output, time, device) as JSON")
    run.set_defaults(run=_run)
    merge = subcommands.add_parser("merge", help="join shards' execution caches into one")
    merge.add_argument("target", type=Path, help="the cache to fill")
    merge.add_argument("shards", type=Path, nargs="+", help="the shards' caches")
    merge.set_defaults(run=_merge)


def main(argv: list[str] | None = None) -> int:
    """``python -m tocha.examples``: the engine's commands alone, without the rest of ``tocha`` (and its generator)."""
    parser = argparse.ArgumentParser(prog="python -m tocha.examples", description="The Tocha examples engine.")
    add_examples_commands(parser.add_subparsers(dest="command", required=True, metavar="COMMAND"))
    try:
        arguments = parser.parse_args(["examples", *(sys.argv[1:] if argv is None else argv)])
    except SystemExit as exit:
        return exit.code if isinstance(exit.code, int) else 2
    return arguments.run(arguments)
