"""A note's text is untrusted: nothing in it may run code on the site or at build.

Titles are safe as HTML text, link targets keep only the allowed schemes, lines
that would call the site's Markdown extensions stay text, and the raw HTML of a
Markdown source is sanitised (issue "The owner's notebook, safely").
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from mkdocstrings._internal.extension import AutoDocProcessor

from tests.importer.conftest import HEADER, site_markdown
from tocha.importer import markdown, plaintext, zim
from tocha.importer.base import ALLOWED_URL_SCHEMES, safe_title, url_allowed, url_scheme
from tocha.importer.writer import render_page

#: Elements and attributes that load or run something: none may reach a page.
UNSAFE_TAGS = {"script", "style", "iframe", "object", "embed", "svg", "math", "form", "input", "base", "meta", "link"}


def unsafe_html(text: str) -> list[str]:
    """What a browser would run or load in this HTML: unsafe tags, handlers, URLs of other schemes."""
    found: list[str] = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in UNSAFE_TAGS:
                found.append(f"<{tag}>")
            for key, value in attrs:
                if key.startswith("on") or key in ("style", "formaction", "srcdoc"):
                    found.append(f"{key}= on <{tag}>")
                if key in ("href", "src", "action") and value is not None and not url_allowed(value):
                    found.append(f"{key}={value!r} on <{tag}>")

    Parser(convert_charrefs=True).feed(text)
    return found


def zim_page(body: str, name: str = "Nota.txt"):
    return zim.convert(HEADER + body + "\n", Path(name))


# The helpers.


@pytest.mark.parametrize(
    ("title", "safe"),
    [
        ("T <img src=x onerror=alert(1)>", "T &lt;img src=x onerror=alert(1)&gt;"),
        ('Tom & "Jerry"', "Tom &amp; &quot;Jerry&quot;"),
        ("já &amp; escapado &#60; &lt;", "já &amp; escapado &#60; &lt;"),
        ("Ação: 1 < 2", "Ação: 1 &lt; 2"),
    ],
)
def test_safe_title(title: str, safe: str) -> None:
    assert safe_title(title) == safe
    assert safe_title(safe) == safe, "made safe twice, the same"


@pytest.mark.parametrize(
    ("href", "scheme"),
    [
        ("javascript://%0aalert(1)", "javascript"),
        ("JaVaScRiPt:alert(1)", "javascript"),
        ("java\tscript:alert(1)", "javascript"),
        ("java\nscript:alert(1)", "javascript"),
        (" \x01javascript:alert(1)", "javascript"),
        ("&#106;avascript:alert(1)", "javascript"),
        ("&#x6A;avascript:alert(1)", "javascript"),
        ("&#106avascript:alert(1)", "javascript"),
        ("ja&#x09;vascript:alert(1)", "javascript"),
        ("vbscript:msgbox(1)", "vbscript"),
        ("data:text/html,<script>", "data"),
        ("foo+bar:x", "foo+bar"),
        ("https://pytorch.org", "https"),
        ("mailto:a@b.org", "mailto"),
        ("file:///tmp/a", "file"),
        ("smb://srv/share", "smb"),
        ("pagina.md#secao", None),
        ("../a:b.md", None),
        ("//pytorch.org/x", None),
        ("&amp;#106;avascript:x", None),  # the browser decodes once: "&#106;avascript:x", a relative path
    ],
)
def test_url_scheme_is_read_as_a_browser_reads_it(href: str, scheme: str | None) -> None:
    assert url_scheme(href) == scheme
    assert url_allowed(href) == (scheme is None or scheme in ALLOWED_URL_SCHEMES)


def test_allowed_schemes_are_the_documented_ones() -> None:
    assert ALLOWED_URL_SCHEMES == {"http", "https", "mailto", "file", "smb"}


# Titles.


def test_zim_heading_title_is_html_safe_in_the_front_matter() -> None:
    page = zim_page("====== T <img src=x onerror=alert(1)> ======")
    assert page.title == "T &lt;img src=x onerror=alert(1)&gt;"
    front = yaml.safe_load(render_page(page).split("---\n")[1])
    assert front["title"] == page.title
    assert unsafe_html(f"<title>{front['title']}</title><a>{front['title']}</a>") == []
    assert "<img" not in site_markdown(page.body)


def test_zim_title_from_a_file_name_is_html_safe() -> None:
    page = zim_page("texto", name="T <img src=x onerror=alert(1)>.txt")
    assert page.title == "T &lt;img src=x onerror=alert(1)&gt;"
    assert page.body.startswith("# T &lt;img src=x onerror=alert(1)>\n")


def test_markdown_and_plaintext_titles_are_html_safe() -> None:
    assert markdown.convert("# A <b>b</b> & c\n", Path("x.md")).title == "A &lt;b&gt;b&lt;/b&gt; &amp; c"
    assert plaintext.convert('T <script>"x"\n\ntexto.\n', Path("x.txt")).title == "T &lt;script&gt;&quot;x&quot;"


# Zim links and images.


@pytest.mark.parametrize(
    ("text", "shown", "scheme"),
    [
        pytest.param("[[javascript://%0aalert(1)|click]]", "click", "javascript", id="link"),
        pytest.param("[[JaVaScRiPt://x|click]]", "click", "javascript", id="link-case"),
        pytest.param("[[vbscript://x|click]]", "click", "vbscript", id="vbscript"),
        pytest.param("[[mid:123@host|mensagem]]", "mensagem", "mid", id="message"),
        pytest.param("veja javascript://alert", "veja javascript://alert", "javascript", id="bare-url"),
        pytest.param("{{javascript://x}}", "x", "javascript", id="image"),
        pytest.param("{{./a.png?href=javascript://%0aalert(1)}}", "![a.png](a.png)", "javascript", id="image-href"),
    ],
)
def test_zim_link_of_another_scheme_is_text_with_a_warning(text: str, shown: str, scheme: str) -> None:
    page = zim_page(f"====== T ======\n{text}")
    assert page.body == f"# T\n\n{shown}\n"
    assert len(page.warnings) == 1
    assert page.warnings[0].startswith(f"Nota.txt:6: warning: link to a {scheme}: URL, a scheme the site does not")
    assert unsafe_html(site_markdown(page.body)) == []


def test_zim_allowed_links_are_kept() -> None:
    page = zim_page("[[https://x.org|x]] [[mailto:a@b.org|m]] file:///tmp/a [[\\\\srv\\share\\f|s]] [[./a.pdf|a]]")
    assert page.warnings == []
    html = site_markdown(page.body)
    for href in ("https://x.org", "mailto:a@b.org", "file:///tmp/a", "smb://srv/share/f", "a.pdf"):
        assert f'href="{href}"' in html


def test_zim_markup_in_labels_and_alt_text_stays_text() -> None:
    page = zim_page('[[https://x.org|<img src=x onerror=alert(1)>]] {{./f.png|" onerror="alert(1)}}')
    html = site_markdown(page.body)
    assert unsafe_html(html) == []
    assert "&lt;img src=x onerror=alert(1)&gt;</a>" in html
    assert 'alt="&quot; onerror=&quot;alert(1)"' in html


# Lines that would call the site's Markdown extensions.

ZIM_DIRECTIVES = [
    pytest.param("::: tocha.importer.zim", id="mkdocstrings"),
    pytest.param("!!! note", id="admonition"),
    pytest.param("??? note", id="details"),
    pytest.param("???+ note", id="details-open"),
    pytest.param('=== "Aba"', id="tabs"),
    pytest.param('--8<-- "x.md"', id="snippet"),
    pytest.param("--8<--", id="snippet-block"),
    pytest.param("/// note", id="pymdownx-block"),
    pytest.param("*[HTML]: Hyper Text", id="abbreviation"),
    pytest.param("[^1]: nota", id="footnote"),
    pytest.param("{: .classe }", id="attr-list"),
    pytest.param("<div markdown>x</div>", id="md-in-html"),
    pytest.param(": definição", id="definition"),
    pytest.param("[TOC]", id="toc"),
]


@pytest.mark.parametrize("line", ZIM_DIRECTIVES)
@pytest.mark.parametrize("where", ["paragraph", "list", "checkbox", "heading", "label"])
def test_zim_directive_lines_are_literal_text(line: str, where: str) -> None:
    text = {
        "paragraph": f"antes\n{line}",
        "list": f"* {line}",
        "checkbox": f"[ ] {line}",
        "heading": f"===== {line} =====",
        "label": f"[[/fora/do/caderno|{line}]]",  # a link that cannot be kept: its label alone on the line
    }[where]
    page = zim_page(f"====== T ======\n{text}")
    body = page.body
    assert AutoDocProcessor.regex.search(body) is None, "no API page"
    assert "\n--8<--" not in body and "\n;--8<--" not in body
    html = site_markdown(body)
    for construct in ('class="admonition', "<details", 'class="tabbed', "<abbr", 'class="footnote', "<dl>", "<div"):
        assert construct not in html, construct
    assert 'class="classe"' not in html and 'class="toc"' not in html
    shown = line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if where != "heading" and not (where == "paragraph" and line.startswith("==")):  # "=== x" is a Zim heading
        assert shown in html.replace("&#58;", ":").replace("&#63;", "?").replace("&#47;", "/"), html


def test_zim_snippet_markers_in_code_are_escaped_but_shown() -> None:
    page = zim_page("'''\n--8<-- \"x.md\"\n'''\n{{{code: lang=\"python3\"\n--8<--\n}}}")
    assert '\n;--8<-- "x.md"\n' in page.body and "\n;--8<--\n" in page.body


def test_zim_code_fences_carry_no_options_from_the_note() -> None:
    page = zim_page('{{{code: lang="python exec=on" }}}\nx\n}}}\n{{{code: lang="sh{ onclick=x}"\nls\n}}}')
    openers = [line for line in page.body.split("\n") if line.startswith("```") and line != "```"]
    assert openers == ["```pythonexecon", "```shonclickx"], "one word: a language, never an option"


# Markdown sources (``tocha import files``).


REL = 'rel="noopener noreferrer"'
DETAILS = "<details><summary>S</summary>\n\ntexto\n\n</details>"


def md_page(text: str):
    return markdown.convert(text + "\n", Path("fonte.md"), title="T")


@pytest.mark.parametrize(
    ("text", "kept", "warning"),
    [
        pytest.param("a <script>alert(1)</script> b", "a  b", "<script>", id="script"),
        pytest.param("<style>body{}</style>texto", "texto", "<style>", id="style"),
        pytest.param('<b onclick="alert(1)">x</b>', "<b>x</b>", "onclick= of <b>", id="handler"),
        pytest.param('<a href="javascript:alert(1)">x</a>', f"<a {REL}>x</a>", "javascript: URL", id="href"),
        pytest.param('<a href="&#106;avascript:alert(1)">x</a>', f"<a {REL}>x</a>", "javascript: URL", id="href-entity"),
        pytest.param('<img src="data:image/png;base64,AA" alt="i">', '<img alt="i">', "data: URL", id="img-data"),
        pytest.param('<iframe src="x"></iframe>fim', "fim", "<iframe>", id="iframe"),
        pytest.param("<!-- escondido -->visível", "visível", "a comment", id="comment"),
        pytest.param('<div markdown="1" style="x">y</div>', "<div>y</div>", "markdown= of <div>", id="md-in-html"),
        pytest.param(
            '<a href="https://x.org" title="t">x</a>', f'<a href="https://x.org" title="t" {REL}>x</a>', None, id="link"
        ),
        pytest.param(DETAILS, DETAILS, None, id="details"),
    ],
)
def test_markdown_raw_html_is_sanitised(text: str, kept: str, warning: str | None) -> None:
    page = md_page(text)
    assert page.body == f"# T\n\n{kept}\n"
    if warning is None:
        assert page.warnings == []
    else:
        assert len(page.warnings) == 1 and page.warnings[0].startswith("fonte.md:1: warning: raw HTML")
        assert warning in page.warnings[0]
    assert unsafe_html(site_markdown(page.body)) == []


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("[x](javascript:alert(1))", id="link"),
        pytest.param("[x](JaVaScRiPt:alert(1))", id="case"),
        pytest.param("[x]( &#106;avascript:alert(1))", id="entity"),
        pytest.param("[x](<java\tscript:alert(1)>)", id="tab-in-angle-brackets"),
        pytest.param("[x](<javascript:alert(1)>)", id="angle-brackets"),
        pytest.param("[x](<&#106;avascript:alert(1)>)", id="entity-in-angle-brackets"),
        pytest.param("[x]&#40;javascript:alert(1))", id="entity-parenthesis"),
        pytest.param("[x]<foo></foo>(javascript:alert(1))", id="tag-between"),
        pytest.param("![x](javascript:alert(1))", id="image"),
        pytest.param("![x](vbscript:x)", id="vbscript"),
        pytest.param("[r]: javascript:alert(1)\n\n[x][r]", id="reference"),
        pytest.param("[r]:\n    javascript:alert(1)\n\n[x][r]", id="reference-next-line"),
        pytest.param('[x](https://x.org){: href="javascript:alert(1)" }', id="attr-list-href"),
        pytest.param('parágrafo\n{: onclick="alert(1)" }', id="attr-list-handler"),
        pytest.param("`a` `<img src=x onerror=alert(1)>`", id="code-span"),
        pytest.param("a ` b\n`<img src=x onerror=alert(1)>` c", id="code-span-paired-elsewhere"),
        pytest.param("```c++ (x)\n<img src=x onerror=alert(1)>\n\n```", id="fence-the-site-would-not-read"),
        pytest.param("- item\n  ```\n<img src=x onerror=alert(1)>\n  ```", id="fence-not-indented-enough"),
        pytest.param("> ```\n> x\n```\n<script>alert(1)</script>\n```\n\n```\n```", id="fence-after-a-quote"),
        pytest.param("<div>\n<https://x.org/onmouseover=alert(1)//>\n</div>", id="autolink-in-html-block"),
    ],
)
def test_markdown_sources_reach_no_unsafe_html(text: str) -> None:
    page = md_page(text)
    assert unsafe_html(site_markdown(page.body)) == [], page.body
    if "<https:" not in text and "`" not in text:  # an autolink or a code span: nothing to remove
        assert page.warnings, "every removal is reported"
    assert all(warning.startswith("fonte.md:") for warning in page.warnings)


def test_markdown_allowed_links_and_autolinks_are_kept() -> None:
    page = md_page(
        "[a](https://x.org) [b](pagina.md#s) [c](mailto:a@b.org) <https://pytorch.org> <a@b.org>"
        " [d](<outra%20pagina.md>) [e](<https://x.org/a_b>)"  # CommonMark's destinations in angle brackets
    )
    assert page.warnings == []
    html = site_markdown(page.body)
    hrefs = ("https://x.org", "pagina.md#s", "mailto:a@b.org", "https://pytorch.org", "mailto:a@b.org", "outra%20pagina.md", "https://x.org/a_b")
    for href in hrefs:
        assert f'href="{href}"' in html


@pytest.mark.parametrize(
    "text",
    [
        '```python exec="on"\nprint(1)\n```',
        '```py exec="1" result="text"\nprint(1)\n```',
        '```{.python exec="true"}\nprint(1)\n```',
        '> ```python exec="on"\n> print(1)\n> ```',
        '````md\n```python exec="on"\n````',
    ],
)
def test_markdown_fences_never_run(text: str) -> None:
    page = md_page(text)
    assert "exec=" not in page.body
    assert page.body.count('title="Não executado: código original da fonte"') >= 1
    assert any("code fence options the site does not take" in warning for warning in page.warnings)


@pytest.mark.parametrize(
    ("text", "opener", "warned"),
    [
        ('```python hl_lines="2 3-4" linenums="1"', f'```python title="{markdown.NOT_RUN_TITLE}" hl_lines="2 3-4" linenums="1"', False),
        ('```c++ hl_lines="1" exec="on"', '```c++ hl_lines="1"', True),
        ('```js hl_lines="1 onclick"', "```js", True),
        ('```js { hl_lines="1" onclick="alert(1)" }', '```js hl_lines="1"', True),
    ],
)
def test_markdown_fences_keep_only_their_highlighted_lines_and_line_numbers(text: str, opener: str, warned: bool) -> None:
    page = md_page(f"{text}\na\nb\n```")
    assert page.body.split("\n")[2] == opener
    assert bool(page.warnings) == warned, page.warnings
    assert md_page(page.body).body == page.body, "the importer's own output is kept as it is"
    assert unsafe_html(site_markdown(page.body)) == []


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("::: os", "<span></span>::: os"),
        ("- ::: os", "- <span></span>::: os"),
        ("> ::: os", "> <span></span>::: os"),
        ("## ::: os", "## <span></span>::: os"),
        ('--8<-- "x.md"', '--8&lt;-- "x.md"'),
        ('```\n--8<-- "x.md"\n```', ';--8<-- "x.md"'),
    ],
)
def test_markdown_lines_that_call_the_site_are_escaped(text: str, line: str) -> None:
    body = md_page(text).body
    assert f"\n{line}\n" in body
    assert AutoDocProcessor.regex.search(body.replace("```\n;--8<--", "")) is None


def test_markdown_text_outside_html_is_unchanged() -> None:
    text = "> citação & ?a=1&section=2 &copy; &lt;b&gt; `a < b` **x** [l](https://x.org?a=1&b=2)"
    page = md_page(text)
    assert page.warnings == []
    html = site_markdown(page.body)
    assert "<blockquote>" in html and "&amp;section=2" in html and "©" in html and "&lt;b&gt;" in html
    assert "<code>a &#60; b</code>" in html and 'href="https://x.org?a=1&amp;b=2"' in html


def test_markdown_code_inside_fences_is_kept() -> None:
    code = '<script>alert(1)</script>\n[x](javascript:y)\n::: os\n{: onclick="z" }'
    body = md_page(f"```html\n{code}\n```").body
    assert f"```html\n{code}\n```" in body


# Plain text.


@pytest.mark.parametrize("line", ["::: os", "!!! note", "??? note", ": definição", "| a | b |", "---", "/// x"])
def test_plaintext_directive_lines_are_literal_text(line: str) -> None:
    body = plaintext.convert(f"T\n\nUm parágrafo.\n\n{line}\n\nOutro.\n", Path("x.txt")).body
    assert AutoDocProcessor.regex.search(body) is None
    html = site_markdown(body)
    for construct in ('class="admonition', "<details", "<dl>", "<table", "<hr"):
        assert construct not in html
