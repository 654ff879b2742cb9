"""The pt-BR ↔ English glossary, generated from the concept pages' front matter.

Each curated page lists the terms it introduces::

    terms:
      - pt: retropropagação
        en: backpropagation
        id: retropropagacao      # heading id of the section introducing it

The glossary page (front matter ``glossary: true``) gets a table of every term,
sorted the way a Portuguese reader looks them up (accents ignored), each
linking to the section of the page that introduces it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from tocha.site.labels import DEFAULT_LOCALE, LABELS, Labels
from tocha.site.pages import PageInfo, relative_link


class GlossaryError(ValueError):
    """A ``terms:`` entry is malformed."""


@dataclass(frozen=True)
class Term:
    """One glossary entry.

    Attributes:
        pt: The Portuguese term.
        en: The English term people search for.
        page: The page introducing it.
        anchor: The heading id on that page.
    """

    pt: str
    en: str
    page: PageInfo
    anchor: str


def fold(text: str) -> str:
    """Lowercase and strip accents, for sorting and accent-insensitive lookup ("Difusão" → "difusao")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def collect_terms(pages: list[PageInfo]) -> list[Term]:
    """Gather the ``terms:`` of every page, sorted by folded Portuguese term.

    Args:
        pages: Every page of the site.

    Returns:
        The terms.

    Raises:
        GlossaryError: If an entry lacks ``pt``, ``en`` or ``id``.
    """
    terms = []
    for page in pages:
        for number, entry in enumerate(page.meta.get("terms") or [], start=1):
            if not isinstance(entry, dict) or not all(entry.get(key) for key in ("pt", "en", "id")):
                raise GlossaryError(f"{page.uri}: terms entry {number} needs pt, en and id: {entry!r}")
            terms.append(Term(str(entry["pt"]), str(entry["en"]), page, str(entry["id"])))
    return sorted(terms, key=lambda term: (fold(term.pt), fold(term.en), term.page.uri))


def glossary_table(terms: list[Term], glossary_uri: str, labels: Labels = LABELS[DEFAULT_LOCALE]) -> str:
    """Render the glossary as a Markdown table linking each term to its section.

    Args:
        terms: The terms, in display order.
        glossary_uri: The glossary page's path (links are relative to it).
        labels: The edition's words; the table leads with, and sorts by, the
            term in ``labels.lead_term``'s language.

    Returns:
        Markdown to append to the glossary page.
    """
    other_term = "en" if labels.lead_term == "pt" else "pt"
    if labels.lead_term != "pt":  # collect_terms sorts by the Portuguese term
        terms = sorted(terms, key=lambda term: (fold(term.en), fold(term.pt), term.page.uri))
    rows = []
    for term in terms:
        lead, other = getattr(term, labels.lead_term), getattr(term, other_term)
        rows.append(f"| [{lead}]({relative_link(glossary_uri, term.page.uri)}#{term.anchor}) | *{other}* | {term.page.title} |")
    header = f"{labels.glossary_header}\n| --- | --- | --- |"
    return "\n\n" + "\n".join([header, *rows]) + "\n"
