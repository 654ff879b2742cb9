"""Import the wiki's source documents as the "Fontes" pages.

``scripts/sources.yml`` describes each file of ``sources/`` (title, format,
language, date) and lists its known errors. From it, and from it only, the
importer writes:

* ``docs/fontes/<slug>.md``: one page per source, converted by the converter
  of its format, kept as written, with a "Correção" warning after each block
  that holds a listed error;
* ``docs/fontes/index.md``: the list of sources;
* ``docs/notas-de-revisao.md``: one section per correction.

All pages are built in memory first: if any source fails, nothing is written.
The output depends only on the manifest and the sources, so running the import
twice gives the same bytes.
"""

from __future__ import annotations

import importlib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Callable

import yaml

from tocha.importer.base import ConversionError, Page
from tocha.importer.detect import read_source
from tocha.importer.markdown import LIST_ITEM, code_lines, squeeze_blank_lines
from tocha.importer.writer import render_page, write_outputs

FORMATS = {
    "zim": "tocha.importer.zim",
    "markdown": "tocha.importer.markdown",
    "plaintext": "tocha.importer.plaintext",
}
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
        "`scripts/tocha/convert/chrome_rules.py`."
    ),
}
NOTES_PAGE = "notas-de-revisao.md"
SOURCES_DIR = "fontes"

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_HEADING = re.compile(r"#{1,6}[ \t]")
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
class Source:
    """One entry of the manifest.

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
        skipped: Messages for sources that were not imported.
        warnings: Messages from the converters.
        code_quotes: Ids of corrections whose quote lies in a code block.
    """

    files: dict[str, str] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    code_quotes: set[str] = field(default_factory=set)


def load_manifest(path: Path) -> list[Source]:
    """Read and check ``sources.yml``.

    Args:
        path: The manifest file.

    Returns:
        The sources, in manifest order.

    Raises:
        ConversionError: A missing or malformed field, an unknown format or
            language, or a duplicate slug or correction id.
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
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


def _source(path: Path, entry: object) -> Source:
    """Build one :class:`Source` from its manifest entry, checking every field."""
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
    return Source(
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


def _converter(fmt: str) -> Callable[..., Page] | None:
    """The ``convert`` function of a format, or ``None`` if its module is missing."""
    module_name = FORMATS[fmt]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name != module_name:
            raise  # the converter exists but one of its imports is broken
        return None
    return module.convert


def convert_source(source: Source, sources_dir: Path) -> Page | None:
    """Convert one source file with the converter of its format.

    Args:
        source: The manifest entry.
        sources_dir: The folder that holds the file.

    Returns:
        The converted page, or ``None`` when the format's converter does not
        exist (yet).

    Raises:
        ConversionError: The file cannot be read or converted.
    """
    convert = _converter(source.format)
    if convert is None:
        return None
    path = sources_dir / source.file
    text = read_source(path)
    if source.format == "markdown":
        return convert(text, path, title=source.title)  # the README has no "#" title
    return convert(text, path)


def place_corrections(body: str, source: Source, path: Path) -> tuple[str, set[str]]:
    """Put a "Correção" warning after each block that holds a correction's quote.

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
        end, indent = _block_end(lines, is_code, index)
        anchors.setdefault(end, (indent, []))[1].append(correction)
    for end in sorted(anchors, reverse=True):  # from the bottom, so indexes stay valid
        indent, corrections = anchors[end]
        lines[end + 1 : end + 1] = [""] + _warning(corrections, indent) + [""]
    return _tidy("\n".join(lines)), in_code


def _block_end(lines: list[str], is_code: list[bool], index: int) -> tuple[int, str]:
    """Find the last line of the block holding line ``index``, and the warning's indent.

    Blocks are code fences, list items (the warning goes inside the item, so
    the list is not cut in two), table rows (after the whole table), headings
    and paragraphs.
    """
    last = len(lines) - 1
    if is_code[index]:
        end = index
        while end < last and is_code[end + 1] and not _opens_fence(lines, is_code, end + 1):
            end += 1
        start = index
        while start > 0 and is_code[start - 1] and not _opens_fence(lines, is_code, start):
            start -= 1
        return end, _indent(lines[start])
    item = _item_start(lines, is_code, index)
    if item is not None:
        end = index
        while end < last and lines[end + 1].strip() and not is_code[end + 1] and not LIST_ITEM.match(lines[end + 1]):
            end += 1
        marker = LIST_ITEM.match(lines[item])
        return end, (marker["indent"] if marker else "") + "    "
    if _HEADING.match(lines[index]):
        return index, ""
    end = index
    while end < last and lines[end + 1].strip() and not is_code[end + 1]:
        end += 1
    return end, _indent(lines[index])


def _opens_fence(lines: list[str], is_code: list[bool], index: int) -> bool:
    """Tell whether a code line opens a fence (the previous line is not code)."""
    return index == 0 or not is_code[index - 1]


def _item_start(lines: list[str], is_code: list[bool], index: int) -> int | None:
    """The line where the list item holding line ``index`` starts, if any."""
    while index >= 0 and lines[index].strip() and not is_code[index]:
        if LIST_ITEM.match(lines[index]):
            return index
        if _HEADING.match(lines[index]) or lines[index].lstrip().startswith("|"):
            return None
        index -= 1
    return None


def _indent(line: str) -> str:
    """The leading whitespace of a line."""
    return line[: len(line) - len(line.lstrip())]


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


def render_source_page(source: Source, page: Page, body: str) -> str:
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


def _notice(source: Source) -> list[str]:
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


def render_index(sources: list[Source], imported: set[str]) -> str:
    """The ``docs/fontes/index.md`` page: one row per source.

    Args:
        sources: All manifest entries.
        imported: Slugs of the sources that have a page in this import.

    Returns:
        The file content.
    """
    rows = []
    for source in sources:
        title = f"[{source.title}]({source.slug}.md)" if source.slug in imported else f"{source.title} (não importada)"
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


def render_notes(sources: list[Source], imported: set[str], code_quotes: set[str]) -> str:
    """The ``docs/notas-de-revisao.md`` page: one section per correction.

    Args:
        sources: All manifest entries.
        imported: Slugs of the sources that have a page in this import (the
            corrections of the others are left out: their quotes were not checked).
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
        if source.slug not in imported or not source.corrections:
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
        manifest: ``scripts/sources.yml``.
        sources_dir: The ``sources/`` folder.

    Returns:
        The files to write (paths relative to ``docs/``) and the messages.

    Raises:
        ConversionError: Any source or the manifest fails; nothing is returned.
    """
    sources = load_manifest(manifest)
    result = ImportResult()
    imported: set[str] = set()
    for source in sources:
        page = convert_source(source, sources_dir)
        if page is None:
            result.skipped.append(
                f"{source.file}: skipped: the {source.format} converter ({FORMATS[source.format]}) does not exist yet"
            )
            continue
        body, in_code = place_corrections(page.body, source, sources_dir / source.file)
        result.code_quotes |= in_code
        result.warnings += [f"{source.file}: {warning}" for warning in page.warnings]
        result.files[source.page] = render_source_page(source, page, body)
        imported.add(source.slug)
    result.files[f"{SOURCES_DIR}/index.md"] = render_index(sources, imported)
    result.files[NOTES_PAGE] = render_notes(sources, imported, result.code_quotes)
    return result


def write_files(files: dict[str, str], docs_dir: Path) -> None:
    """Write the pages under ``docs_dir`` (each whole or not at all).

    Args:
        files: Path relative to ``docs_dir`` → content.
        docs_dir: The ``docs/`` folder.
    """
    write_outputs({PurePosixPath(name): text.encode("utf-8") for name, text in files.items()}, docs_dir)


def import_sources(manifest: Path, sources_dir: Path, docs_dir: Path) -> ImportResult:
    """Build all pages, then write them (all or nothing).

    Args:
        manifest: ``scripts/sources.yml``.
        sources_dir: The ``sources/`` folder.
        docs_dir: The ``docs/`` folder.

    Returns:
        The import result (files, skipped sources, warnings).

    Raises:
        ConversionError: Any source or the manifest fails; nothing is written.
    """
    result = build(manifest, sources_dir)
    write_files(result.files, docs_dir)
    return result


def main(argv: list[str] | None = None) -> int:
    """Command line: import every source listed in ``scripts/sources.yml``.

    Args:
        argv: Arguments (``--root DIR`` to use another project root); defaults
            to ``sys.argv[1:]``.

    Returns:
        The exit status: 0 on success, 1 when a source or the manifest fails.
    """
    import argparse

    parser = argparse.ArgumentParser(description="Import sources/ as the docs/fontes/ pages.")
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[2], help="project root")
    args = parser.parse_args(argv)
    root: Path = args.root
    try:
        result = import_sources(root / "scripts" / "sources.yml", root / "sources", root / "docs")
    except ConversionError as error:
        print(f"error: {error}", file=sys.stderr)
        print("nothing was written", file=sys.stderr)
        return 1
    for message in result.skipped + result.warnings:
        print(message, file=sys.stderr)
    print(f"{len(result.files)} pages up to date in {root / 'docs'}")
    return 0
