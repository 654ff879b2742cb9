"""The examples' words in other languages: gettext catalogs of their comments and strings.

The examples in ``snippets/`` are written once, in pt-BR. Their comments and
string literals (printed labels, figure labels, docstrings) are extracted into
a gettext template, ``locales/snippets.pot``; each other language has a catalog
``locales/<locale>/LC_MESSAGES/snippets.po`` (Babel reads and writes both). At
build, the English edition includes a variant of each snippet with every
comment and string replaced by its translation, generated from the pt-BR file
and the catalog, so no second copy of an example is kept by hand. The variant
is executed and cached like any other block.

Every comment and every string with a letter in it is a message, even a name
like ``"cpu"``: its translation is then the same text. That way a new label can
never reach the English edition untranslated: a message without a translation
stops the build with the file and line. ``tocha snippets extract`` refreshes the
template and the catalogs after snippets change, keeping existing translations.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

DOMAIN = "snippets"
"""The gettext domain: ``locales/<locale>/LC_MESSAGES/snippets.po``."""

_STRING = re.compile(r"(?P<prefix>[A-Za-z]*)(?P<quote>'''|\"\"\"|'|\")(?P<body>.*)(?P=quote)\Z", re.DOTALL)
_LETTER = re.compile(r"[^\W\d_]")
# Comments that are notation, not prose: pymdownx.snippets section markers, tool pragmas.
_NOTATION = re.compile(r"#\s*(--8<--|noqa\b|type:|pragma\b|fmt:|!)")


class CatalogError(ValueError):
    """A snippet that cannot be translated (no translation, or not valid Python); names the file and line."""


@dataclass(frozen=True)
class Message:
    """One translatable piece of a snippet.

    Attributes:
        text: The comment's text (after ``# ``) or the string's body as written (escapes kept).
        line: Its first line in the file.
        start: Offset of the text in the file.
        end: Offset just after it.
    """

    text: str
    line: int
    start: int
    end: int


def messages(source: str, path: Path | str = "<snippet>") -> list[Message]:
    """Find every comment and string literal of a snippet that a translation could change.

    Args:
        source: The snippet's Python source.
        path: Its path, for error messages.

    Returns:
        The messages in file order. Byte strings, strings without a letter and
        notation comments (section markers, pragmas) are left out.

    Raises:
        CatalogError: The source is not valid Python.
    """
    offsets = [0]
    for line in source.splitlines(keepends=True):
        offsets.append(offsets[-1] + len(line))
    found: list[Message] = []
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError) as error:
        raise CatalogError(f"{path}: not valid Python: {error}") from error
    for token in tokens:
        start = offsets[token.start[0] - 1] + token.start[1]
        if token.type == tokenize.COMMENT and not _NOTATION.match(token.string):
            text = token.string[1:].lstrip(" ")
            skipped = len(token.string) - len(text)
            if _LETTER.search(text):
                found.append(Message(text, token.start[0], start + skipped, start + len(token.string)))
        elif token.type == tokenize.STRING:
            match = _STRING.match(token.string)
            if match and "b" not in match["prefix"].lower() and _LETTER.search(match["body"]):
                body_start = start + match.start("body")
                found.append(Message(match["body"], token.start[0], body_start, body_start + len(match["body"])))
    return found


def translate_source(source: str, catalog: Catalog, path: Path | str = "<snippet>") -> str:
    """Return a snippet with each comment and string replaced by its translation.

    Args:
        source: The pt-BR snippet.
        catalog: The language's catalog.
        path: The snippet's path, for error messages.

    Raises:
        CatalogError: A message has no translation (or a fuzzy one) in the catalog.
    """
    pieces: list[str] = []
    position = 0
    for message in messages(source, path):
        entry = catalog.get(message.text)
        if entry is None or not entry.string or entry.fuzzy:
            raise CatalogError(
                f"{path}:{message.line}: no {catalog.locale} translation for {message.text!r}: "
                f"run `tocha snippets extract`, then translate it in the {catalog.locale} catalog"
            )
        pieces += [source[position : message.start], entry.string]
        position = message.end
    pieces.append(source[position:])
    return "".join(pieces)


def template_catalog(snippets_dir: Path) -> Catalog:
    """Extract every snippet's messages into one template catalog (locations without line numbers)."""
    template = Catalog(project="Tocha", fuzzy=False)
    for path in sorted(snippets_dir.rglob("*.py")):
        relative = path.relative_to(snippets_dir).as_posix()
        for message in messages(path.read_text(encoding="utf-8"), path):
            template.add(message.text, locations=[(relative, None)])
    return template


def catalog_path(locales_dir: Path, locale: str) -> Path:
    """The path of a language's snippet catalog."""
    return locales_dir / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def load_catalog(locales_dir: Path, locale: str) -> Catalog | None:
    """Read a language's snippet catalog, or ``None`` when the language has none."""
    path = catalog_path(locales_dir, locale)
    if not path.is_file():
        return None
    with path.open("rb") as file:
        return read_po(file, locale=locale)


def _po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    # No line numbers, no dates: the files change only when a message does.
    write_po(buffer, catalog, width=100, include_lineno=False, omit_header=True, sort_output=True)
    return buffer.getvalue()


def extract(snippets_dir: Path, locales_dir: Path) -> list[Path]:
    """Refresh ``snippets.pot`` and every language's catalog from the snippets.

    New messages are added untranslated, vanished ones are dropped, existing
    translations are kept.

    Returns:
        The files rewritten (only those whose content changed).
    """
    template = template_catalog(snippets_dir)
    outputs = {locales_dir / f"{DOMAIN}.pot": template}
    for po in sorted(locales_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        locale = po.parent.parent.name
        catalog = load_catalog(locales_dir, locale)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        outputs[po] = catalog
    written = []
    for path, catalog in outputs.items():
        content = _po_bytes(catalog)
        if not path.is_file() or path.read_bytes() != content:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            written.append(path)
    return written


def untranslated(catalog: Catalog) -> list[str]:
    """The messages of a catalog that have no translation yet (or a fuzzy one)."""
    return [message.id for message in catalog if message.id and (not message.string or message.fuzzy)]


def edition_snippets_dir(cache_dir: Path, language: str, index: int = 0) -> Path:
    """Where a build writes a language's variant of its ``index``-th snippet folder: inside the execution cache.

    The snippet cases of the test suite write the same tree there, so the
    variants they run have the same text, and the same cache entries, as the build's.
    """
    return cache_dir / "snippets" / language / str(index)


def edition_snippet_name(cache_dir: Path, path: Path) -> str | None:
    """Name a translated variant after the snippet it comes from: ``concepts/x.py (en)``.

    Returns:
        The name, or ``None`` when ``path`` is not under :func:`edition_snippets_dir`'s folders.
    """
    try:
        language, _index, *parts = path.absolute().relative_to((cache_dir / "snippets").absolute()).parts
    except ValueError:
        return None
    return f"{'/'.join(parts)} ({language})"


class TranslatedSnippets:
    """A language's variant of the snippet folder, written beside the build and kept up to date.

    Args:
        snippets_dir: The pt-BR snippets.
        catalog: The language's catalog.
        out_dir: Where the variant tree is written (a build folder, not committed).
    """

    def __init__(self, snippets_dir: Path, catalog: Catalog, out_dir: Path) -> None:
        self.snippets_dir = snippets_dir
        self.catalog = catalog
        self.out_dir = out_dir

    def write(self) -> None:
        """Write the translated variant of every snippet; files already up to date are not touched.

        Raises:
            CatalogError: A message has no translation (the file and line are named).
        """
        wanted: set[Path] = set()
        for path in sorted(self.snippets_dir.rglob("*")):
            if not path.is_file() or "__pycache__" in path.parts:
                continue
            target = self.out_dir / path.relative_to(self.snippets_dir)
            wanted.add(target)
            if path.suffix == ".py":
                content = translate_source(path.read_text(encoding="utf-8"), self.catalog, path).encode("utf-8")
            else:
                content = path.read_bytes()
            if not target.is_file() or target.read_bytes() != content:
                target.parent.mkdir(parents=True, exist_ok=True)
                # Atomic: parallel test workers write the same tree, and read it.
                partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
                partial.write_bytes(content)
                os.replace(partial, target)
        for stale in [path for path in self.out_dir.rglob("*") if path.is_file() and path not in wanted and not path.name.endswith(".tmp")]:
            stale.unlink()


def edition_snippet_folders(base_paths: list[str], locales_dir: Path, language: str, cache_dir: Path) -> list[str]:
    """The snippet folders an edition's pages include from, for the site build and the engine alike.

    A language without a catalog reads ``base_paths`` as written; one with a
    catalog reads their translated variants, written (or brought up to date)
    now in the execution cache (:func:`edition_snippets_dir`).

    Raises:
        CatalogError: A comment or string has no translation (file and line named).
    """
    catalog = load_catalog(locales_dir, language)
    if catalog is None:
        return list(base_paths)
    folders = []
    for index, base in enumerate(base_paths):
        out_dir = edition_snippets_dir(cache_dir, language, index)
        TranslatedSnippets(Path(base), catalog, out_dir).write()
        folders.append(str(out_dir))
    return folders


def _run_extract(arguments: argparse.Namespace) -> int:
    locales_dir = Path(arguments.locales_dir)
    for path in extract(Path(arguments.snippets_dir), locales_dir):
        print(f"wrote {path}")
    for po in sorted(locales_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        count = len(untranslated(load_catalog(locales_dir, po.parent.parent.name)))
        print(f"{po}: {count} message(s) to translate")
    return 0


def add_snippet_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``tocha snippets extract`` to the top-level subcommands."""
    parser = commands.add_parser("snippets", help="translation catalogs of the examples")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    extract_parser = actions.add_parser(
        "extract",
        help="refresh locales/snippets.pot and each locales/<locale>/LC_MESSAGES/snippets.po from snippets/",
    )
    extract_parser.add_argument("--snippets-dir", default="snippets", help="the examples (default: snippets)")
    extract_parser.add_argument("--locales-dir", default="locales", help="the catalogs (default: locales)")
    extract_parser.set_defaults(run=_run_extract)
