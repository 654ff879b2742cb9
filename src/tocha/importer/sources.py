"""Import the wiki's source documents as the "Fontes" pages.

``sources.yml``, at the project root, describes each file of ``sources/``
(title, format, language, date) and lists its known errors. From it, and from
it only, ``tocha import sources`` writes:

* ``docs/fontes/<slug>.md``: one page per source, converted like any file
  (``files.convert_file``, with the converter of its format), kept as written,
  with a "Correção" warning after each block that holds a listed error;
* ``docs/fontes/index.md``: the list of sources;
* ``docs/notas-de-revisao.md``: one section per correction.

All pages are built in memory first: if any source fails, nothing is written.
The output depends only on the manifest and the sources, so running the import
twice gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml

from tocha.importer.base import ConversionError, Page
from tocha.importer.files import FORMATS, convert_file, located
from tocha.importer.markdown import block_end, code_lines, squeeze_blank_lines
from tocha.importer.writer import render_page, write_outputs

MANIFEST_FILE = "sources.yml"
"""The manifest's file name, at the project root."""
LANGUAGES = {"pt-BR": "português do Brasil", "en": "inglês"}
FORMAT_NAMES = {"zim": "página do wiki Zim", "markdown": "Markdown", "plaintext": "texto simples"}
DATE_KINDS = {"created": "criação", "updated": "última atualização"}
# What the conversion changed, per format (told on each source page).
CHANGES = {
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
}
NOTES_PAGE = "notas-de-revisao.md"
SOURCES_DIR = "fontes"

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SEE = re.compile(r"[a-z0-9/_-]+\.md(#[a-z0-9-]+)?")
#: Link text, on source pages and review notes, for a correction's corrected version.
SEE_LABEL = "Versão corrigida e executada"


@dataclass(frozen=True)
class Correction:
    """A known error of a source, and what is right.

    Attributes:
        id: Kebab-case id, the anchor of its section in the review notes.
        title: A short heading (pt-BR).
        quote: The original text as it appears in the converted page (one line).
        correction: What is right (pt-BR, one or two sentences).
        reason: Why the original is wrong or dated.
        see: The wiki page (path under ``docs/``, optional ``#anchor``) with the
            corrected, executed version, or ``None``.
    """

    id: str
    title: str
    quote: str
    correction: str
    reason: str
    see: str | None = None


@dataclass(frozen=True)
class SourceEntry:
    """One entry of the manifest: a file of ``sources/`` and its page.

    Attributes:
        file: The file name in ``sources/``.
        slug: The page is ``docs/fontes/<slug>.md``.
        title: The page title (pt-BR).
        format: ``zim``, ``markdown`` or ``plaintext``.
        language: ``pt-BR`` or ``en``.
        description: One line for the index (pt-BR).
        date: ``YYYY-MM-DD`` or ``None`` when unknown.
        date_kind: ``created`` or ``updated`` (``None`` without a date).
        corrections: The known errors, in manifest order.
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

    @property
    def page(self) -> str:
        """The page's path under ``docs/``."""
        return f"{SOURCES_DIR}/{self.slug}.md"


@dataclass
class ImportResult:
    """What an import produced.

    Attributes:
        files: Output path under ``docs/`` → file content.
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
        ConversionError: The file cannot be read, a missing or malformed field,
            an unknown format or language, or a duplicate slug or correction id.
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
    if language not in LANGUAGES:
        raise ConversionError(path, None, f"source {name}: unknown language {language!r}")
    date, date_kind = entry.get("date"), entry.get("date_kind")
    if date is not None and (not _DATE.fullmatch(str(date)) or date_kind not in DATE_KINDS):
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
    )


def _correction(path: Path, source: str, entry: object) -> Correction:
    """Build one :class:`Correction`, checking its id and quote."""
    if not isinstance(entry, dict):
        raise ConversionError(path, None, f"source {source}: a correction must be a mapping")
    need = _required(path, entry, f"source {source}, correction {entry.get('id', '?')}")
    see = entry.get("see")
    if see is not None and not (isinstance(see, str) and _SEE.fullmatch(see)):
        raise ConversionError(path, None, f"correction {entry.get('id')}: 'see' must be a page like guias/x.md#anchor")
    correction = Correction(need("id"), need("title"), need("quote"), need("correction"), need("reason"), see)
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


def place_corrections(body: str, source: SourceEntry, path: Path) -> tuple[str, set[str]]:
    """Put a "Correção" warning after each block that holds a correction's quote.

    The warning goes after the block that holds the quote's first occurrence
    (see ``markdown.block_end``: inside a list item, after a whole table or code
    block); the warnings of one block keep the manifest's order.

    Args:
        body: The converted page body.
        source: The manifest entry (its corrections, in order).
        path: The source file, for error messages.

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
        lines[end + 1 : end + 1] = [""] + _warning(corrections, indent) + [""]
    return _tidy("\n".join(lines)), in_code


def _warning(corrections: list[Correction], indent: str) -> list[str]:
    """The lines of the "Correção" admonitions, indented for their block."""
    lines: list[str] = []
    for number, correction in enumerate(corrections):
        if number:
            lines.append("")
        text = " ".join(correction.correction.split())
        see = f" [{SEE_LABEL}](../{correction.see})." if correction.see else ""
        lines += [
            f'{indent}!!! warning "Correção"',
            f"{indent}    {text} [Nota de revisão](../{NOTES_PAGE}#{correction.id}){see}",
        ]
    return lines


def _tidy(body: str) -> str:
    """Collapse runs of blank lines outside code and end with one newline."""
    return squeeze_blank_lines(body).strip("\n") + "\n"


def render_source_page(source: SourceEntry, page: Page, body: str) -> str:
    """The full text of a source page: front matter, title, notice and body.

    Args:
        source: The manifest entry.
        page: The converted page (for its original title and front matter).
        body: The converted body with the corrections placed.

    Returns:
        The file content.
    """
    meta: dict[str, object] = dict(page.meta)  # e.g. the Zim header's wiki_format and created
    meta.update(source_file=source.file, format=source.format, language=source.language)
    if source.date:
        meta["date"] = source.date
    meta["description"] = " ".join(source.description.split())
    lines = body.split("\n")
    flags = code_lines(lines)
    heading = next(i for i, line in enumerate(lines) if not flags[i] and line.startswith("# "))
    top = [f"# {source.title}", "", *_notice(source)]
    if page.title.strip() != source.title:
        top += ["", f"**Título original:** {page.title.strip()}"]
    lines[heading : heading + 1] = top
    return render_page(Page(title=source.title, body=_tidy("\n".join(lines)), meta=meta))


def _notice(source: SourceEntry) -> list[str]:
    """The admonition at the top of a source page: what the page is."""
    if source.corrections:
        marked = (
            f"Os trechos com erro ou desatualizados continuam como estavam e são seguidos "
            f"de um aviso **Correção**; as explicações estão nas [Notas de revisão](../{NOTES_PAGE})."
        )
    else:
        marked = f"Nenhuma correção foi necessária até agora (veja as [Notas de revisão](../{NOTES_PAGE}))."
    return [
        '!!! info "Fonte importada"',
        f"    Esta página reproduz o arquivo `{source.file}` ({FORMAT_NAMES[source.format]}, "
        f"em {LANGUAGES[source.language]}) como foi escrito. {CHANGES[source.format]} {marked}",
    ]


def render_index(sources: list[SourceEntry]) -> str:
    """The ``docs/fontes/index.md`` page: one row per source.

    Args:
        sources: All manifest entries.

    Returns:
        The file content.
    """
    rows = []
    for source in sources:
        title = f"[{source.title}]({source.slug}.md)"
        date = f"{source.date} ({DATE_KINDS[source.date_kind]})" if source.date and source.date_kind else "—"
        description = " ".join(source.description.split())
        rows.append(
            f"| {title} | {FORMAT_NAMES[source.format]} | {source.language} | {date} | {description} |"
        )
    body = "\n".join(
        [
            "# Fontes",
            "",
            "O conteúdo do Tocha foi escrito a partir dos documentos abaixo. Cada um é "
            "reproduzido aqui como foi escrito, para consulta; os erros conhecidos ficam "
            "no texto original, marcados com um aviso **Correção**, e são explicados nas "
            f"[Notas de revisão](../{NOTES_PAGE}). As páginas do wiki que usam cada "
            "fonte aparecem no fim da página da fonte.",
            "",
            "| Fonte | Formato | Idioma | Data | Descrição |",
            "| --- | --- | --- | --- | --- |",
            *rows,
        ]
    )
    return render_page(Page(title="Fontes", body=body))


def render_notes(sources: list[SourceEntry], code_quotes: set[str]) -> str:
    """The ``docs/notas-de-revisao.md`` page: one section per correction.

    Args:
        sources: All manifest entries.
        code_quotes: Ids of corrections whose quote is code (shown as code).

    Returns:
        The file content.
    """
    parts = [
        "# Notas de revisão",
        "",
        "As [fontes](fontes/index.md) do wiki são reproduzidas como foram escritas. "
        "Quando um trecho está errado ou desatualizado, ele continua na página da fonte, "
        "seguido de um aviso **Correção**, e é explicado aqui: de onde vem, o texto "
        "original, a correção e o motivo. As páginas do wiki usam a versão corrigida.",
    ]
    for source in sources:
        if not source.corrections:
            continue
        parts += ["", f"## {source.title}"]
        for correction in source.corrections:
            parts += [
                "",
                f"### {correction.title} {{ #{correction.id} }}",
                "",
                f"**Fonte:** [{source.title}]({source.page}) (`{source.file}`)",
                "",
                "**Original:**",
                "",
                _quoted(correction.quote, correction.id in code_quotes),
                "",
                f"**Correção:** {' '.join(correction.correction.split())}",
                "",
                f"**Motivo:** {' '.join(correction.reason.split())}",
            ]
            if correction.see:
                parts += ["", f"**{SEE_LABEL}:** [{correction.see}]({correction.see})"]
    return render_page(Page(title="Notas de revisão", body="\n".join(parts)))


def _quoted(quote: str, is_code: bool) -> str:
    """Show an original quote: code as inline code, prose as a block quote."""
    if not is_code:
        return f"> {quote}"
    ticks = "`" * (max((len(run) for run in re.findall(r"`+", quote)), default=0) + 1)
    return f"{ticks} {quote} {ticks}" if quote.startswith("`") or quote.endswith("`") else f"{ticks}{quote}{ticks}"


def build(manifest: Path, sources_dir: Path) -> ImportResult:
    """Convert every source and render all pages, in memory.

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
        page = convert_entry(source, sources_dir)
        body, in_code = place_corrections(page.body, source, path)
        result.code_quotes |= in_code
        result.warnings += [located(warning, path) for warning in page.warnings]
        result.files[source.page] = render_source_page(source, page, body)
    result.files[f"{SOURCES_DIR}/index.md"] = render_index(sources)
    result.files[NOTES_PAGE] = render_notes(sources, result.code_quotes)
    return result


def import_sources(manifest: Path, sources_dir: Path, docs_dir: Path) -> ImportResult:
    """Build all pages, then write them under ``docs_dir`` (all or nothing; each file whole).

    Args:
        manifest: ``sources.yml``.
        sources_dir: The ``sources/`` folder.
        docs_dir: The ``docs/`` folder.

    Returns:
        The import result (files, warnings).

    Raises:
        ConversionError: Any source or the manifest fails; nothing is written.
        OSError: A page could not be written.
    """
    result = build(manifest, sources_dir)
    write_outputs({PurePosixPath(name): text.encode("utf-8") for name, text in result.files.items()}, docs_dir)
    return result
