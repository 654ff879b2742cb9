"""Downloads, notebooks, API links and the API index on small sites built with the real configuration."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import nbformat
import pytest

from tests.site.test_dirty import first_difference, free_port, serving, site_files
from tests.site.test_editions import make_bilingual_site
from tests.conftest import build_site, make_site
from tocha.site.api_links import DocSite
from tocha.site.notebooks import code_cells

SNIPPET = (
    "# --8<-- [start:dados]\n"
    "import torch\n"
    "import torch.nn as nn\n"
    "\n"
    "x = torch.ones(3)\n"
    "print('soma:', x.sum().item())\n"
    "# --8<-- [end:dados]\n"
    "\n"
    "# --8<-- [start:camada]\n"
    "layer = nn.Linear(3, 1)\n"
    "open('curva.svg', 'w').write(\"<svg xmlns='http://www.w3.org/2000/svg'/>\")\n"
    "print('saída:', tuple(layer(x).shape))\n"
    "# --8<-- [end:camada]\n"
)
GUIDE = """# Guia

Veja o [índice](api.md) e a [camada](#camada).

```python exec="on" source="above" result="text" session="s"
--8<-- "demo/steps.py:dados"
```

## Camada { #camada }

```python exec="on" source="above" result="text" session="s"
--8<-- "demo/steps.py:camada"
```

Forma antiga, só mostrada:

```python
y = torch.zeros(2)
```

```python exec="on" source="above" result="text"
print("sozinho")
```
"""
INDEX = "---\napi_index: true\n---\n\n# Índice de APIs\n\n<!-- TOCHA-API-INDEX -->\n"
ROOTS = DocSite.installed().roots


def make_guide_site(root: Path) -> Path:
    """A guide page with three executed blocks (two of one session) and the API index page."""
    make_site(root, "  - guia.md\n  - api.md\n")
    (root / "snippets" / "demo").mkdir(parents=True)
    (root / "snippets" / "demo" / "steps.py").write_text(SNIPPET, encoding="utf-8")
    (root / "docs" / "guia.md").write_text(GUIDE, encoding="utf-8")
    (root / "docs" / "api.md").write_text(INDEX, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def guide_site(tmp_path_factory: pytest.TempPathFactory, python: str, build_env: dict[str, str]) -> Path:
    root = make_guide_site(tmp_path_factory.mktemp("guide"))
    result = build_site(root, python, build_env)
    assert result.returncode == 0, result.stderr
    return root


def test_the_page_offers_its_notebook_its_snippet_and_a_colab_link(guide_site: Path) -> None:
    page = (guide_site / "site" / "guia" / "index.html").read_text(encoding="utf-8")
    bar = re.search(r'<p class="tocha-downloads".*?</p>', page).group(0)
    assert bar == (
        '<p class="tocha-downloads" data-search-exclude><span class="tocha-downloads-label">Baixar:</span> '
        '<a class="tocha-download-notebook" href="guia.ipynb" download>notebook (.ipynb)</a> · '
        '<a class="tocha-download-code" href="steps.py" download title="Código do exemplo: steps.py">código (.py)</a> · '
        '<a class="tocha-colab" href="https://colab.research.google.com/github/tocha-wiki/tocha/blob/notebooks/guia/guia.ipynb">'
        "Abrir no Colab</a></p>"
    )
    assert page.index(bar) > page.index("</h1>"), "the bar is under the title"
    assert (guide_site / "site" / "guia" / "steps.py").read_text(encoding="utf-8") == SNIPPET.replace(
        "# --8<-- [start:dados]\n", ""
    ).replace("# --8<-- [end:dados]\n", "").replace("# --8<-- [start:camada]\n", "").replace("# --8<-- [end:camada]\n", "")


def test_the_notebook_has_the_pages_code_prose_and_outputs(guide_site: Path) -> None:
    text = (guide_site / "site" / "guia" / "guia.ipynb").read_text(encoding="utf-8")
    notebook = nbformat.reads(text, as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata.kernelspec.name == "python3"
    sections = re.findall(r"\[start:\w+\]\n(.*?)# --8<-- \[end", SNIPPET, re.DOTALL)
    assert code_cells(text) == [sections[0].strip(), sections[1].strip(), 'print("sozinho")']
    setup, conditions, *cells = notebook.cells
    assert "%pip install torch torchvision" in setup.source and setup.outputs == []
    assert conditions.metadata.tags == ["tocha-conditions"] and "torch.set_num_threads(1)" in conditions.source
    outputs = [cell.outputs for cell in cells if cell.cell_type == "code"]
    assert outputs[0] == [{"output_type": "stream", "name": "stdout", "text": "soma: 3.0\n"}]
    assert outputs[1][1] == {
        "output_type": "display_data",
        "data": {"image/svg+xml": "<svg xmlns='http://www.w3.org/2000/svg'/>"},
        "metadata": {},
    }
    prose = [cell.source for cell in cells if cell.cell_type == "markdown"]
    assert prose[0] == (
        "# Guia\n\nVeja o [índice](https://tocha-wiki.github.io/tocha/api/) e a "
        "[camada](https://tocha-wiki.github.io/tocha/guia/#camada)."
    )
    assert prose[1] == "## Camada"
    assert prose[2].startswith("Forma antiga, só mostrada:\n\n```python\ny = torch.zeros(2)\n```")
    assert prose[3].startswith("*Exemplo independente"), "the block that ran alone is announced"
    assert "/tmp/" not in text and str(guide_site) not in text


def test_api_names_link_to_the_docs_and_each_block_to_the_index(guide_site: Path) -> None:
    page = (guide_site / "site" / "guia" / "index.html").read_text(encoding="utf-8")
    torch_docs = ROOTS["torch"]
    assert (
        f'<a class="tocha-api" href="{torch_docs}generated/torch.nn.Linear.html" title="torch.nn.Linear">'
        '<span class="n">nn</span><span class="o">.</span><span class="n">Linear</span></a>'
    ) in page
    assert f'<a class="tocha-api" href="{torch_docs}generated/torch.Tensor.sum.html" title="torch.Tensor.sum">' in page
    # The code only shown (not executed) is linked too.
    assert f'<a class="tocha-api" href="{torch_docs}generated/torch.zeros.html" title="torch.zeros">' in page
    assert [match for match in re.findall(r'<div class="tocha-example" id="(ex-\d)">', page)] == ["ex-1", "ex-2", "ex-3"]
    second = page[page.index('id="ex-2"') : page.index('id="ex-3"')]
    assert second.count('<details class="tocha-apis" data-search-exclude><summary>APIs neste exemplo (2)</summary>') == 1
    backlinks = re.findall(r'href="\.\./api/#(api-[\w-]+)"', second)
    assert backlinks == ["api-torch-nn-Linear", "api-torch-Tensor-shape"]


def test_the_index_lists_each_api_with_its_blocks(guide_site: Path) -> None:
    index = (guide_site / "site" / "api" / "index.html").read_text(encoding="utf-8")
    assert "TOCHA-API-INDEX" not in index
    rows = dict(re.findall(r'<tr id="(api-[\w-]+)"><td>(.*?)</tr>', index))
    assert sorted(rows) == [
        "api-torch-Tensor-item",
        "api-torch-Tensor-shape",
        "api-torch-Tensor-sum",
        "api-torch-nn-Linear",
        "api-torch-ones",
    ], "the names only shown outside examples (torch.zeros) are not examples"
    assert rows["api-torch-nn-Linear"] == (
        f'<a href="{ROOTS["torch"]}generated/torch.nn.Linear.html"><code>torch.nn.Linear</code></a></td>'
        '<td><a href="../guia/#ex-2">Guia</a> (<a href="../guia/#ex-2" aria-label="exemplo 2 de Guia">2</a>)</td>'
    )
    assert "<strong>5</strong> APIs do PyTorch usadas em <strong>2</strong> exemplos de 1 páginas." in index


def test_a_second_build_writes_the_same_files(guide_site: Path, python: str, build_env: dict[str, str]) -> None:
    names = ["guia/index.html", "guia/guia.ipynb", "guia/steps.py", "api/index.html"]
    before = {name: (guide_site / "site" / name).read_bytes() for name in names}
    assert any((guide_site / ".cache" / "api").rglob("*.json")), "the resolved names are cached"
    result = build_site(guide_site, python, build_env)
    assert result.returncode == 0, result.stderr
    assert {name: (guide_site / "site" / name).read_bytes() for name in names} == before


def test_the_english_edition_offers_its_own_variant(tmp_path: Path, python: str, build_env: dict[str, str]) -> None:
    make_bilingual_site(tmp_path)
    result = build_site(tmp_path, python, build_env)
    assert result.returncode == 0, result.stderr
    english = tmp_path / "site" / "en"
    code = (english / "steps.py").read_text(encoding="utf-8")
    assert "'sum:'" in code and "soma" not in code and "--8<--" not in code
    notebook = json.loads((english / "index.ipynb").read_text(encoding="utf-8"))
    assert notebook["cells"][0]["source"][0].startswith('# Notebook of the Tocha page "Example"')
    assert notebook["cells"][1]["source"][0].startswith("# The outputs kept here come from the site's build: torch ")
    assert "".join(notebook["cells"][3]["outputs"][0]["text"]) == "sum: 6\n"
    page = (english / "index.html").read_text(encoding="utf-8")
    assert '<span class="tocha-downloads-label">Download:</span>' in page
    assert "https://colab.research.google.com/github/tocha-wiki/tocha/blob/notebooks/en/index.ipynb" in page
    assert (tmp_path / "site" / "index.ipynb").read_text(encoding="utf-8") != (english / "index.ipynb").read_text(
        encoding="utf-8"
    )


DIRTY_PAGES = {
    "index.md": "# Início\n\nPrimeira página.\n",
    "index.en.md": "# Home { #inicio }\n\nFirst page.\n",
    "guia.md": '# Guia\n\n```python exec="on" result="text"\nimport torch\nprint(torch.ones(2).sum())\n```\n',
    "guia.en.md": '# Guide { #guia }\n\n```python exec="on" result="text"\nimport torch\nprint(torch.ones(2).sum())\n```\n',
    "outra.md": '# Outra\n\n```python exec="on" result="text"\nimport torch\nprint(torch.eye(2).sum())\n```\n',
    "outra.en.md": '# Other { #outra }\n\n```python exec="on" result="text"\nimport torch\nprint(torch.eye(2).sum())\n```\n',
    "api.md": INDEX,
    "api.en.md": INDEX.replace("# Índice de APIs", "# API index { #indice-de-apis }"),
}


def test_a_dirty_serve_keeps_every_page_in_the_index(tmp_path: Path, python: str, build_env: dict[str, str]) -> None:
    root = make_site(tmp_path / "src", "  - index.md\n  - guia.md\n  - outra.md\n  - api.md\n", english=True)
    for name, text in DIRTY_PAGES.items():
        (root / "docs" / name).write_text(text, encoding="utf-8")
    port = free_port()
    with serving(root, python, build_env, port, "--dirty", timeout=120) as (site, next_build):
        for index in (site / "api" / "index.html", site / "en" / "api" / "index.html"):
            assert 'id="api-torch-eye"' in index.read_text(encoding="utf-8")
        outra = (site / "outra" / "index.html").stat().st_mtime_ns
        time.sleep(0.05)
        (root / "docs" / "guia.md").write_text(DIRTY_PAGES["guia.md"].replace("torch.ones", "torch.zeros"), encoding="utf-8")
        next_build()
        assert (site / "outra" / "index.html").stat().st_mtime_ns == outra, "the other page is not rendered again"
        index = (site / "api" / "index.html").read_text(encoding="utf-8")
        assert 'id="api-torch-eye"' in index, "the page not rendered again is still in the index"
        assert 'id="api-torch-zeros"' in index and 'id="api-torch-ones"' not in index, "the edited page's entries are new"
        dirty = site_files(site)
    with serving(root, python, build_env, port, timeout=120) as (clean_site, _):
        clean = site_files(clean_site)
    for name in ("api/index.html", "en/api/index.html"):
        assert dirty[name] == clean[name], first_difference(dirty[name].decode(), clean[name].decode())
