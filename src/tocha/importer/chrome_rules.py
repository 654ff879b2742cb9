"""Rules that strip web-page chrome from plain text copied out of a browser.

A page copied from a web site (source ``004``, the IBM article) carries text
that is not part of the article: calls to action, newsletter prompts, image
alt text, "related content" boxes and footnote markers glued to words. The
plain-text converter removes them with the rules below, and only with them:
nothing is removed by hand, every removal can be traced to one named rule, and
each rule has a positive and a negative example in
``tests/importer/test_plaintext.py``.

Three kinds of rule:

* ``LineRule``: drops a whole line (the pattern must match the stripped line).
  ``scope="line"`` drops that line only; ``scope="block"`` also drops the
  paragraph that follows it (a promo box: a title and its blurb);
  ``scope="rest"`` drops everything from that line to the end of the text
  (a page footer; the footnote list is set aside before the rules run).
* ``InlineRule``: a substitution inside a line.
* ``FOOTNOTE_RULES``: inline rules that turn footnote markers glued to words
  into Markdown footnote references; they only run when the text ends with a
  footnote list, and only for numbers that list defines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class LineRule:
    """A rule that drops a chrome line (and maybe what follows it).

    Attributes:
        name: A short kebab-case name, used in tests and messages.
        pattern: Matched with ``fullmatch`` against the stripped line.
        scope: ``"line"``, ``"block"`` (the line and the next paragraph) or
            ``"rest"`` (the line and everything after it).
        why: Why this text is chrome and not content.
    """

    name: str
    pattern: re.Pattern[str]
    scope: Literal["line", "block", "rest"]
    why: str

    def matches(self, line: str) -> bool:
        """Tell whether the rule applies to a line.

        Args:
            line: One line of the source text.

        Returns:
            True when the stripped line matches the whole pattern.
        """
        return self.pattern.fullmatch(line.strip()) is not None


@dataclass(frozen=True)
class InlineRule:
    """A substitution inside a line of text.

    Attributes:
        name: A short kebab-case name.
        pattern: The regular expression to replace.
        replacement: The ``re.sub`` replacement template.
        why: Why the text is chrome (or how it was damaged).
    """

    name: str
    pattern: re.Pattern[str]
    replacement: str
    why: str

    def apply(self, text: str, accept: set[str] | None = None) -> str:
        """Apply the substitution.

        Args:
            text: A line or paragraph.
            accept: When given, a match is replaced only if its last group is
                in this set (footnote numbers the document defines).

        Returns:
            The text with the (accepted) matches replaced.
        """

        def replace(match: re.Match[str]) -> str:
            if accept is not None and match.group(match.lastindex or 0) not in accept:
                return match.group(0)
            return match.expand(self.replacement)

        return self.pattern.sub(replace, text)


# A call to action is short and has no final period: a sentence of the article
# that happens to start with "Explore" ends with one and is kept. Periods inside
# ("watsonx.ai") are allowed.
_CTA_TAIL = r"(?:\s.{0,60})?(?<![.!?])"

LINE_RULES: list[LineRule] = [
    LineRule(
        name="call-to-action",
        pattern=re.compile(rf"(?:Conheça|Explore|Saiba mais|Experimente|Inscreva-se|Leia mais){_CTA_TAIL}"),
        scope="line",
        why=(
            "Buttons and links such as 'Conheça o watsonx.ai' or 'Explore o ONNX' "
            "lead to other pages; copied as text they are an order without an object."
        ),
    ),
    LineRule(
        name="newsletter-prompt",
        pattern=re.compile(r"(Assinar|Assine|Receba) (os |o )?(boletins?|newsletters?)\b[^.]*"),
        scope="line",
        why="Newsletter sign-up prompts belong to the site, not to the article.",
    ),
    LineRule(
        name="related-content-label",
        pattern=re.compile(r"Conteúdo relacionado"),
        scope="line",
        why="The label of a box of links to other pages; the links themselves were not copied.",
    ),
    LineRule(
        name="image-alt-text",
        pattern=re.compile(
            r"(Gráfico|Imagem|Ilustração|Foto|Fotografia|Ícone) "
            r"(representando|mostrando|de|com|que mostra)\b[^.!?]{0,80}"
        ),
        scope="line",
        why=(
            "The alt text of a decorative image ('Gráfico representando um fluxo de "
            "dados'): a short description of a picture that is not in the copy. "
            "Headings such as 'Gráficos dinâmicos de computação' do not match "
            "(plural, and no describing verb or preposition after the noun)."
        ),
    ),
    LineRule(
        name="site-promo-box",
        pattern=re.compile(r"Código aberto na IBM"),
        scope="block",
        why=(
            "A promotional box of the IBM site (a title and one blurb about the "
            "company's open-source work) inserted into the article."
        ),
    ),
    LineRule(
        name="page-footer",
        pattern=re.compile(r"Soluções relacionadas|Dê o próximo passo"),
        scope="rest",
        why=(
            "From 'Soluções relacionadas' on, the page lists products, courses and "
            "trial offers: the article has ended. The footnote list is set aside "
            "before this rule runs, so it is kept."
        ),
    ),
]

INLINE_RULES: list[InlineRule] = [
    InlineRule(
        name="external-link-note",
        pattern=re.compile(r"\s*\(link fora do ibm\.com\)"),
        replacement="",
        why=(
            "'(link fora do ibm.com)' annotates a hyperlink; the copy kept the "
            "annotation but lost the link, so it refers to nothing."
        ),
    ),
]

# Footnote markers glued to the preceding word: the copy lost the superscript.
# The word before the marker must be all lowercase, which keeps names such as
# 'Python3' out; the converter also only accepts numbers that the footnote list
# at the end of the text defines.
FOOTNOTE_RULES: list[InlineRule] = [
    InlineRule(
        name="footnote-after-year",
        pattern=re.compile(r"\b([a-zà-ÿ]+)(\d{4})([1-9])(?=[.,;:!?]?(?:\s|$))"),
        replacement=r"\1 \2[^\3]",
        why=(
            "'em20221.' is 'em 2022' followed by footnote 1: the space before the "
            "year and the superscript were lost in the copy."
        ),
    ),
    InlineRule(
        name="footnote-after-word",
        pattern=re.compile(r"\b([a-zà-ÿ]{3,})([1-9])(?=[.,;:!?](?:\s|$))"),
        replacement=r"\1[^\2]",
        why="'isolada2.' is the word 'isolada' followed by footnote 2.",
    ),
]

# The heading of the footnote list at the end of a copied page, and one note.
FOOTNOTES_HEADING = re.compile(r"Notas de rodapé|Notas|Footnotes|Notes|Referências|References")
FOOTNOTE_LINE = re.compile(r"([1-9]\d?) (\S.*)")
