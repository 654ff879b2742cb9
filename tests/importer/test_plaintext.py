"""Tests of the plain-text converter and of its chrome rules."""

from __future__ import annotations

import re
from pathlib import Path

import markdown as md
import pytest

from tocha.importer import chrome_rules
from tocha.importer.base import ConversionError
from tocha.importer.plaintext import convert, escape_markdown, split_footnotes, strip_chrome

ROOT = Path(__file__).resolve().parents[2]
ABOUT = ROOT / "sources" / "002_d43d870e7933037c.txt"
IBM = ROOT / "sources" / "004_385fd0f5a4b8ebd4.txt"
P = Path("x.txt")


def _rule(name: str) -> chrome_rules.LineRule:
    return next(rule for rule in chrome_rules.LINE_RULES if rule.name == name)


def _inline(name: str, rules: list[chrome_rules.InlineRule]) -> chrome_rules.InlineRule:
    return next(rule for rule in rules if rule.name == name)


# --- structure -------------------------------------------------------------


def test_title_headings_and_paragraphs() -> None:
    text = "My Title\n\nA first paragraph that is a sentence.\n\nKey Features:\n\nMore text here.\n"
    page = convert(text, P)
    assert page.title == "My Title"
    assert page.body == "# My Title\n\nA first paragraph that is a sentence.\n\n## Key Features:\n\nMore text here.\n"


def test_short_line_without_following_text_is_not_a_heading() -> None:
    body = convert("T\n\nSome text.\n\nThe end\n", P).body
    assert "## The end" not in body and body.endswith("\n\nThe end\n")


def test_long_or_period_lines_are_paragraphs() -> None:
    long_line = "This line has many words and so it cannot be a heading of the page at all"
    body = convert(f"T\n\n{long_line}\n\nShort sentence.\n\nNext.\n", P).body
    assert f"\n{long_line}\n" in body and "## Short sentence." not in body


def test_bullets_become_a_dash_list() -> None:
    body = convert("T\n\nIntro:\n\n  • one\n  • two\n\n  • three\n", P).body
    assert "- one\n- two\n- three" in body
    assert md.markdown(body).count("<li>") == 3


def test_numbered_items_keep_their_numbers() -> None:
    body = convert("T\n\nList\n\n  1. First: a.\n\n  2. Second: b.\n", P).body
    assert "1. First: a.\n2. Second: b." in body


def test_wrapped_line_continues_its_item() -> None:
    body = convert("T\n\n  • one\n    still one\n  • two\n", P).body
    assert "- one still one\n- two" in body


def test_paragraph_followed_by_bullets_in_one_block() -> None:
    body = convert("T\n\nIntro line.\n  • a\n", P).body
    assert "Intro line.\n\n- a" in body


def test_text_is_escaped_to_render_literally() -> None:
    assert escape_markdown("a_b *c* [x](y) <b>") == r"a\_b \*c\* \[x\](y) &lt;b>"
    assert escape_markdown("# no heading") == r"\# no heading"
    assert escape_markdown("1. not a list") == r"1\. not a list"
    assert escape_markdown("- not a list") == r"\- not a list"
    extensions = ["pymdownx.tilde", "pymdownx.caret", "pymdownx.mark"]
    html = md.markdown(escape_markdown("requires_grad=True, ~a~ ^b^ ==c== *d*"), extensions=extensions)
    assert "<em>" not in html and "<sub>" not in html and "<sup>" not in html and "<mark>" not in html
    assert "requires_grad=True" in html


@pytest.mark.parametrize(("text", "line"), [("", None), ("\n \n", None), ("T\n\na\x00b\n", 3)])
def test_bad_input(text: str, line: int | None) -> None:
    with pytest.raises(ConversionError) as error:
        convert(text, P)
    assert error.value.line == line


# --- chrome rules: one positive and one negative example each ---------------

LINE_CASES = {
    "call-to-action": ("Conheça o watsonx.ai", "Explore artigos, pesquisas e vídeos sobre o PyTorch."),
    "newsletter-prompt": ("Assinar boletins informativos da IBM", "Assinar um contrato exige cuidado."),
    "related-content-label": ("Conteúdo relacionado", "Conteúdo relacionado ao PyTorch aparece abaixo."),
    "image-alt-text": ("Gráfico representando um fluxo de dados", "Gráficos dinâmicos de computação"),
    "site-promo-box": ("Código aberto na IBM", "Código aberto na prática"),
    "page-footer": ("Soluções relacionadas", "Soluções relacionadas a tensores são comuns."),
}


def test_every_line_rule_has_a_test_case_and_a_reason() -> None:
    assert {rule.name for rule in chrome_rules.LINE_RULES} == set(LINE_CASES)
    for rule in chrome_rules.LINE_RULES + chrome_rules.INLINE_RULES + chrome_rules.FOOTNOTE_RULES:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name) and len(rule.why) > 20


@pytest.mark.parametrize("name", sorted(LINE_CASES))
def test_line_rule_positive_and_negative(name: str) -> None:
    positive, negative = LINE_CASES[name]
    assert _rule(name).matches(positive)
    assert not _rule(name).matches(negative)


def test_block_scope_drops_the_next_paragraph() -> None:
    lines = ["Código aberto na IBM", "", "De blockchain a contêineres.", "", "Tensores"]
    assert strip_chrome(lines) == ["", "Tensores"]


def test_rest_scope_drops_everything_after() -> None:
    assert strip_chrome(["Texto.", "Soluções relacionadas", "watsonx.ai", "Mais texto."]) == ["Texto."]


def test_external_link_note_rule() -> None:
    rule = _inline("external-link-note", chrome_rules.INLINE_RULES)
    assert rule.apply("usando o Torchscript (link fora do ibm.com), ajudando") == "usando o Torchscript, ajudando"
    assert rule.apply("um link (fora do texto)") == "um link (fora do texto)"


def test_footnote_after_year_rule() -> None:
    rule = _inline("footnote-after-year", chrome_rules.FOOTNOTE_RULES)
    assert rule.apply("um aumento de 22,5% em20221.", accept={"1"}) == "um aumento de 22,5% em 2022[^1]."
    assert rule.apply("em 2022.", accept={"1"}) == "em 2022."
    assert rule.apply("em20223.", accept={"1"}) == "em20223."  # no note 3


def test_footnote_after_word_rule() -> None:
    rule = _inline("footnote-after-word", chrome_rules.FOOTNOTE_RULES)
    assert rule.apply("uma instalação isolada2.", accept={"2"}) == "uma instalação isolada[^2]."
    assert rule.apply("com Python2.", accept={"2"}) == "com Python2."  # a name, not a marker
    assert rule.apply("isolada2 e mais", accept={"2"}) == "isolada2 e mais"


def test_footnote_list_is_split_off_and_markers_linked() -> None:
    text = "T\n\nCresceu em20221.\n\nNotas de rodapé\n\n1 Octoverse 2022 (link fora do ibm.com), Github\n"
    rest, notes = split_footnotes(text.split("\n")[1:])
    assert notes == {"1": "Octoverse 2022, Github"}
    assert "Notas de rodapé" not in rest
    body = convert(text, P).body
    assert "Cresceu em 2022[^1]." in body and body.endswith("[^1]: Octoverse 2022, Github\n")
    assert 'class="footnote"' in md.markdown(body, extensions=["footnotes"])


def test_no_footnote_list_means_no_marker_rewriting() -> None:
    assert "isolada2." in convert("T\n\nFicou isolada2.\n", P).body


# --- the real sources --------------------------------------------------------


def test_real_about_pytorch() -> None:
    page = convert(ABOUT.read_text(encoding="utf-8"), ABOUT)
    body = page.body
    assert page.title == "About PyTorch"
    assert "## Key Features of PyTorch:" in body and "## Use Cases of PyTorch:" in body
    assert "1. Dynamic Computational Graph:" in body and "8. Community and Resources:" in body
    assert "7. Research and Experimentation:" in body
    assert body.rstrip().endswith("experienced machine learning practitioners.")


IBM_HEADINGS = [
    "Como funciona o PyTorch?",
    "Python",
    "Tensores",
    "Módulos",
    "Gráficos dinâmicos de computação",
    "Diferenciação automática",
    "Conjuntos de dados e carregadores de dados",
    "Ecossistema PyTorch",
    "Torchvision",
    "TorchText",
    "Abrir troca de tráfego de rede neural",
    "Tutoriais",
    "Instalação e execução do PyTorch",
]
IBM_CHROME = [
    "Conheça o watsonx.ai",
    "Gráfico representando um fluxo de dados",
    "Código aberto na IBM",
    "De blockchain a contêineres",
    "Conteúdo relacionado",
    "Assinar boletins informativos",
    "Explore o",
    "Conheça o TorchText",
    "link fora do ibm.com",
    "Soluções relacionadas",
    "watsonx.data",
    "Inicie sua avaliação",
    "Notas de rodapé",
]


def test_real_ibm_article() -> None:
    page = convert(IBM.read_text(encoding="utf-8"), IBM)
    body = page.body
    assert page.title == "O que é PyTorch?" and body.startswith("# O que é PyTorch?\n")
    headings = re.findall(r"^## (.+)$", body, flags=re.MULTILINE)
    assert headings == IBM_HEADINGS
    for chrome in IBM_CHROME:
        assert chrome not in body, chrome
    assert "com um aumento de 22,5% em 2022[^1]." in body
    assert "em uma instalação isolada[^2]." in body
    assert "[^2]: PyTorch: Get Started – Start Locally" in body
    assert "- Um escalar é um tensor zero-dimensional" in body
    assert "requires\\_grad=True" in body


def test_real_ibm_article_keeps_every_content_sentence() -> None:
    body = convert(IBM.read_text(encoding="utf-8"), IBM).body
    plain = body.replace("\\", "").replace("[^1]", "").replace("[^2]", "")
    for sentence in (
        "o Python tornou-se código aberto em 2017",
        "Os módulos podem conter e geralmente contêm outros módulos aninhados.",
        "O PyTorch também pode ser executado em plataformas de nuvem",
        "É recomendado (mas não necessário) trabalhar com GPUs NVIDIA",
    ):
        assert sentence in plain
