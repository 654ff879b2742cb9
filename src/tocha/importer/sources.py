"""Import the wiki's source documents as the "Fontes" pages, in both editions.

``sources.yml``, at the project root, describes each file of ``sources/``
(title, format, language, date, and the English texts) and lists its known
errors. From it, and from it only, ``tocha import sources`` writes, for the
pt-BR edition and for the English one (mkdocs-static-i18n's ``suffix`` layout:
``x.en.md`` beside ``x.md``):

* ``docs/fontes/<slug>.md`` and ``<slug>.en.md``: one page per source,
  converted like any file (``files.convert_file``, with the converter of its
  format), kept as written, with a "Correção" ("Correction") warning after each
  block that holds a listed error. The English page has the same converted
  text, in the source's own language, under an English title, notice and
  summary;
* ``docs/fontes/index.md`` and ``index.en.md``: the list of sources;
* ``docs/notas-de-revisao.md`` and ``notas-de-revisao.en.md``: one section per
  correction.

The importer's own words live in :data:`LABELS`, once per edition; the same
rendering functions write both editions from the locale, those words and the
entry's texts in that language. The English edition gives each heading the
pt-BR heading's id, so a reader who switches language keeps the section.

All pages are built in memory first: if any source fails, nothing is written.
The output depends only on the manifest and the sources, so running the import
twice gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TypeVar

import yaml
from markdown import Markdown
from markdown.extensions.toc import unique

from tocha.importer.base import ConversionError, Page
from tocha.importer.files import FORMATS, convert_file, located
from tocha.importer.markdown import block_end, code_lines, squeeze_blank_lines
from tocha.importer.writer import render_page, write_outputs

MANIFEST_FILE = "sources.yml"
"""The manifest's file name, at the project root."""
NOTES_PAGE = "notas-de-revisao.md"
"""The review notes page, under ``docs/`` (its pt-BR edition's path; links use it in both editions)."""
SOURCES_DIR = "fontes"
"""The folder of the source pages, under ``docs/``."""
DEFAULT_LOCALE = "pt-BR"
"""The site's main edition: its pages are ``x.md``, its texts the manifest's plain fields."""
EDITIONS = ("pt-BR", "en")
"""Every edition the importer writes, by locale (the main one first)."""

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SEE = re.compile(r"[a-z0-9/_-]+\.md(#[a-z0-9-]+)?")
# An explicit id on a heading line (attr_list): `## Title { #id }`.
_EXPLICIT_ID = re.compile(r"[ \t]*#{1,6}[ \t].*\{[^}]*#([^\s}]+)[^}]*\}[ \t]*")


@dataclass(frozen=True)
class Labels:
    """The importer's own words in one edition's language.

    ``{name}`` fields are filled in by the rendering functions: ``{file}``,
    ``{format}``, ``{language}`` (the notice), ``{notes}`` (the review notes
    page, relative to the page that links it) and ``{index}`` (the sources
    index, relative to the review notes).

    Attributes:
        languages: A source's language code → its name (in the notice).
        formats: A format → its name (in the notice and the index).
        date_kinds: ``created`` or ``updated`` → what the date is (in the index).
        changes: A format → what its conversion changed (told on each source page).
        notice_title: The title of the admonition at the top of a source page.
        notice: Its first sentence: which file, in what format and language.
        notice_marked: Its last sentence when the source has corrections.
        notice_unmarked: Its last sentence when it has none.
        summary: The label of the source's summary (shown where the entry has one).
        original_title: The label of the document's own title, where it differs.
        warning_title: The title of the warning after a block with an error.
        note_link: The warning's link text to its review note.
        see_label: The link text, on source pages and review notes, for a
            correction's corrected version (executed at build).
        index_title: The title of the sources index.
        index_intro: Its introduction.
        index_columns: Its table's column headers.
        notes_title: The title of the review notes.
        notes_intro: Their introduction.
        source_label: In a review note, the label of the source it is about.
        original_label: The label of the original text.
        correction_label: The label of what is right.
        reason_label: The label of why the original is wrong.
    """

    languages: dict[str, str]
    formats: dict[str, str]
    date_kinds: dict[str, str]
    changes: dict[str, str]
    notice_title: str
    notice: str
    notice_marked: str
    notice_unmarked: str
    summary: str
    original_title: str
    warning_title: str
    note_link: str
    see_label: str
    index_title: str
    index_intro: str
    index_columns: tuple[str, ...]
    notes_title: str
    notes_intro: str
    source_label: str
    original_label: str
    correction_label: str
    reason_label: str


LABELS: dict[str, Labels] = {
    "pt-BR": Labels(
        languages={"pt-BR": "português do Brasil", "en": "inglês"},
        formats={"zim": "página do wiki Zim", "markdown": "Markdown", "plaintext": "texto simples"},
        date_kinds={"created": "criação", "updated": "última atualização"},
        changes={
            "zim": "Só a marcação do Zim foi convertida para Markdown.",
            "markdown": (
                "O sumário em HTML foi retirado (o tema mostra o sumário da página) e as imagens "
                "remotas viraram links, para que o site não carregue nada de fora."
            ),
            "plaintext": (
                "Títulos, listas e notas de rodapé foram reconstruídos a partir do layout do texto, "
                "e o que era da página de origem e não do texto (chamadas para outros conteúdos, "
                "legendas de imagens, ofertas) foi retirado por regras documentadas em "
                "`src/tocha/importer/chrome_rules.py`."
            ),
        },
        notice_title="Fonte importada",
        notice="Esta página reproduz o arquivo `{file}` ({format}, em {language}) como foi escrito.",
        notice_marked=(
            "Os trechos com erro ou desatualizados continuam como estavam e são seguidos "
            "de um aviso **Correção**; as explicações estão nas [Notas de revisão]({notes})."
        ),
        notice_unmarked="Nenhuma correção foi necessária até agora (veja as [Notas de revisão]({notes})).",
        summary="Resumo",
        original_title="Título original",
        warning_title="Correção",
        note_link="Nota de revisão",
        see_label="Versão corrigida e executada",
        index_title="Fontes",
        index_intro=(
            "O conteúdo do Tocha foi escrito a partir dos documentos abaixo. Cada um é "
            "reproduzido aqui como foi escrito, para consulta; os erros conhecidos ficam "
            "no texto original, marcados com um aviso **Correção**, e são explicados nas "
            "[Notas de revisão]({notes}). As páginas do wiki que usam cada "
            "fonte aparecem no fim da página da fonte."
        ),
        index_columns=("Fonte", "Formato", "Idioma", "Data", "Descrição"),
        notes_title="Notas de revisão",
        notes_intro=(
            "As [fontes]({index}) do wiki são reproduzidas como foram escritas. "
            "Quando um trecho está errado ou desatualizado, ele continua na página da fonte, "
            "seguido de um aviso **Correção**, e é explicado aqui: de onde vem, o texto "
            "original, a correção e o motivo. As páginas do wiki usam a versão corrigida."
        ),
        source_label="Fonte",
        original_label="Original",
        correction_label="Correção",
        reason_label="Motivo",
    ),
    "en": Labels(
        languages={"pt-BR": "Brazilian Portuguese", "en": "English"},
        formats={"zim": "Zim wiki page", "markdown": "Markdown", "plaintext": "plain text"},
        date_kinds={"created": "created", "updated": "last updated"},
        changes={
            "zim": "Only the Zim markup was converted to Markdown.",
            "markdown": (
                "The HTML table of contents was removed (the theme shows the page's own) and remote "
                "images became links, so that the site loads nothing from elsewhere."
            ),
            "plaintext": (
                "Headings, lists and footnotes were rebuilt from the layout of the text, and what "
                "belonged to the original web page rather than to the text (links to other content, "
                "image captions, offers) was removed by the rules documented in "
                "`src/tocha/importer/chrome_rules.py`."
            ),
        },
        notice_title="Imported source",
        notice="This page reproduces the file `{file}` ({format}, in {language}) as it was written.",
        notice_marked=(
            "Passages that are wrong or out of date are left as they were, each followed by a "
            "**Correction** warning; the [review notes]({notes}) explain them."
        ),
        notice_unmarked="No correction has been needed so far (see the [review notes]({notes})).",
        summary="Summary",
        original_title="Original title",
        warning_title="Correction",
        note_link="Review note",
        see_label="Corrected, executed version",
        index_title="Sources",
        index_intro=(
            "Tocha's content was written from the documents below. Each one is reproduced "
            "here as it was written, for reference, in its own language (most are in Brazilian "
            "Portuguese); its page opens with a summary in English. Known errors stay in the "
            "original text, marked with a **Correction** warning, and are explained in the "
            "[review notes]({notes}). The wiki pages that draw on a source are listed at the "
            "end of that source's page."
        ),
        index_columns=("Source", "Format", "Language", "Date", "Description"),
        notes_title="Review notes",
        notes_intro=(
            "The wiki's [sources]({index}) are reproduced as they were written. When a passage "
            "is wrong or out of date, it stays on the source's page, followed by a **Correction** "
            "warning, and is explained here: where it comes from, the original text (quoted in "
            "its own language), the correction and the reason. The wiki's own pages use the "
            "corrected version."
        ),
        source_label="Source",
        original_label="Original",
        correction_label="Correction",
        reason_label="Reason",
    ),
}
"""The importer's words, one set per edition, by locale (the keys are :data:`EDITIONS`)."""


@dataclass(frozen=True)
class CorrectionTexts:
    """A correction's texts in one language.

    Attributes:
        title: A short heading.
        correction: What is right (one or two sentences).
        reason: Why the original is wrong or dated.
    """

    title: str
    correction: str
    reason: str


@dataclass(frozen=True)
class Correction:
    """A known error of a source, and what is right.

    Attributes:
        id: Kebab-case id, the anchor of its section in the review notes.
        title: A short heading (pt-BR).
        quote: The original text as it appears in the converted page (one line).
        correction: What is right (pt-BR, one or two sentences).
        reason: Why the original is wrong or dated (pt-BR).
        see: The wiki page (path under ``docs/``, optional ``#anchor``) with the
            corrected, executed version, or ``None``.
        english: The title, correction and reason in English (the manifest's
            ``title_en``, ``correction_en``, ``reason_en``); ``None`` only for
            entries built by hand that are never rendered in English.
    """

    id: str
    title: str
    quote: str
    correction: str
    reason: str
    see: str | None = None
    english: CorrectionTexts | None = None

    def texts(self, locale: str) -> CorrectionTexts:
        """The correction's texts in an edition's language.

        Args:
            locale: One of :data:`EDITIONS`.

        Returns:
            The title, correction and reason in that language.

        Raises:
            ValueError: An unknown locale, or English asked of an entry without it.
        """
        return _in_locale(
            locale, CorrectionTexts(self.title, self.correction, self.reason), self.english, f"correction {self.id}"
        )


@dataclass(frozen=True)
class SourceTexts:
    """A source's texts in one language.

    Attributes:
        title: The page title.
        description: One line, for the index and the page's front matter.
        summary: What the document is and covers, shown under the page's
            notice; ``None`` where the edition has none (pt-BR readers read the
            source itself).
    """

    title: str
    description: str
    summary: str | None = None


@dataclass(frozen=True)
class SourceEntry:
    """One entry of the manifest: a file of ``sources/`` and its pages.

    Attributes:
        file: The file name in ``sources/``.
        slug: The pages are ``docs/fontes/<slug>.md`` and ``<slug>.en.md``.
        title: The page title (pt-BR).
        format: ``zim``, ``markdown`` or ``plaintext``.
        language: The source's language, ``pt-BR`` or ``en``.
        description: One line for the index (pt-BR).
        date: ``YYYY-MM-DD`` or ``None`` when unknown.
        date_kind: ``created`` or ``updated`` (``None`` without a date).
        corrections: The known errors, in manifest order.
        english: The title, description and summary in English (the manifest's
            ``title_en``, ``description_en``, ``summary_en``); ``None`` only for
            entries built by hand that are never rendered in English.
    """

    file: str
    slug: str
    title: str
    format: str
    language: str
    description: str
    date: str | None = None
    date_kind: str | None = None
    corrections: tuple[Correction, ...] = field(default_factory=tuple)
    english: SourceTexts | None = None

    @property
    def page(self) -> str:
        """The pt-BR page's path under ``docs/`` (links use it in both editions)."""
        return f"{SOURCES_DIR}/{self.slug}.md"

    def texts(self, locale: str) -> SourceTexts:
        """The source's texts in an edition's language.

        Args:
            locale: One of :data:`EDITIONS`.

        Returns:
            The title, description and summary in that language.

        Raises:
            ValueError: An unknown locale, or English asked of an entry without it.
        """
        return _in_locale(locale, SourceTexts(self.title, self.description), self.english, f"source {self.file}")


_Texts = TypeVar("_Texts", SourceTexts, CorrectionTexts)


def _in_locale(locale: str, main: _Texts, english: _Texts | None, what: str) -> _Texts:
    """Pick an entry's texts for ``locale``: the main edition's, or the English ones."""
    if locale == DEFAULT_LOCALE:
        return main
    if locale != "en":
        raise ValueError(f"unknown edition {locale!r} (one of {', '.join(EDITIONS)})")
    if english is None:
        raise ValueError(f"{what} has no English texts")
    return english


def edition_file(name: str, locale: str) -> str:
    """The path of a page's edition: ``x.md`` for pt-BR, ``x.en.md`` for English.

    This is mkdocs-static-i18n's ``suffix`` layout: an edition's file sits beside
    the main one, with the locale before the extension.

    Args:
        name: The pt-BR page's path (``fontes/index.md``).
        locale: One of :data:`EDITIONS`.

    Returns:
        The edition's path.
    """
    return name if locale == DEFAULT_LOCALE else f"{name.removesuffix('.md')}.{locale}.md"


@dataclass
class ImportResult:
    """What an import produced.

    Attributes:
        files: Output path under ``docs/`` → file content (both editions).
        warnings: Messages from the converters, ``file[:line]: warning: message``.
        code_quotes: Ids of corrections whose quote lies in a code block.
    """

    files: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    code_quotes: set[str] = field(default_factory=set)


def load_manifest(path: Path) -> list[SourceEntry]:
    """Read and check ``sources.yml``.

    Args:
        path: The manifest file.

    Returns:
        The entries, in manifest order.

    Raises:
        ConversionError: The file cannot be read, a missing or malformed field
            (the English ones included), an unknown format or language, or a
            duplicate slug or correction id.
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConversionError(path, None, f"cannot read: {error.strerror or error}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise ConversionError(path, mark.line + 1 if mark else None, f"invalid YAML: {error}") from error
    entries = (data or {}).get("sources") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise ConversionError(path, None, "expected a non-empty 'sources:' list")
    sources = [_source(path, entry) for entry in entries]
    _check_unique(path, [s.slug for s in sources], "slug")
    _check_unique(path, [s.file for s in sources], "file")
    _check_unique(path, [c.id for s in sources for c in s.corrections], "correction id")
    return sources


def _source(path: Path, entry: object) -> SourceEntry:
    """Build one :class:`SourceEntry` from the manifest, checking every field."""
    if not isinstance(entry, dict):
        raise ConversionError(path, None, f"a source entry must be a mapping, not {entry!r}")
    name = entry.get("file", "?")
    need = _required(path, entry, f"source {name}")
    fmt, language = need("format"), need("language")
    if fmt not in FORMATS:
        raise ConversionError(path, None, f"source {name}: unknown format {fmt!r} (one of {sorted(FORMATS)})")
    if language not in LABELS[DEFAULT_LOCALE].languages:
        raise ConversionError(path, None, f"source {name}: unknown language {language!r}")
    date, date_kind = entry.get("date"), entry.get("date_kind")
    if date is not None and (not _DATE.fullmatch(str(date)) or date_kind not in LABELS[DEFAULT_LOCALE].date_kinds):
        raise ConversionError(path, None, f"source {name}: date must be 'YYYY-MM-DD' with date_kind created|updated")
    if not re.fullmatch(r"[a-z0-9-]+", need("slug")):
        raise ConversionError(path, None, f"source {name}: slug must be kebab-case")
    return SourceEntry(
        file=need("file"),
        slug=need("slug"),
        title=need("title"),
        format=fmt,
        language=language,
        description=need("description"),
        date=str(date) if date is not None else None,
        date_kind=date_kind if date is not None else None,
        corrections=tuple(_correction(path, name, c) for c in entry.get("corrections") or []),
        english=SourceTexts(need("title_en"), need("description_en"), need("summary_en")),
    )


def _correction(path: Path, source: str, entry: object) -> Correction:
    """Build one :class:`Correction`, checking its id and quote."""
    if not isinstance(entry, dict):
        raise ConversionError(path, None, f"source {source}: a correction must be a mapping")
    need = _required(path, entry, f"source {source}, correction {entry.get('id', '?')}")
    see = entry.get("see")
    if see is not None and not (isinstance(see, str) and _SEE.fullmatch(see)):
        raise ConversionError(path, None, f"correction {entry.get('id')}: 'see' must be a page like guias/x.md#anchor")
    correction = Correction(
        need("id"),
        need("title"),
        need("quote"),
        need("correction"),
        need("reason"),
        see,
        CorrectionTexts(need("title_en"), need("correction_en"), need("reason_en")),
    )
    if not _ID.fullmatch(correction.id):
        raise ConversionError(path, None, f"correction {correction.id!r}: id must be kebab-case")
    if "\n" in correction.quote:
        raise ConversionError(path, None, f"correction {correction.id}: the quote must be on one line")
    return correction


def _required(path: Path, entry: dict, where: str) -> Callable[[str], str]:
    """Return a getter that fails with a clear message on a missing or empty field."""

    def get(key: str) -> str:
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip():
            raise ConversionError(path, None, f"{where}: missing or empty field {key!r}")
        return value.strip()

    return get


def _check_unique(path: Path, values: list[str], what: str) -> None:
    """Fail on the first value that appears twice."""
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ConversionError(path, None, f"duplicate {what} {value!r}")
        seen.add(value)


def convert_entry(source: SourceEntry, sources_dir: Path) -> Page:
    """Convert one source file with the converter of its format (``files.convert_file``).

    Args:
        source: The manifest entry.
        sources_dir: The folder that holds the file.

    Returns:
        The converted page.

    Raises:
        ConversionError: The file cannot be read or converted.
    """
    # The README has no "#" title: the Markdown converter takes the entry's.
    title = source.title if source.format == "markdown" else None
    return convert_file(sources_dir / source.file, source.format, title=title)


def place_corrections(
    body: str, source: SourceEntry, path: Path, locale: str = DEFAULT_LOCALE
) -> tuple[str, set[str]]:
    """Put a "Correção" ("Correction") warning after each block that holds a correction's quote.

    The warning goes after the block that holds the quote's first occurrence
    (see ``markdown.block_end``: inside a list item, after a whole table or code
    block); the warnings of one block keep the manifest's order. Both editions
    place them at the same lines: only the warnings' words differ.

    Args:
        body: The converted page body.
        source: The manifest entry (its corrections, in order).
        path: The source file, for error messages.
        locale: The edition whose words the warnings use (one of :data:`EDITIONS`).

    Returns:
        The body with the warnings, and the ids whose quote is inside code.

    Raises:
        ConversionError: A quote is not found in the converted page.
    """
    lines = body.split("\n")
    is_code = code_lines(lines)
    # insertion line → (indent, corrections); several corrections can share a block
    anchors: dict[int, tuple[str, list[Correction]]] = {}
    in_code: set[str] = set()
    for correction in source.corrections:
        index = next((i for i, line in enumerate(lines) if correction.quote in line), None)
        if index is None:
            raise ConversionError(
                path, None, f"correction {correction.id}: quote not found in the converted page: {correction.quote!r}"
            )
        if is_code[index]:
            in_code.add(correction.id)
        end, indent = block_end(lines, index)
        anchors.setdefault(end, (indent, []))[1].append(correction)
    for end in sorted(anchors, reverse=True):  # from the bottom, so indexes stay valid
        indent, corrections = anchors[end]
        lines[end + 1 : end + 1] = [""] + _warning(corrections, indent, locale) + [""]
    return _tidy("\n".join(lines)), in_code


def _warning(corrections: list[Correction], indent: str, locale: str) -> list[str]:
    """The lines of the "Correção" admonitions, indented for their block."""
    labels = LABELS[locale]
    lines: list[str] = []
    for number, correction in enumerate(corrections):
        if number:
            lines.append("")
        text = " ".join(correction.texts(locale).correction.split())
        see = f" [{labels.see_label}](../{correction.see})." if correction.see else ""
        lines += [
            f'{indent}!!! warning "{labels.warning_title}"',
            f"{indent}    {text} [{labels.note_link}](../{NOTES_PAGE}#{correction.id}){see}",
        ]
    return lines


def _tidy(body: str) -> str:
    """Collapse runs of blank lines outside code and end with one newline."""
    return squeeze_blank_lines(body).strip("\n") + "\n"


class _HeadingIds:
    """The ids the site's build gives a page's headings, one heading at a time.

    The build's ``toc`` extension (Python-Markdown's, with its default slugify)
    gives a heading without an explicit id the slug of its text, made unique
    against every explicit id of the page and every id given before it. This
    class repeats that for the pt-BR headings the importer writes, so that the
    English edition can pin each of its headings to the pt-BR id.
    """

    def __init__(self, explicit: Iterable[str] = ()) -> None:
        self._used = set(explicit)
        self._markdown = Markdown(extensions=["toc", "attr_list"])

    def next(self, text: str) -> str:
        """The id of the page's next heading without an explicit id, whose pt-BR text is ``text``."""
        self._markdown.reset()
        # Convert the heading itself, so inline markup and entities are slugged as the build does.
        self._markdown.convert(f"# {text}")
        return unique(self._markdown.toc_tokens[0]["id"], self._used)


def _explicit_ids(lines: list[str], is_code: list[bool]) -> list[str]:
    """The ids written on the headings of a body (``## Title { #id }``), code excluded."""
    found = (_EXPLICIT_ID.fullmatch(line) for line, code in zip(lines, is_code) if not code)
    return [match[1] for match in found if match]


def _heading(level: int, text: str, main_text: str, locale: str, ids: _HeadingIds) -> str:
    """A heading whose id the build derives from its pt-BR text.

    The pt-BR edition leaves the id to the build (its pages stay as they were);
    another edition writes it explicitly (``## Sources { #fontes }``), since its
    text would give another slug.

    Args:
        level: 1 to 6.
        text: The heading in the edition's language.
        main_text: The same heading in pt-BR.
        locale: The edition.
        ids: The page's ids so far.

    Returns:
        The heading line.
    """
    anchor = ids.next(main_text)
    hashes = "#" * level
    return f"{hashes} {text}" if locale == DEFAULT_LOCALE else f"{hashes} {text} {{ #{anchor} }}"


def _own_title(source: SourceEntry, page: Page) -> str | None:
    """The document's own title, or ``None`` when it has none.

    A Markdown source without a ``#`` title gets the manifest's pt-BR title from
    its converter (:func:`convert_entry`), so that title is not the document's.
    A Markdown title equal to the manifest's cannot be told apart from it; it is
    taken as the manifest's.
    """
    title = page.title.strip()
    return None if source.format == "markdown" and title == source.title else title


def render_source_page(source: SourceEntry, page: Page, body: str, locale: str = DEFAULT_LOCALE) -> str:
    """The full text of a source page: front matter, title, notice, summary and body.

    Args:
        source: The manifest entry.
        page: The converted page (for its original title and front matter).
        body: The converted body with the corrections placed (in ``locale``'s words).
        locale: The edition (one of :data:`EDITIONS`).

    Returns:
        The file content.
    """
    labels, texts = LABELS[locale], source.texts(locale)
    meta: dict[str, object] = dict(page.meta)  # e.g. the Zim header's wiki_format and created
    meta.update(source_file=source.file, format=source.format, language=source.language)
    if source.date:
        meta["date"] = source.date
    meta["description"] = " ".join(texts.description.split())
    lines = body.split("\n")
    flags = code_lines(lines)
    heading = next(i for i, line in enumerate(lines) if not flags[i] and line.startswith("# "))
    # The title is the page's first heading: only the body's explicit ids come before it.
    ids = _HeadingIds(_explicit_ids(lines, flags))
    top = [_heading(1, texts.title, source.title, locale, ids), "", *_notice(source, locale)]
    if texts.summary:
        top += ["", f"**{labels.summary}:** {' '.join(texts.summary.split())}"]
    original = _own_title(source, page)
    if original is not None and original != texts.title:
        top += ["", f"**{labels.original_title}:** {original}"]
    lines[heading : heading + 1] = top
    return render_page(Page(title=texts.title, body=_tidy("\n".join(lines)), meta=meta))


def _notice(source: SourceEntry, locale: str) -> list[str]:
    """The admonition at the top of a source page: what the page is."""
    labels = LABELS[locale]
    notes = f"../{NOTES_PAGE}"
    marked = labels.notice_marked if source.corrections else labels.notice_unmarked
    what = labels.notice.format(
        file=source.file, format=labels.formats[source.format], language=labels.languages[source.language]
    )
    return [
        f'!!! info "{labels.notice_title}"',
        f"    {what} {labels.changes[source.format]} {marked.format(notes=notes)}",
    ]


def render_index(sources: list[SourceEntry], locale: str = DEFAULT_LOCALE) -> str:
    """The ``docs/fontes/index.md`` page (or an edition of it): one row per source.

    Args:
        sources: All manifest entries.
        locale: The edition (one of :data:`EDITIONS`).

    Returns:
        The file content.
    """
    labels = LABELS[locale]
    rows = []
    for source in sources:
        texts = source.texts(locale)
        title = f"[{texts.title}]({source.slug}.md)"
        date = f"{source.date} ({labels.date_kinds[source.date_kind]})" if source.date and source.date_kind else "—"
        description = " ".join(texts.description.split())
        rows.append(f"| {title} | {labels.formats[source.format]} | {source.language} | {date} | {description} |")
    body = "\n".join(
        [
            _heading(1, labels.index_title, LABELS[DEFAULT_LOCALE].index_title, locale, _HeadingIds()),
            "",
            labels.index_intro.format(notes=f"../{NOTES_PAGE}"),
            "",
            f"| {' | '.join(labels.index_columns)} |",
            f"| {' | '.join('---' for _ in labels.index_columns)} |",
            *rows,
        ]
    )
    return render_page(Page(title=labels.index_title, body=body))


def render_notes(sources: list[SourceEntry], code_quotes: set[str], locale: str = DEFAULT_LOCALE) -> str:
    """The ``docs/notas-de-revisao.md`` page (or an edition of it): one section per correction.

    Args:
        sources: All manifest entries.
        code_quotes: Ids of corrections whose quote is code (shown as code).
        locale: The edition (one of :data:`EDITIONS`).

    Returns:
        The file content.
    """
    labels = LABELS[locale]
    ids = _HeadingIds(c.id for s in sources for c in s.corrections)
    parts = [
        _heading(1, labels.notes_title, LABELS[DEFAULT_LOCALE].notes_title, locale, ids),
        "",
        labels.notes_intro.format(index=f"{SOURCES_DIR}/index.md"),
    ]
    for source in sources:
        if not source.corrections:
            continue
        title = source.texts(locale).title
        parts += ["", _heading(2, title, source.title, locale, ids)]
        for correction in source.corrections:
            texts = correction.texts(locale)
            parts += [
                "",
                f"### {texts.title} {{ #{correction.id} }}",
                "",
                f"**{labels.source_label}:** [{title}]({source.page}) (`{source.file}`)",
                "",
                f"**{labels.original_label}:**",
                "",
                _quoted(correction.quote, correction.id in code_quotes),
                "",
                f"**{labels.correction_label}:** {' '.join(texts.correction.split())}",
                "",
                f"**{labels.reason_label}:** {' '.join(texts.reason.split())}",
            ]
            if correction.see:
                parts += ["", f"**{labels.see_label}:** [{correction.see}]({correction.see})"]
    return render_page(Page(title=labels.notes_title, body="\n".join(parts)))


def _quoted(quote: str, is_code: bool) -> str:
    """Show an original quote: code as inline code, prose as a block quote."""
    if not is_code:
        return f"> {quote}"
    ticks = "`" * (max((len(run) for run in re.findall(r"`+", quote)), default=0) + 1)
    return f"{ticks} {quote} {ticks}" if quote.startswith("`") or quote.endswith("`") else f"{ticks}{quote}{ticks}"


def build(manifest: Path, sources_dir: Path) -> ImportResult:
    """Convert every source and render all pages of every edition, in memory.

    Args:
        manifest: ``sources.yml``.
        sources_dir: The ``sources/`` folder.

    Returns:
        The files to write (paths relative to ``docs/``) and the warnings.

    Raises:
        ConversionError: Any source or the manifest fails; nothing is returned.
    """
    sources = load_manifest(manifest)
    result = ImportResult()
    for source in sources:
        path = sources_dir / source.file
        page = convert_entry(source, sources_dir)  # once: both editions show the same text
        result.warnings += [located(warning, path) for warning in page.warnings]
        for locale in EDITIONS:
            body, in_code = place_corrections(page.body, source, path, locale)
            result.code_quotes |= in_code
            result.files[edition_file(source.page, locale)] = render_source_page(source, page, body, locale)
    for locale in EDITIONS:
        result.files[edition_file(f"{SOURCES_DIR}/index.md", locale)] = render_index(sources, locale)
        result.files[edition_file(NOTES_PAGE, locale)] = render_notes(sources, result.code_quotes, locale)
    return result


def import_sources(manifest: Path, sources_dir: Path, docs_dir: Path) -> ImportResult:
    """Build all pages, then write them under ``docs_dir`` (all or nothing; each file whole).

    Args:
        manifest: ``sources.yml``.
        sources_dir: The ``sources/`` folder.
        docs_dir: The ``docs/`` folder.

    Returns:
        The import result (files of both editions, warnings).

    Raises:
        ConversionError: Any source or the manifest fails; nothing is written.
        OSError: A page could not be written.
    """
    result = build(manifest, sources_dir)
    write_outputs({PurePosixPath(name): text.encode("utf-8") for name, text in result.files.items()}, docs_dir)
    return result
