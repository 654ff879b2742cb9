"""The words the build itself writes into pages, in each edition's language.

The ``tocha`` plugin adds text of its own to pages: the "Sources" box, the
list of pages built from a source, the glossary table's header, each executed
block's stamp and figure description, the execution report. Every such text is
here, once per language; the plugin picks the set of the edition it builds
(``theme.language``, which mkdocs-static-i18n sets per edition).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Labels:
    """The build's own words in one language (``{name}`` fields are filled in by the caller).

    ``lead_term`` is the glossary's first column and sort key: ``"pt"`` or ``"en"``.
    """

    lead_term: str
    sources_title: str
    sources_intro: str
    derived_heading: str
    derived_none: str
    glossary_header: str
    figure_alt: str
    stamp: str
    report_none: str
    report_summary: str
    report_header: str
    origin_failed: str


LABELS: dict[str, Labels] = {
    "pt-BR": Labels(
        lead_term="pt",
        sources_title="Fontes",
        sources_intro="Esta página foi escrita a partir de:",
        derived_heading="Páginas do wiki baseadas nesta fonte",
        derived_none="Nenhuma página do wiki cita esta fonte ainda.",
        glossary_header="| Português | English | Página |",
        figure_alt="Figura desenhada pelo exemplo ({name})",
        stamp="Executado com torch {torch} · {device}",
        report_none="Nenhum bloco foi executado neste build.",
        report_summary=(
            "Blocos: **{blocks}**, em {pages} páginas. O tempo de cada um, e se rodou neste build "
            "ou veio do cache, está em [`execution-report.json`]({json}), que muda a cada build."
        ),
        report_header="| Página | Snippet | Dispositivo | torch |",
        origin_failed="**falhou**",
    ),
    "en": Labels(
        lead_term="en",
        sources_title="Sources",
        sources_intro="This page was written from:",
        derived_heading="Wiki pages based on this source",
        derived_none="No wiki page cites this source yet.",
        glossary_header="| English | Português | Page |",
        figure_alt="Figure drawn by the example ({name})",
        stamp="Run with torch {torch} · {device}",
        report_none="No block was executed in this build.",
        report_summary=(
            "Blocks: **{blocks}**, on {pages} pages. Each one's run time, and whether it ran in this "
            "build or came from the cache, is in [`execution-report.json`]({json}), which changes at every build."
        ),
        report_header="| Page | Snippet | Device | torch |",
        origin_failed="**failed**",
    ),
}
"""Each edition's labels, by locale (the ``theme.language`` of its build)."""

DEFAULT_LOCALE = "pt-BR"


def labels_for(language: str | None) -> Labels:
    """The labels of a ``theme.language`` value: English for ``en``/``en-*``, pt-BR otherwise."""
    if language and language.split("-")[0].lower() == "en":
        return LABELS["en"]
    return LABELS[DEFAULT_LOCALE]
