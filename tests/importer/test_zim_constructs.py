"""Every construct of Zim's wiki syntax, converted and rendered with the site's Markdown extensions.

One row per construct of Zim's manual (Wiki Syntax, Links, Images, Tables,
Check Boxes, Objects, Anchors, Tags): the HTML the site shows for it. The
importer's reference page has the same table, for readers.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.importer.conftest import HEADER, site_markdown
from tocha.importer import zim


def rendered(body: str) -> str:
    page = zim.convert(HEADER + "====== T ======\n" + body + "\n", Path("Nota.txt"))
    return site_markdown(page.body)


@pytest.mark.parametrize(
    ("zim_text", "html"),
    [
        # Wiki Syntax: headings, inline markup, lists, verbatim, lines.
        pytest.param("===== Dois =====", '<h2 id="dois">Dois', id="heading"),
        pytest.param("== Cinco", '<h5 id="cinco">Cinco', id="heading-without-closing"),
        pytest.param("**b** //i// __m__ ~~s~~", "<strong>b</strong> <em>i</em> <mark>m</mark> <del>s</del>", id="styles"),
        pytest.param("''a **b**''", "<code>a **b**</code>", id="verbatim-inline"),
        pytest.param("H_{2}O e x^{2}", "H<sub>2</sub>O e x<sup>2</sup>", id="sub-sup"),
        pytest.param("a\nb", "<p>a<br />\nb</p>", id="line-break"),
        pytest.param("* a\n\t* b\n* c", "<li>a<ul>\n<li>b</li>\n</ul>\n</li>\n<li>c</li>", id="bullets"),
        pytest.param("\u2022 a", "<li>a</li>", id="bullet-dot"),
        pytest.param("1. a\n2. b", "<ol>\n<li>a</li>\n<li>b</li>\n</ol>", id="numbered"),
        pytest.param("a. x\nb. y", "<ol>\n<li>x</li>\n<li>y</li>\n</ol>", id="lettered-as-numbered"),
        pytest.param("'''\n**x**\n'''", "**x**", id="verbatim-block"),
        pytest.param("antes\n-----\ndepois", "<hr />", id="horizontal-line"),
        pytest.param("1 < 2 & [x] #y", "<p>1 &lt; 2 &amp; [x] #y</p>", id="plain-text-literal"),
        # Check Boxes.
        pytest.param("[ ] a", 'type="checkbox" disabled/><span class="task-list-indicator"></span></label> a', id="open"),
        pytest.param("[*] a", "disabled checked/>", id="done"),
        pytest.param("[x] a", "<del>a</del>", id="cancelled"),
        pytest.param("[>] a", "a (→ migrado)", id="migrated"),
        pytest.param("[<] a", "a (← transmigrado)", id="transmigrated"),
        # Links.
        pytest.param("[[Outra Página]]", '<a href="outra-pagina.md">Outra Página</a>', id="page"),
        pytest.param("[[:A:B|rótulo]]", '<a href="a/b.md">rótulo</a>', id="absolute-with-label"),
        pytest.param("[[+Filho]]", '<a href="nota/filho.md">+Filho</a>', id="child"),
        pytest.param("[[https://x.org|**x**]]", '<a href="https://x.org"><strong>x</strong></a>', id="url-markup-label"),
        pytest.param("https://x.org/a.", '<a href="https://x.org/a">https://x.org/a</a>.', id="bare-url"),
        pytest.param("www.x.org", '<a href="http://www.x.org">www.x.org</a>', id="www"),
        pytest.param("[[a@b.org]]", 'href="mailto:a@b.org"', id="email-link"),
        pytest.param("[[wp?Zim]]", '<a href="https://en.wikipedia.org/wiki/Zim">wp?Zim</a>', id="interwiki"),
        pytest.param("[[./doc.pdf]]", '<a href="doc.pdf">./doc.pdf</a>', id="file"),
        pytest.param("file:///tmp/a", '<a href="file:///tmp/a">file:///tmp/a</a>', id="file-uri"),
        pytest.param(r"[[\\srv\share\f]]", '<a href="smb://srv/share/f">', id="share"),
        # Images.
        pytest.param("{{./fig.png}}", '<img alt="fig.png" src="fig.png" />', id="image"),
        pytest.param("{{./fig.png|Figura}}", '<img alt="Figura" src="fig.png" />', id="image-alt"),
        pytest.param("{{./fig.png?width=20}}", 'width="20"', id="image-width"),
        pytest.param("{{./fig.png?href=Outra}}", '<a href="outra.md"><img alt="fig.png" src="fig.png" /></a>', id="image-href"),
        pytest.param("{{./eq.png?type=equation}}", '<img alt="eq.png" src="eq.png" />', id="equation"),
        pytest.param("{{https://x.org/f.png}}", '<a href="https://x.org/f.png">f.png</a>', id="remote-image-link"),
        # Tables.
        pytest.param(
            "|A <|B|\n|:--|--:|\n|**a**|b\\nc|",
            '<th style="text-align: left;">A</th>',
            id="table-align-wrap",
        ),
        pytest.param("|A|\n|---|\n|b\\nc|", "<td>b<br>c</td>", id="table-newline"),
        pytest.param("|A|\n|---|\n|x\\|y|", "<td>x|y</td>", id="table-pipe"),
        # Objects.
        pytest.param('{{{code: lang="python3"\nx = 1\n}}}', "Não executado: código de uma nota Zim", id="code-python"),
        pytest.param('{{{code: lang="sh"\nls\n}}}', '<div class="highlight"><pre><span></span><code>', id="code-other"),
        pytest.param("{{{table:\n|a|b|\n|---|---|\n|1|2|\n}}}", "<td>1</td>", id="table-object"),
        # Anchors and tags.
        pytest.param("x {{id: ancora}} y", '<a id="ancora"></a>', id="anchor"),
        pytest.param("==== H {{id: h}} ====", '<h3 id="h">H', id="anchor-in-heading"),
        pytest.param("{{./fig.png?id=fig}}", 'id="fig"', id="image-id"),
        pytest.param("@tag", "<code>@tag</code>", id="tag"),
    ],
)
def test_construct_renders(zim_text: str, html: str) -> None:
    assert html in rendered(zim_text)


def test_snippet_marker_in_code_stays_text() -> None:
    """A line pymdownx.snippets would take for an include is escaped, even in a code block."""
    page = zim.convert(HEADER + "'''\n--8<-- \"x.md\"\n'''\n", Path("n.txt"))
    assert '\n;--8<-- "x.md"\n' in page.body


def test_definition_and_details_syntax_stays_text() -> None:
    html = rendered("termo\n: não é definição\n??? note não é bloco")
    assert "<dl>" not in html and "<details" not in html
    # Character references: the reader sees ":" and "?".
    assert "&#58; não é definição" in html and "&#63;?? note" in html


TRICKY_PAGE = """===== Notas =====
===== Notas =====
===== Foo =====
===== Bar {{id: foo}} =====
===== 中文 =====
===== **Ação** & //reação// @tag =====
===== Dúvidas? ''x'' [[https://x.org|link]] H_{2}O =====
Âncoras {{id: notas}} {{id: bar}} {{id: solta}} {{./fig.png?id=fig}}
[[#notas]] [[#notas_1]] [[#foo]] [[#bar]] [[#中文]] [[#acao--reacao-tag]] [[#ação--reação-tag]]
[[#dúvidas-x-link-h2o]] [[#solta]] [[#fig]] [[#Notas]]
"""


def test_anchor_links_resolve_in_the_rendered_page() -> None:
    """Every #fragment the converter writes names an id the rendered page has (toc's ids, computed alike)."""
    page = zim.convert(HEADER + TRICKY_PAGE, Path("Pagina.txt"))
    html = site_markdown(page.body)
    ids = set(re.findall(r' id="([^"]+)"', html))
    fragments = re.findall(r'<a href="#([^"]+)">', html)  # the links of the text, not the permalinks
    assert len(fragments) == 9
    assert set(fragments) <= ids
    assert len(re.findall(r' id="([^"]+)"', html)) == len(ids), "no id twice"
    # Zim's rules: an explicit anchor wins over a heading of the same name, and it takes
    # no id a heading has ("notas", "notas_1" are the two "Notas" headings).
    assert '<a href="#notas_2">#notas</a>' in html and '<a id="notas_2"></a>' in html
    assert '<h2 id="foo_1">Foo' in html and '<a href="#foo">#foo</a>' in html  # "foo" is Bar's explicit id
    assert '<a href="#_1">#中文</a>' in html
    # Zim's implicit anchors keep accents: the unaccented one is missing, in Zim as here.
    assert page.warnings == [
        "Pagina.txt:13: warning: link to a missing anchor: #notas_1",
        "Pagina.txt:13: warning: link to a missing anchor: #acao--reacao-tag",
    ]
