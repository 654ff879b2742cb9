"""One Zim construct in, the expected Markdown out (a page converted alone)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tocha.importer import zim

HEADER = "Content-Type: text/x-zim-wiki\nWiki-Format: zim 0.6\nCreation-Date: 2024-01-18T01:04:14-03:00\n\n"
TITLE = "====== T ======\n"


def body(snippet: str, name: str = "Foo_Bar.txt") -> str:
    """Convert a snippet as the body of a page titled T; return the Markdown after the title."""
    page = zim.convert(HEADER + TITLE + snippet, Path(name))
    assert page.body.startswith("# T\n\n")
    return page.body.removeprefix("# T\n\n").removesuffix("\n")


@pytest.mark.parametrize(
    ("zim_text", "markdown"),
    [
        pytest.param("**negrito**", "**negrito**", id="bold"),
        pytest.param("//itálico//", "*itálico*", id="italic"),
        pytest.param("__marca__", "==marca==", id="highlight"),
        pytest.param("~~risco~~", "~~risco~~", id="strike"),
        pytest.param("''x = 1''", "`x = 1`", id="verbatim"),
        pytest.param("''a`b''", "``a`b``", id="verbatim-with-backtick"),
        pytest.param("''`a''", "`` `a ``", id="verbatim-starting-with-backtick"),
        pytest.param("H_{2}O", "H~2~O", id="subscript"),
        pytest.param("x^{2}", "x^2^", id="superscript"),
        pytest.param("x^{a b}", "x^a\\ b^", id="superscript-with-space"),
        pytest.param("**a //b//**", "**a *b***", id="nested"),
        pytest.param("** a **", " **a** ", id="spaces-move-outside"),
        pytest.param("**not closed", "\\*\\*not closed", id="unclosed-bold"),
        pytest.param("//not closed", "//not closed", id="unclosed-italic"),
        pytest.param("__not closed", "\\_\\_not closed", id="unclosed-highlight"),
        pytest.param("''not closed", "''not closed", id="unclosed-verbatim"),
        pytest.param("a*b_c `d` [e] {f} ~g^", "a\\*b\\_c \\`d\\` \\[e\\] \\{f\\} \\~g\\^", id="escape-syntax"),
        pytest.param("x <div> &amp; a|b == c", "x &lt;div> &amp;amp; a\\|b \\=\\= c", id="escape-html"),
        pytest.param("C# e # x", "C\\# e \\# x", id="escape-hash"),
        pytest.param("- não é lista", "\\- não é lista", id="escape-dash-at-line-start"),
        pytest.param("> nem citação", "\\> nem citação", id="escape-quote-at-line-start"),
        pytest.param("!!! note", "\\!!! note", id="escape-admonition-at-line-start"),
        pytest.param("2024.", "2024\\.", id="escape-number-at-line-start"),
        pytest.param("a = b", "a = b", id="single-equals-kept"),
        pytest.param("veja https://pytorch.org/docs.", "veja <https://pytorch.org/docs>.", id="bare-url"),
        pytest.param("http://a.b/c//d//e", "<http://a.b/c//d//e>", id="slashes-in-url-not-italic"),
        pytest.param("//em http://a.b/c//", "*em <http://a.b/c>*", id="url-inside-italic"),
        pytest.param("a@b.com", "<a@b.com>", id="bare-email"),
        pytest.param("mailto:a@b.com", "<a@b.com>", id="bare-mailto"),
        pytest.param("@pytorch e @ml", "`@pytorch` e `@ml`", id="tags"),
        pytest.param("linha 1\nlinha 2 \nlinha 3", "linha 1  \nlinha 2  \nlinha 3", id="hard-line-breaks"),
        pytest.param("\t\trecuado", "recuado", id="paragraph-indent-dropped"),
    ],
)
def test_inline(zim_text: str, markdown: str) -> None:
    assert body(zim_text) == markdown


@pytest.mark.parametrize(
    ("zim_text", "markdown"),
    [
        pytest.param("[[https://x.org|X]]", "[X](https://x.org)", id="external-with-label"),
        pytest.param("[[https://x.org]]", "[https://x.org](https://x.org)", id="external"),
        pytest.param("[[mailto:a@b.com]]", "[a@b.com](mailto:a@b.com)", id="mailto"),
        pytest.param("[[a@b.com]]", "[a@b.com](mailto:a@b.com)", id="email"),
        pytest.param("[[Página]]", "[Página](pagina.md)", id="page"),
        pytest.param("[[Página|rótulo]]", "[rótulo](pagina.md)", id="page-with-label"),
        pytest.param("[[Deep_Learning:Tensores]]", "[Deep\\_Learning:Tensores](deep-learning/tensores.md)", id="namespace"),
        pytest.param("[[:Raiz:Página]]", "[:Raiz:Página](raiz/pagina.md)", id="absolute"),
        pytest.param("[[+Filho]]", "[+Filho](foo-bar/filho.md)", id="child"),
        pytest.param("[[Página#Funções Úteis]]", "[Página\\#Funções Úteis](pagina.md#funcoes-uteis)", id="anchor"),
        pytest.param("{{id: topo}}[[#topo|topo]]", '<a id="topo"></a>[topo](#topo)', id="same-page-anchor"),
        pytest.param("[[./doc.pdf|doc]]", "[doc](doc.pdf)", id="file"),
        pytest.param("{{./img.png?width=200}}", '![img.png](img.png){ width="200" }', id="image-width"),
        pytest.param("{{./img.png}}", "![img.png](img.png)", id="image"),
        pytest.param("{{./a b.png?height=9}}", '![a b.png](a%20b.png){ height="9" }', id="image-space"),
    ],
)
def test_links_and_images(zim_text: str, markdown: str) -> None:
    assert body(zim_text) == markdown


@pytest.mark.parametrize(
    ("zim_text", "markdown"),
    [
        pytest.param("====== Um ======", "# Um", id="h1"),
        pytest.param("===== Dois: =====", "## Dois:", id="h2-keeps-colon"),
        pytest.param("==== Três ====", "### Três", id="h3"),
        pytest.param("=== Quatro ===", "#### Quatro", id="h4"),
        pytest.param("== Cinco ==", "##### Cinco", id="h5"),
        # Zim counts at most six "=": seven still make a level-1 heading; the closing "=" are optional.
        pytest.param("======= Sete =======", "# Sete", id="seven-is-level-1"),
        pytest.param("=== Sem fecho", "#### Sem fecho", id="heading-without-closing"),
        pytest.param("= Um só =", "\\= Um só =", id="single-equals-is-text"),
        pytest.param("Título falso:\ntexto", "Título falso:  \ntexto", id="colon-line-is-paragraph"),
        pytest.param("* a\n* b", "- a\n- b", id="bullets"),
        pytest.param("1. a\n2. b", "1. a\n2. b", id="numbered"),
        pytest.param("a. x\nb. y", "1. x\n2. y", id="lettered"),
        pytest.param("* a\n\t* b\n\t\t* c\n* d", "- a\n    - b\n        - c\n- d", id="nested-by-tabs"),
        pytest.param("* a\n\t\t\t* b", "- a\n    - b", id="skipped-level-clamped"),
        pytest.param("[ ] aberto", "- [ ] aberto", id="checkbox-open"),
        pytest.param("[*] feito", "- [x] feito", id="checkbox-done"),
        pytest.param("[x] cancelado", "- [ ] ~~cancelado~~", id="checkbox-cancelled"),
        pytest.param("[>] adiado", "- [ ] adiado (→ migrado)", id="checkbox-migrated"),
        pytest.param("\t[ ] sub", "- [ ] sub", id="checkbox-first-item-indented"),
        pytest.param("* a\ntexto", "- a\n\ntexto", id="list-then-paragraph"),
        pytest.param("texto\n* a", "texto\n\n- a", id="paragraph-then-list"),
        pytest.param(
            "|h1|h2|h3|\n|:--|:-:|--:|\n|a|**b**|c\\|d|\n|e|",
            "| h1 | h2 | h3 |\n| :--- | :---: | ---: |\n| a | **b** | c\\|d |\n| e |  |  |",
            id="table",
        ),
        pytest.param("|a|b|\n|---|---|\n|x|[[P|l]]|", "| a | b |\n| --- | --- |\n| x | [l](p.md) |", id="table-link-with-pipe"),
        pytest.param("|**a**|\n|---|\n|**b**|", "| \\*\\*a\\*\\* |\n| --- |\n| **b** |", id="table-header-is-plain-text"),
        pytest.param("|a\\nb|\n|---|", "| a<br>b |\n| --- |", id="table-cell-newline"),
        pytest.param("|só texto|", "\\|só texto\\|", id="pipe-without-separator"),
        pytest.param("antes\n-----\ndepois", "antes\n\n---\n\ndepois", id="horizontal-rule"),
        pytest.param("antes\n----", "antes  \n\\----", id="four-dashes-are-text"),
        pytest.param("'''\nx = **1**\n\tb\n'''", "```\nx = **1**\n\tb\n```", id="verbatim-block"),
        pytest.param("'''\nuse ```\n'''", "````\nuse ```\n````", id="verbatim-with-fence"),
        pytest.param(
            '{{{code: lang="python3" linenumbers="True"\nprint(1)\n}}}',
            '```python title="Não executado: código de uma nota Zim"\nprint(1)\n```',
            id="code-python",
        ),
        pytest.param('{{{code: lang="sh"\nls\n}}}', "```sh\nls\n```", id="code-other-language"),
        pytest.param("{{{code:\nx\n}}}", "```\nx\n```", id="code-no-language"),
    ],
)
def test_blocks(zim_text: str, markdown: str) -> None:
    assert body(zim_text) == markdown


def test_cancelled_empty_checkbox_has_no_empty_strike() -> None:
    assert body("[x] ") == "- [ ]"


def test_tags_go_to_meta_sorted_and_unique() -> None:
    page = zim.convert(HEADER + "@zeta e @alfa, de novo @zeta\n", Path("x.txt"))
    assert page.meta["tags"] == ["alfa", "zeta"]
    assert "`@zeta` e `@alfa`" in page.body


def test_email_is_not_a_tag() -> None:
    page = zim.convert(HEADER + "a@b.com\n", Path("x.txt"))
    assert "tags" not in page.meta
