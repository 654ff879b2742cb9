"""The two editions of each page: pt-BR ``page.md`` and English ``page.en.md`` beside it.

mkdocs-static-i18n (``docs_structure: suffix``) serves ``page.md`` at ``/`` and
``page.en.md`` at ``/en/``. A reader who switches language keeps the page and the
section, so both files must have the same headings ids, in the same order: the
English file gives each heading the pt-BR heading's id explicitly
(``## Creating tensors { #criando-tensores }``).

``tocha check-editions [PAGE...]`` compares them while writing, without a build;
the test suite runs the same comparison over every page.

Imported notes (the pages of a folder an import wrote, which holds its
manifest) have no English edition: their author wrote them in one language.
The English edition shows them as written, with a notice (mkdocs-static-i18n's
fallback to the default edition, which also gives their attachments to both
editions); every other page must have its English file.
"""

from __future__ import annotations

import argparse
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import markdown

from tocha.examples.page_model import front_matter

from tocha.importer.manifest import MANIFEST_FILE
from tocha.site.labels import DEFAULT_LOCALE, Labels

log = logging.getLogger("tocha.site.editions")

EDITION_SUFFIX = ".en.md"
"""The suffix of an English page (mkdocs-static-i18n's ``suffix`` layout, locale ``en``)."""

_HEADING_EXTENSIONS = ["attr_list", "toc", "admonition", "pymdownx.details", "pymdownx.superfences", "md_in_html", "def_list"]


def _any_options(language: str, inputs: dict, options: dict, attrs: dict, md: markdown.Markdown) -> bool:
    return True


def _no_output(*args: object, **kwargs: object) -> str:
    return "<pre></pre>"


# The executed fences (``python exec="on" ...``) as superfences sees them in the build:
# without them, a fence with options would not close, and the headings after it would vanish.
_FENCES = [{"name": name, "class": name, "validator": _any_options, "format": _no_output} for name in ("python", "py")]


@dataclass(frozen=True)
class Heading:
    """One heading of a page.

    Attributes:
        level: 1 to 6.
        id: Its id in the built page.
        title: Its text.
    """

    level: int
    id: str
    title: str


def headings(text: str) -> list[Heading]:
    """Return a page's headings in order, with the ids the site's build gives them.

    Args:
        text: The page's Markdown, front matter included.

    Returns:
        Every heading, in page order.
    """
    body, _meta = front_matter(text)
    md = markdown.Markdown(
        extensions=_HEADING_EXTENSIONS, extension_configs={"pymdownx.superfences": {"custom_fences": _FENCES}}
    )
    md.convert(body)
    found: list[Heading] = []

    def walk(tokens: list[dict]) -> None:
        for token in tokens:
            found.append(Heading(token["level"], token["id"], token["name"]))
            walk(token["children"])

    walk(md.toc_tokens)
    return found


def english_page(page: Path) -> Path:
    """Return the English edition's path of a pt-BR page (``a/b.md`` → ``a/b.en.md``)."""
    return page.with_name(page.name[: -len(".md")] + EDITION_SUFFIX)


def pt_page(english: Path) -> Path:
    """Return the pt-BR page of an English edition (``a/b.en.md`` → ``a/b.md``)."""
    return english.with_name(english.name[: -len(EDITION_SUFFIX)] + ".md")


def edition_mismatches(page: Path) -> list[str]:
    """Compare a pt-BR page's heading ids with its English edition's.

    Args:
        page: The pt-BR page (``docs/.../x.md``).

    Returns:
        One readable line per difference, naming the file; empty when the ids match,
        in order. A missing English file is one difference.
    """
    english = english_page(page)
    if not english.is_file():
        return [f"{english}: missing (English edition of {page})"]
    source = headings(page.read_text(encoding="utf-8"))
    translated = headings(english.read_text(encoding="utf-8"))
    problems: list[str] = []
    for index in range(max(len(source), len(translated))):
        want = source[index] if index < len(source) else None
        got = translated[index] if index < len(translated) else None
        if want is None:
            problems.append(f"{english}: extra heading {got.title!r} {{ #{got.id} }} (not in {page})")
        elif got is None:
            problems.append(f"{english}: missing heading for {want.title!r}: add one with {{ #{want.id} }}")
        elif (want.level, want.id) != (got.level, got.id):
            problems.append(
                f"{english}: heading {index + 1} {got.title!r} is h{got.level} #{got.id}; "
                f"{page} has h{want.level} #{want.id}: write it as {'#' * want.level} {got.title} {{ #{want.id} }}"
            )
    return problems


def imported_folders(docs_dir: Path) -> list[str]:
    """The folders of ``docs_dir`` an import wrote (each holds an import manifest), as ``notas/`` prefixes, sorted."""
    return sorted(
        manifest.parent.relative_to(docs_dir).as_posix().rstrip("/") + "/" for manifest in docs_dir.rglob(MANIFEST_FILE)
    )


def is_imported(uri: str, folders: list[str]) -> bool:
    """Whether a page path under ``docs/`` (``notas/home.md``) lies in one of :func:`imported_folders`."""
    return any(folder == "./" or uri.startswith(folder) for folder in folders)


def pt_pages(docs_dir: Path) -> list[Path]:
    """Every pt-BR page under ``docs_dir`` that needs an English edition, sorted.

    Each ``.md`` that is not an English edition, except imported notes (see the module docstring).
    """
    folders = imported_folders(docs_dir)
    return sorted(
        path
        for path in docs_dir.rglob("*.md")
        if not path.name.endswith(EDITION_SUFFIX) and not is_imported(path.relative_to(docs_dir).as_posix(), folders)
    )


def _run_check(arguments: argparse.Namespace) -> int:
    named = [Path(page) for page in arguments.pages]
    # An English page given (docs/*.md matches both) stands for its pt-BR page.
    named = [pt_page(page) if page.name.endswith(EDITION_SUFFIX) else page for page in named]
    pages = list(dict.fromkeys(named)) or pt_pages(Path(arguments.docs_dir))
    problems = [problem for page in pages for problem in edition_mismatches(page)]
    for problem in problems:
        print(problem)
    if not problems:
        print(f"{len(pages)} page(s): both editions have the same heading ids")
    return 1 if problems else 0


def add_edition_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``tocha check-editions [PAGE...]`` to the top-level subcommands."""
    parser = commands.add_parser(
        "check-editions",
        help="check that each page's English edition has the pt-BR heading ids",
        description="Compare the heading ids of docs/x.md and docs/x.en.md (every page, or the PAGEs given).",
    )
    parser.add_argument("pages", nargs="*", metavar="PAGE", help="pt-BR pages (docs/x.md); default: every page")
    parser.add_argument("--docs-dir", default="docs", help="the docs folder (default: docs)")
    parser.set_defaults(run=_run_check)


# Words a Portuguese text can hardly avoid and English never uses (whole words, lower case).
_PORTUGUESE_WORDS = frozenset(
    "não são está também então porque para com uma um dos das nos nas pelo pela seu sua isso este esta "
    "época épocas perda acurácia saída entrada exemplo treino treinamento validação dispositivo média "
    "valores valor soma primeiro segundo tamanho modelo dados lote camada pesos gradiente".split()
)
_WORD = re.compile(r"[^\W\d_]+")
# Letters with marks that Portuguese uses and English words do not.
_PORTUGUESE_LETTERS = re.compile(r"[ãõçáéíóúâêôàÃÕÇÁÉÍÓÚÂÊÔÀ]")


def portuguese_words(text: str) -> list[str]:
    """The words of a text that show it is (partly) Portuguese, for the English edition's checks.

    Args:
        text: Code, output or prose meant to be English.

    Returns:
        The suspicious words, in order of appearance (empty for English text).
    """
    return [
        word
        for word in _WORD.findall(text)
        if word.lower() in _PORTUGUESE_WORDS or _PORTUGUESE_LETTERS.search(word)
    ]


def edition_prefixes(config: Any) -> tuple[str, list[str]]:
    """This build's edition URL prefix (``en/``; empty for the default one) and the other editions'."""
    i18n = config.plugins.get("i18n")
    if i18n is None or i18n.current_language is None:
        return "", []
    others = [prefix for prefix in edition_languages(config) if prefix]
    return ("" if i18n.current_language == i18n.default_language else f"{i18n.current_language}/"), others


def edition_languages(config: Any) -> dict[str, str]:
    """Each edition's URL prefix (``""``, ``en/``) → its language as ISO 639-1 names it (``pt``, ``en``)."""
    i18n = config.plugins.get("i18n")
    if i18n is None or i18n.current_language is None:
        return {"": DEFAULT_LOCALE.split("-")[0]}
    default = i18n.default_language
    return {
        ("" if language == default else f"{language}/"): language.split("-")[0].lower()
        for language in i18n.build_languages
    }


def untranslated_page(markdown: str, uri: str, edition: str, imported: bool, labels: Labels) -> str:
    """A page of the default edition shown in another one (mkdocs-static-i18n's fallback).

    An imported note is shown as its author wrote it, with the edition's notice
    under its title; any other page must have this edition's file: a warning
    (which fails the strict build) names it.

    Args:
        markdown: The page's Markdown.
        uri: Its path under ``docs/``.
        edition: The edition's URL prefix (``en/``).
        imported: Whether it is an imported note.
        labels: The edition's words.
    """
    language = edition.rstrip("/")
    if not imported:
        log.warning("page %s has no %s edition: write %s", uri, language, f"{uri.removesuffix('.md')}.{language}.md")
        return markdown
    notice = f'!!! info "{labels.untranslated_note_title}"\n    {labels.untranslated_note}\n'
    lines = markdown.splitlines(keepends=True)
    title = next((index for index, line in enumerate(lines) if line.startswith("# ")), None)
    if title is None:
        return f"{notice}\n{markdown}"
    return "".join(lines[: title + 1]) + f"\n{notice}\n" + "".join(lines[title + 1 :])
