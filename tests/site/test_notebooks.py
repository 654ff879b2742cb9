"""A page as a notebook: its prose cut at the executed blocks, plain Markdown, a setup cell, the build's outputs."""

from __future__ import annotations

import base64
import json

import nbformat
import pytest

from tocha.site.labels import LABELS
from tocha.site.notebooks import (
    CONDITIONS_TAG,
    SCRIPT_RUN_TAG,
    SETUP_TAG,
    BuildConditions,
    Figure,
    NotebookBlock,
    NotebookError,
    NotebookText,
    build_notebook,
    code_cells,
    notebook_json,
    notebook_markdown,
    published_link_resolver,
    required_packages,
    setup_code,
)
from tocha.examples.page_model import scan_layout

TEXT = NotebookText("Page {title}: {url}\ntorch {torch}", "*A fresh example.*")

PAGE = """# Título { #titulo }

Texto.

```python exec="on" source="above" result="text" session="s"
--8<-- "demo/steps.py:dados"
```

Meio, com código só mostrado:

```python title="Não executado"
torch.zeros(1)
```

````markdown
```python exec="on"
print("um exemplo de sintaxe, não executado")
```
````

```py exec="1" session="s"
print(2)
```

```python exec="on"
print(3)
```

Fim.
"""


def test_the_page_is_cut_at_its_executed_fences_and_a_fence_inside_a_fence_is_text() -> None:
    pieces = scan_layout(PAGE).prose_pieces()
    assert pieces == [
        "# Título { #titulo }\n\nTexto.\n",
        "\nMeio, com código só mostrado:\n\n```python title=\"Não executado\"\ntorch.zeros(1)\n```\n\n"
        '````markdown\n```python exec="on"\nprint("um exemplo de sintaxe, não executado")\n```\n````\n',
        "",
        "\nFim.",
    ]


def test_an_executed_fence_in_a_list_item_or_an_admonition_is_cut_as_superfences_runs_it() -> None:
    page = (
        "---\ntitle: T\n---\n\n# T\n\n"
        '1. Primeiro passo:\n\n    ```python exec="on" result="text"\n    print(1)\n    ```\n\n'
        '!!! note "Nota"\n    ```{.python exec="true"}\n    print(2)\n    ```\n'
        '```python exec="off"\nprint(3)\n```\n'
    )
    layout = scan_layout(page)
    assert [fence.executed for fence in layout.fences] == [True, True, False]
    assert layout.prose_pieces() == ["# T\n\n1. Primeiro passo:\n", "\n" + '!!! note "Nota"', '```python exec="off"\nprint(3)\n```']


def test_prose_becomes_plain_markdown() -> None:
    prose = (
        "## Dados { #dados }\n\n"
        "Veja [módulos](../conceitos/modulos.md#x) e [fora](https://pytorch.org).\n\n"
        '!!! note "Atenção"\n    Primeira linha\n    com [link](a.md).\n\n    Segundo parágrafo.\n\n'
        "Depois.\n\n"
        '=== "Aba"\n    Conteúdo da aba.\n\n'
        "*[GPU]: Graphics Processing Unit\n"
        "[ref]: b.md\n"
    )
    resolve = {"../conceitos/modulos.md#x": "https://site/conceitos/modulos/#x", "a.md": "https://site/a/", "b.md": "https://site/b/"}.get
    assert notebook_markdown("\n\n" + prose + "\n\n", resolve) == (
        "## Dados\n\n"
        "Veja [módulos](https://site/conceitos/modulos/#x) e [fora](https://pytorch.org).\n\n"
        "> **Atenção**\n>\n> Primeira linha\n> com [link](https://site/a/).\n>\n> Segundo parágrafo.\n>\n"
        "Depois.\n\n"
        "**Aba**\n\nConteúdo da aba.\n\n"
        "[ref]: https://site/b/"
    )


def test_fenced_code_in_the_prose_is_kept_as_written() -> None:
    prose = '```python title="x"\n## not a heading { #x }\n!!! note\n```\n'
    assert notebook_markdown(prose) == prose.rstrip("\n")


def test_the_setup_cell_installs_only_what_is_missing() -> None:
    codes = ["import torch\nimport numpy as np, os\n", "from torchao.quantization import x  # c\nfrom . import y\nimport matplotlib.pyplot as plt\n"]
    packages = required_packages(codes)
    assert packages == ["torch", "torchvision", "matplotlib", "numpy", "torchao"]
    assert setup_code(packages, "Line one\n\nLine two") == (
        "# Line one\n#\n# Line two\n"
        "import importlib.util\n\n"
        'if importlib.util.find_spec("torch") is None or importlib.util.find_spec("torchvision") is None:\n'
        "    %pip install torch torchvision\n"
        'if importlib.util.find_spec("matplotlib") is None:\n    %pip install matplotlib\n'
        'if importlib.util.find_spec("numpy") is None:\n    %pip install numpy\n'
        'if importlib.util.find_spec("torchao") is None:\n    %pip install torchao'
    )
    assert required_packages(["from PIL import Image\n"]) == ["torch", "torchvision", "pillow"]


PNG = b"\x89PNG\r\n\x1a\nfake"


def blocks() -> list[NotebookBlock]:
    return [
        NotebookBlock("x = 1\nprint('um')", "um\n", "s"),
        NotebookBlock("print(x)", "1\n", "s", [Figure("image/svg+xml", b"<svg/>"), Figure("image/png", PNG)]),
        NotebookBlock("raise ValueError", "Traceback ...\n", "", failed=True),
    ]


def test_the_notebook_holds_prose_code_outputs_and_a_note_before_each_new_example() -> None:
    notebook = build_notebook(scan_layout(PAGE).prose_pieces(), blocks(), TEXT, title="T", url="https://site/t/", torch_version="2.14.1")
    text = notebook_json(notebook)
    assert isinstance(json.loads(text)["cells"][0]["source"], list), "nbformat writes sources line by line"
    cells = nbformat.reads(text, as_version=4).cells
    assert [(cell["cell_type"], cell["id"]) for cell in cells] == [
        ("code", "cell-000"),
        ("markdown", "cell-001"),
        ("code", "cell-002"),
        ("markdown", "cell-003"),
        ("code", "cell-004"),
        ("markdown", "cell-005"),
        ("code", "cell-006"),
        ("markdown", "cell-007"),
    ]
    assert cells[0]["source"].startswith("# Page T: https://site/t/\n# torch 2.14.1\nimport importlib.util\n")
    assert cells[1]["source"] == "# Título\n\nTexto."
    assert cells[2] == {
        "cell_type": "code",
        "execution_count": None,
        "id": "cell-002",
        "metadata": {},
        "outputs": [{"name": "stdout", "output_type": "stream", "text": "um\n"}],
        "source": "x = 1\nprint('um')",
    }
    assert cells[4]["outputs"] == [
        {"name": "stdout", "output_type": "stream", "text": "1\n"},
        {"data": {"image/svg+xml": "<svg/>"}, "metadata": {}, "output_type": "display_data"},
        {"data": {"image/png": base64.b64encode(PNG).decode("ascii")}, "metadata": {}, "output_type": "display_data"},
    ]
    # The second block continues session "s": no note before it. The third starts a new example.
    assert cells[3]["source"].startswith("Meio, com código só mostrado:")
    assert cells[5]["source"] == "*A fresh example.*"
    assert cells[6]["outputs"] == [{"name": "stderr", "output_type": "stream", "text": "Traceback ...\n"}]
    assert cells[7]["source"] == "Fim."


def test_the_notebook_is_valid_python_3_and_the_same_at_every_build() -> None:
    make = lambda: notebook_json(build_notebook(scan_layout(PAGE).prose_pieces(), blocks(), TEXT, title="T", url="u", torch_version="2"))  # noqa: E731
    text = make()
    assert text == make()
    notebook = nbformat.reads(text, as_version=4)
    nbformat.validate(notebook)
    assert notebook.nbformat == 4 and notebook.nbformat_minor == 5
    assert notebook.metadata.kernelspec == {"display_name": "Python 3", "language": "python", "name": "python3"}
    assert code_cells(text) == ["x = 1\nprint('um')", "print(x)", "raise ValueError"]
    assert text.endswith("}\n") and '"cell_type": "code"' in text


def test_the_editions_words_fill_the_setup_cell() -> None:
    labels = LABELS["en"]
    text = NotebookText(labels.notebook_setup, labels.notebook_fresh_session)
    notebook = build_notebook(["# A", ""], [NotebookBlock("import torch")], text, title="A", url="https://s/a/", torch_version="2.14.1")
    assert notebook.cells[0].source.splitlines()[:2] == [
        '# Notebook of the Tocha page "A": https://s/a/',
        "# The outputs kept here were produced when the site was built, with torch 2.14.1.",
    ]


def test_a_page_whose_blocks_do_not_match_its_fences_is_an_error() -> None:
    with pytest.raises(NotebookError, match="2 executed block"):
        build_notebook(["a", "b"], [NotebookBlock("1"), NotebookBlock("2")], TEXT, title="T", url="u", torch_version="2")


def test_an_invalid_notebook_is_refused() -> None:
    notebook = build_notebook(["a", "b"], [NotebookBlock("1")], TEXT, title="T", url="u", torch_version="2")
    notebook.cells[1]["cell_type"] = "nonsense"
    with pytest.raises(NotebookError, match="invalid notebook"):
        notebook_json(notebook)


def test_a_page_of_independent_examples_gets_one_note_before_the_first() -> None:
    text = NotebookText("x", "*A fresh example.*", "*Every example is separate.*")
    standalone = [NotebookBlock("print(1)"), NotebookBlock("print(2)"), NotebookBlock("print(3)")]
    notebook = build_notebook(["# P", "a", "b", ""], standalone, text, title="P", url="u", torch_version="2")
    assert [cell.source for cell in notebook.cells[1:]] == [
        "# P",
        "*Every example is separate.*",
        "print(1)",
        "a",
        "print(2)",
        "b",
        "print(3)",
    ]
    shared = [NotebookBlock("x = 1", session="s"), NotebookBlock("print(x)", session="s")]
    notebook = build_notebook(["", "", ""], shared, text, title="P", url="u", torch_version="2")
    assert [cell.source for cell in notebook.cells[1:]] == ["x = 1", "print(x)"], "one example: no note at all"


def test_an_example_whose_digits_depend_on_the_processor_is_introduced_by_a_note() -> None:
    text = NotebookText("x", "*fresh*", machine_digits_note="*Your digits may differ.*")
    blocks = [NotebookBlock("x = 1", session="s"), NotebookBlock("print(x)", "1\n", "s", machine_digits=True)]
    notebook = build_notebook(["# P", "a", ""], blocks, text, title="P", url="u", torch_version="2")
    assert [cell.source for cell in notebook.cells[1:]] == ["# P", "x = 1", "a", "*Your digits may differ.*", "print(x)"]
    assert notebook.cells[4].cell_type == "markdown"


def test_the_conditions_cell_sets_the_builds_threads_and_environment_and_shows_saved_figures() -> None:
    text = NotebookText("setup", "*fresh*", conditions_comment="torch {torch}, {device}, {threads} thread(s)")
    conditions = BuildConditions("2.14.1", "cpu", 1, {"TORCH_LOGS": "-all", "KINETO_LOG_LEVEL": "6"})
    drawing = [NotebookBlock("import matplotlib.pyplot as plt\nprint(1)", "1\n")]
    notebook = build_notebook(["", ""], drawing, text, title="T", url="u", torch_version="2.14.1", conditions=conditions)
    setup, cell = notebook.cells[0], notebook.cells[1]
    assert setup.metadata == {"tags": [SETUP_TAG]} and cell.metadata == {"tags": [CONDITIONS_TAG]}
    assert cell.source.startswith(
        "# torch 2.14.1, cpu, 1 thread(s)\nimport os\n\n"
        'os.environ.setdefault("KINETO_LOG_LEVEL", "6")\nos.environ.setdefault("TORCH_LOGS", "-all")\n\n'
        "import torch\n\ntorch.set_num_threads(1)\n\nimport matplotlib\n\nmatplotlib.use(\"Agg\")\n"
    )
    assert 'events.register("post_run_cell", show_saved_figures)' in cell.source
    assert 'if path.suffix.lower() in (".svg", ".png")' in cell.source
    compile(cell.source, "conditions", "exec")  # plain Python: no magics
    plain = build_notebook(["", ""], [NotebookBlock("print(1)", "1\n")], text, title="T", url="u", torch_version="2")
    assert "matplotlib" not in plain.cells[1].source, "matplotlib is set up only where the code uses it"
    assert code_cells(notebook_json(notebook)) == ["import matplotlib.pyplot as plt\nprint(1)"]
    without = build_notebook(["", ""], drawing, TEXT, title="T", url="u", torch_version="2")
    assert [c.metadata.get("tags") for c in without.cells] == [[SETUP_TAG], None], "no comment: no conditions cell"


def test_a_script_block_is_written_to_its_file_then_run_with_the_kernels_python() -> None:
    text = NotebookText("setup", "*fresh*", script_note="*`{name}` runs as a script.*")
    code = 'if __name__ == "__main__":\n    print("spawned")'
    block = NotebookBlock(code, "spawned\n", script="workers.py")
    notebook = build_notebook(["# P", "after"], [block], text, title="P", url="u", torch_version="2")
    cells = notebook.cells[1:]
    assert [(cell.cell_type, cell.source) for cell in cells] == [
        ("markdown", "# P"),
        ("markdown", "*`workers.py` runs as a script.*"),
        ("code", f"%%writefile workers.py\n{code}"),
        ("code", "import sys\n\n!{sys.executable} workers.py"),
        ("markdown", "after"),
    ]
    assert cells[2].outputs == [] and cells[3].metadata == {"tags": [SCRIPT_RUN_TAG]}
    assert cells[3].outputs == [{"name": "stdout", "output_type": "stream", "text": "spawned\n"}]
    assert code_cells(notebook_json(notebook)) == [code], "the page's code, without the magic line"


def test_a_notebook_s_links_go_to_the_published_pages_of_its_edition() -> None:
    urls = {"conceitos/modulos.en.md": "en/conceitos/modulos/", "guias/gan.en.md": "en/guias/gan/"}
    site = "https://dono.github.io/tocha/"
    resolve = published_link_resolver(urls, "en/", "guias/gan.en.md", site + "en/guias/gan/", site)
    assert resolve("../conceitos/modulos.md#forward") == site + "en/conceitos/modulos/#forward"
    assert resolve("#treino") == site + "en/guias/gan/#treino"
    assert resolve("https://pytorch.org/docs/") is None
    assert resolve("/absoluto.md") is None
    assert resolve("../conceitos/inexistente.md") is None
