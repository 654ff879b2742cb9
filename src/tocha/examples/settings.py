"""The engine's settings, read from the site's configuration file without its generator.

The examples run in the conditions the ``tocha`` plugin's options set in
``mkdocs.yml`` (time limit, threads, environment, cache folder), with the
site's Markdown extensions and snippet folders, for each edition the i18n
plugin lists. :func:`read_settings` reads those entries as plain YAML, so that
``tocha examples run`` needs neither MkDocs nor its plugins: the GPU machine
has only torch and the engine's light dependencies.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tocha.examples.cache import ExecutionCache
from tocha.examples.runner import ExampleRunner

#: The site's Markdown extension that records each block's snippet files (the engine's own,
#: :mod:`tocha.examples.snippets`, behind MkDocs' error type).
SITE_SNIPPETS_EXTENSION = "tocha.site.snippets"
#: The engine's own name for it, which needs no generator.
ENGINE_SNIPPETS_EXTENSION = "tocha.examples.snippets"


#: The conditions' defaults, for the ``tocha`` plugin's options too (:class:`tocha.site.plugin.TochaConfig`).
DEFAULT_TIME_LIMIT = 60
DEFAULT_THREADS = 1
DEFAULT_CACHE_DIR = ".cache/tocha-exec"
DEFAULT_LOCALES_DIR = "locales"


def cache_dir_from_environment() -> Path | None:
    """``TOCHA_CACHE_DIR``, which overrides the cache folder of the configuration (the Makefile and the tests set it)."""
    value = os.environ.get("TOCHA_CACHE_DIR")
    return Path(value) if value else None


def fresh_from_environment() -> bool:
    """Whether ``TOCHA_FRESH`` asks for every example to run again (``make build FRESH=1``)."""
    return os.environ.get("TOCHA_FRESH", "") not in {"", "0"}


class SettingsError(ValueError):
    """The configuration file lacks what the engine needs, or holds it in another shape."""


@dataclass(frozen=True)
class Edition:
    """One language edition: its pages are the ``.md`` files of its suffix (``x.en.md``), or the others.

    Attributes:
        language: Its locale (``pt-BR``, ``en``): the snippet catalog it translates snippets with.
        default: Whether it is the default edition (pages without a language suffix).
    """

    language: str
    default: bool

    @property
    def suffix(self) -> str:
        """The end of this edition's page names (``.en.md``; ``.md`` for the default edition)."""
        return ".md" if self.default else f".{self.language}.md"


@dataclass(frozen=True)
class EngineSettings:
    """Where the examples are and the conditions they run in.

    Attributes:
        root: The folder of the configuration file (relative paths start there).
        docs_dir: The pages.
        cache_dir: The execution cache.
        time_limit: Seconds one block may run.
        threads: torch's CPU threads for every example.
        environment: Variables set for every example.
        locales_dir: The snippet catalogs (``<locale>/LC_MESSAGES/snippets.po``).
        extensions: The site's Markdown extensions, the snippet one under its engine name.
        extension_configs: Their options; the snippet folders absolute.
        editions: The editions, the default one first.
    """

    root: Path
    docs_dir: Path
    cache_dir: Path
    time_limit: float = DEFAULT_TIME_LIMIT
    threads: int = DEFAULT_THREADS
    environment: dict[str, str] = field(default_factory=dict)
    locales_dir: Path = Path(DEFAULT_LOCALES_DIR)
    extensions: list[str] = field(default_factory=list)
    extension_configs: dict[str, dict] = field(default_factory=dict)
    editions: tuple[Edition, ...] = (Edition("pt-BR", True),)

    @property
    def snippet_options(self) -> dict:
        """The snippet extension's options (``base_path`` absolute)."""
        return dict(self.extension_configs.get(ENGINE_SNIPPETS_EXTENSION, {}))

    def runner(self, fresh: bool = False) -> ExampleRunner:
        """A runner in these conditions, on this cache: the site build's, ``tocha examples run``'s and the tests'.

        Args:
            fresh: Run every block again, ignoring (but refreshing) the cache.
        """
        cache = ExecutionCache(self.cache_dir, read=not fresh)
        return ExampleRunner(self.root, self.time_limit, cache, self.snippet_options, self.threads, self.environment)


class _TolerantLoader(yaml.SafeLoader):
    """Safe YAML that reads any tag (``!ENV``, ``!!python/name``) as the plain value under it: nothing is imported."""


def _untagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_scalar(node)


_TolerantLoader.add_multi_constructor("", _untagged)
_TolerantLoader.add_multi_constructor("!", _untagged)


def _entries(items: list, where: str) -> list[tuple[str, dict]]:
    """A MkDocs list of names with optional options (``- toc: {...}`` or ``- abbr``) as ``(name, options)``."""
    entries = []
    for item in items or []:
        if isinstance(item, str):
            entries.append((item, {}))
        elif isinstance(item, dict) and len(item) == 1:
            name, options = next(iter(item.items()))
            entries.append((str(name), dict(options or {})))
        else:
            raise SettingsError(f"{where}: an entry is neither a name nor one name with its options: {item!r}")
    return entries


def _merged(parent: dict, child: dict) -> dict:
    """``child`` over ``parent`` as MkDocs' ``INHERIT`` merges them: mappings key by key, any other value replaced."""
    merged = dict(parent)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merged(merged[key], value)
        else:
            merged[key] = value
    return merged


def load_config(config_file: Path, inheriting: tuple[Path, ...] = ()) -> dict:
    """The configuration file as plain YAML, with the file its ``INHERIT`` names merged under it.

    As in MkDocs, the inherited file's path is relative to the file that names it, and the
    relative paths of the result are relative to the first file (the one the build is given).
    """
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    except (OSError, yaml.YAMLError) as error:
        raise SettingsError(f"{config_file}: {error}") from error
    if not isinstance(config, dict):
        raise SettingsError(f"{config_file}: not a mapping of settings")
    inherit = config.pop("INHERIT", None)
    if inherit is None:
        return config
    parent_file = (config_file.parent / str(inherit)).resolve()
    if parent_file in inheriting or parent_file == config_file.resolve():
        raise SettingsError(f"{config_file}: INHERIT {inherit} comes back to a file that inherits it")
    return _merged(load_config(parent_file, (*inheriting, config_file.resolve())), config)


def read_settings(config_file: Path, cache_dir: Path | None = None) -> EngineSettings:
    """The engine's settings from the site's configuration file (``mkdocs.yml``).

    Args:
        config_file: The file.
        cache_dir: The execution cache, in place of the plugin's ``cache_dir`` option.

    Raises:
        SettingsError: No ``tocha`` plugin, or no snippet extension, in the file (or the one
            it inherits, with ``INHERIT``).
    """
    config = load_config(config_file)
    root = config_file.resolve().parent
    plugins = dict(_entries(config.get("plugins"), f"{config_file}: plugins"))
    if "tocha" not in plugins:
        raise SettingsError(f"{config_file}: no tocha plugin under plugins: the examples' conditions are its options")
    options = plugins["tocha"]
    extensions, configs = [], {}
    for name, extension_options in _entries(config.get("markdown_extensions"), f"{config_file}: markdown_extensions"):
        name = ENGINE_SNIPPETS_EXTENSION if name == SITE_SNIPPETS_EXTENSION else name
        extensions.append(name)
        if extension_options:
            configs[name] = extension_options
    if ENGINE_SNIPPETS_EXTENSION not in extensions:
        raise SettingsError(
            f"{config_file}: markdown_extensions lacks {SITE_SNIPPETS_EXTENSION}: the tocha plugin needs it "
            "(pymdownx.snippets that records what it includes) in place of pymdownx.snippets"
        )
    snippets = configs.setdefault(ENGINE_SNIPPETS_EXTENSION, {})
    base = snippets.get("base_path", ["."])
    snippets["base_path"] = [str(root / path) for path in ([base] if isinstance(base, str) else base)]
    languages = plugins.get("i18n", {}).get("languages") or [{"locale": "pt-BR", "default": True}]
    editions = sorted(
        (Edition(str(entry["locale"]), bool(entry.get("default"))) for entry in languages if entry.get("build", True)),
        key=lambda edition: not edition.default,
    )
    return EngineSettings(
        root=root,
        docs_dir=root / config.get("docs_dir", "docs"),
        cache_dir=cache_dir or root / options.get("cache_dir", DEFAULT_CACHE_DIR),
        time_limit=float(options.get("time_limit", DEFAULT_TIME_LIMIT)),
        threads=int(options.get("threads", DEFAULT_THREADS)),
        environment={str(name): str(value) for name, value in (options.get("environment") or {}).items()},
        locales_dir=root / options.get("locales_dir", DEFAULT_LOCALES_DIR),
        extensions=extensions,
        extension_configs=configs,
        editions=tuple(editions),
    )
