"""API names of an example's code: what they resolve to, where they link, and the linked HTML."""

from __future__ import annotations

import html
import json
import subprocess
import sys
from pathlib import Path

import markdown
import pytest

from tocha.site.api_index import ApiIndex, api_anchor, block_apis_html
from tocha.site.api_links import ApiCache, DocSite, Link, code_text, doc_version, link_code_html, link_shown_code
from tocha.site.api_names import FRAGMENT_ALIASES, ApiUse, SessionResolver, TorchNamespace
from tocha.site.labels import LABELS

TORCH = "https://docs.pytorch.org/docs/2.14/"
VISION = "https://docs.pytorch.org/vision/0.29/"
SITE = DocSite({"torch": TORCH, "torchvision": VISION})


@pytest.fixture(scope="module")
def namespace() -> TorchNamespace:
    return TorchNamespace()


def resolved(code: str, namespace: TorchNamespace, *earlier: str) -> list[tuple[str, str, str]]:
    """(name, kind, text in the code) for each name of the last block, after the earlier blocks of its session."""
    resolver = SessionResolver(namespace)
    for block in earlier:
        resolver.resolve(block)
    return [(use.name, use.kind, code[use.start : use.end]) for use in resolver.resolve(code)]


# --- Resolution ------------------------------------------------------------------------


def test_names_are_resolved_whatever_the_import_alias(namespace: TorchNamespace) -> None:
    code = (
        "import torch\nimport torch.nn as nn\nfrom torch.nn import functional as F\nimport torch.optim as optim\n"
        "from torch.utils.data import DataLoader as Loader\n"
        "layer = nn.Linear(2, 3)\nloss = F.cross_entropy(torch.randn(4, 3), torch.tensor([0, 1, 2, 0]))\n"
        "opt = optim.AdamW(layer.parameters())\nloader = Loader([1, 2])\n"
    )
    assert resolved(code, namespace) == [
        ("torch.nn.Linear", "class", "nn.Linear"),
        ("torch.nn.functional.cross_entropy", "function", "F.cross_entropy"),
        ("torch.randn", "function", "torch.randn"),
        ("torch.tensor", "function", "torch.tensor"),
        ("torch.optim.AdamW", "class", "optim.AdamW"),
        ("torch.nn.Module.parameters", "method", "parameters"),
        ("torch.utils.data.DataLoader", "class", "Loader"),
    ]


def test_tensor_methods_are_resolved_from_factories_arithmetic_and_chains(namespace: TorchNamespace) -> None:
    code = "import torch\nx = torch.zeros(3)\ny = (x * 2)[0]\nz = torch.randn(2, 2).view(4)\nprint(x.sum(), y.item(), z.shape, x.T)\n"
    assert resolved(code, namespace) == [
        ("torch.zeros", "function", "torch.zeros"),
        ("torch.randn", "function", "torch.randn"),
        ("torch.Tensor.view", "method", "view"),
        ("torch.Tensor.sum", "method", "sum"),
        ("torch.Tensor.item", "method", "item"),
        ("torch.Tensor.shape", "attribute", "shape"),
        ("torch.Tensor.T", "attribute", "T"),
    ]


def test_a_module_of_the_example_resolves_inherited_methods_and_its_forward(namespace: TorchNamespace) -> None:
    code = (
        "import torch\nfrom torch import nn\n"
        "class Net(nn.Module):\n"
        "    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(2, 3)\n"
        "    def forward(self, x):\n        return self.fc(x)\n"
        "    def parameters(self):\n        return []\n"
        "net = Net().to('cpu')\ncriterion = nn.CrossEntropyLoss()\n"
        "out = net(torch.ones(1, 2))\nloss = criterion(out, torch.tensor([0]))\nloss.backward()\n"
        "out.argmax()\nnet.parameters()\nnet.eval()\n"
    )
    names = [(name, text) for name, _, text in resolved(code, namespace)]
    assert names == [
        ("torch.nn.Module", "nn.Module"),
        ("torch.nn.Linear", "nn.Linear"),
        ("torch.nn.Module.to", "to"),
        ("torch.nn.CrossEntropyLoss", "nn.CrossEntropyLoss"),
        ("torch.ones", "torch.ones"),
        ("torch.tensor", "torch.tensor"),
        ("torch.Tensor.backward", "backward"),
        ("torch.Tensor.argmax", "argmax"),
        # net.parameters() is the class's own method: no link; eval comes from nn.Module.
        ("torch.nn.Module.eval", "eval"),
    ]


#: Run in a new process (this one may have made optimizers already): the names of an
#: optimizer's step, before and after an ``AdamW`` is made, and whether making it hooked its class.
HOOKED_STEP = """
import json, torch
from tocha.site.api_names import SessionResolver, TorchNamespace
code = "import torch\\nopt = torch.optim.AdamW([torch.zeros(1, requires_grad=True)])\\nopt.step()\\n"
def names():
    return [use.name for use in SessionResolver(TorchNamespace()).resolve(code) if use.name.endswith(".step")]
before = names()
torch.optim.AdamW([torch.zeros(1, requires_grad=True)])
print(json.dumps([before, "step" in vars(torch.optim.AdamW), names()]))
"""


def test_an_inherited_method_keeps_its_name_once_an_instance_has_hooked_it() -> None:
    """Making an optimizer hooks its class's ``step`` for the profiler; an example in the build's process may have made one."""
    result = subprocess.run([sys.executable, "-c", HOOKED_STEP], capture_output=True, text=True, check=True)
    before, hooked, after = json.loads(result.stdout)
    assert hooked, "torch no longer hooks the class: this test checks nothing"
    assert before == after == ["torch.optim.Adam.step"], "the class that defines step is named, whatever ran before"


def test_a_later_block_of_the_session_sees_the_earlier_imports_and_variables(namespace: TorchNamespace) -> None:
    assert resolved("y = x.mean()\nlayer = nn.ReLU()\n", namespace, "import torch\nimport torch.nn as nn\nx = torch.ones(2)\n") == [
        ("torch.Tensor.mean", "method", "mean"),
        ("torch.nn.ReLU", "class", "nn.ReLU"),
    ]
    assert resolved("y = x.mean()\nlayer = nn.ReLU()\n", namespace) == [], "a block alone knows no import"


def test_only_existing_names_outside_strings_and_comments_are_linked(namespace: TorchNamespace) -> None:
    code = (
        "import torch\n"
        "torch.not_a_function_at_all(1)  # torch.zeros in a comment\n"
        "print('torch.ones in a string')\n"
        "def f(torch):\n    return torch.zeros(1)\n"
        "torch._C\n"
    )
    assert resolved(code, namespace) == []


def test_a_variable_holding_a_value_is_not_linked_but_an_alias_is(namespace: TorchNamespace) -> None:
    code = "import torch\ndtype = torch.float32\nx = torch.ones(1, dtype=dtype)\nrelu = torch.nn.ReLU\nrelu()\n"
    assert resolved(code, namespace) == [
        ("torch.float32", "data", "torch.float32"),
        ("torch.ones", "function", "torch.ones"),
        ("torch.nn.ReLU", "class", "torch.nn.ReLU"),
        ("torch.nn.ReLU", "class", "relu"),
    ]


def test_offsets_count_characters_after_non_ascii_text(namespace: TorchNamespace) -> None:
    code = "import torch\nprint('média:', torch.ones(2).mean())\n"
    assert resolved(code, namespace) == [("torch.ones", "function", "torch.ones"), ("torch.Tensor.mean", "method", "mean")]


def test_fragments_get_the_usual_aliases() -> None:
    resolver = SessionResolver(TorchNamespace(), FRAGMENT_ALIASES)
    code = "X = torch.FloatTensor(data)\nh = F.relu(nn.Linear(2, 2)(X))\n"
    assert [(use.name, code[use.start : use.end]) for use in resolver.resolve(code)] == [
        ("torch.FloatTensor", "torch.FloatTensor"),
        ("torch.nn.functional.relu", "F.relu"),
        ("torch.nn.Linear", "nn.Linear"),
    ]


def test_code_that_does_not_parse_has_no_names(namespace: TorchNamespace) -> None:
    assert resolved(">>> import torch\n>>> torch.ones(2)\n", namespace) == []


# --- URL rules -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind", "url"),
    [
        # autosummary pages (generated/<name>.html)
        ("torch.randn", "function", TORCH + "generated/torch.randn.html"),
        ("torch.nn.Linear", "class", TORCH + "generated/torch.nn.Linear.html"),
        ("torch.nn.functional.cross_entropy", "function", TORCH + "generated/torch.nn.functional.cross_entropy.html"),
        ("torch.optim.AdamW", "class", TORCH + "generated/torch.optim.AdamW.html"),
        ("torch.Tensor.view", "method", TORCH + "generated/torch.Tensor.view.html"),
        ("torch.Tensor.grad", "attribute", TORCH + "generated/torch.Tensor.grad.html"),
        ("torch.optim.Optimizer.zero_grad", "method", TORCH + "generated/torch.optim.Optimizer.zero_grad.html"),
        ("torch.cuda.is_available", "function", TORCH + "generated/torch.cuda.is_available.html"),
        # members described on their class's page
        ("torch.nn.Module.parameters", "method", TORCH + "generated/torch.nn.Module.html#torch.nn.Module.parameters"),
        ("torch.optim.SGD.step", "method", TORCH + "generated/torch.optim.SGD.html#torch.optim.SGD.step"),
        ("torch.Tensor.T", "attribute", TORCH + "tensors.html#torch.Tensor.T"),
        ("torch.Tensor.dtype", "attribute", TORCH + "tensor_attributes.html#torch.dtype"),
        # objects described on their module's page
        ("torch.utils.data.DataLoader", "class", TORCH + "data.html#torch.utils.data.DataLoader"),
        ("torch.nn.init.kaiming_normal_", "function", TORCH + "nn.init.html#torch.nn.init.kaiming_normal_"),
        ("torch.distributed.all_reduce", "function", TORCH + "distributed.html#torch.distributed.all_reduce"),
        ("torch.float32", "data", TORCH + "tensor_attributes.html#torch.dtype"),
        ("torch.device", "class", TORCH + "tensor_attributes.html#torch.device"),
        ("torch.FloatTensor", "class", TORCH + "tensors.html#data-types"),
        # documented under another name
        ("torch.nn.Parameter", "class", TORCH + "generated/torch.nn.parameter.Parameter.html"),
        ("torch.inference_mode", "class", TORCH + "generated/torch.autograd.grad_mode.inference_mode.html"),
        ("torch.multiprocessing.spawn", "function", TORCH + "multiprocessing.html#torch.multiprocessing.spawn.spawn"),
        # modules
        ("torch.nn", "module", TORCH + "nn.html"),
        ("torch.nn.functional", "module", TORCH + "nn.functional.html"),
        ("torch.utils.data", "module", TORCH + "data.html"),
        ("torch.version.cuda", "data", None),
        # operators registered at run time (an example's torch.library.custom_op) have no page
        ("torch.ops.tocha.numpy_tanh", "function", None),
        # torchvision
        ("torchvision.transforms.v2.Compose", "class", VISION + "generated/torchvision.transforms.v2.Compose.html"),
        ("torchvision.datasets.FakeData", "class", VISION + "generated/torchvision.datasets.FakeData.html"),
        ("torchvision.models.get_model", "function", VISION + "generated/torchvision.models.get_model.html"),
        ("torchvision.models.resnet18", "function", VISION + "models/generated/torchvision.models.resnet18.html"),
        (
            "torchvision.models.ResNet18_Weights.DEFAULT",
            "attribute",
            VISION + "models/generated/torchvision.models.resnet18.html#torchvision.models.ResNet18_Weights",
        ),
        ("numpy.zeros", "function", None),
    ],
)
def test_url_rules_follow_the_documentation_layout(name: str, kind: str, url: str | None) -> None:
    assert SITE.url(name, kind) == url


def test_links_go_to_the_documentation_of_the_installed_version(monkeypatch: pytest.MonkeyPatch) -> None:
    versions = {"torch": "2.14.1+cpu", "torchvision": "0.29.1"}
    monkeypatch.setattr("tocha.site.api_links.metadata.version", versions.__getitem__)
    assert doc_version("torch") == "2.14"
    assert DocSite.installed().url("torch.nn.Linear", "class") == TORCH + "generated/torch.nn.Linear.html"
    assert DocSite.installed().roots["torchvision"] == VISION


# --- The highlighted code ------------------------------------------------------------------

CODE = "y = nn.Linear(2, 3)\nx.view(1)\n"
PYGMENTS = (
    '<span class="n">y</span> <span class="o">=</span> <span class="n">nn</span><span class="o">.</span>'
    '<span class="n">Linear</span><span class="p">(</span><span class="mi">2</span><span class="p">,</span> '
    '<span class="mi">3</span><span class="p">)</span>\n'
    '<span class="n">x</span><span class="o">.</span><span class="n">view</span><span class="p">(</span>'
    '<span class="mi">1</span><span class="p">)</span>\n'
)
LINEAR = Link(ApiUse("torch.nn.Linear", "class", 4, 13), TORCH + "generated/torch.nn.Linear.html")
VIEW = Link(ApiUse("torch.Tensor.view", "method", 22, 26), TORCH + "generated/torch.Tensor.view.html")


def test_each_linked_name_wraps_its_spans_in_one_link() -> None:
    assert link_code_html(PYGMENTS, CODE, [LINEAR, VIEW]) == (
        '<span class="n">y</span> <span class="o">=</span> '
        f'<a class="tocha-api" href="{TORCH}generated/torch.nn.Linear.html" title="torch.nn.Linear">'
        '<span class="n">nn</span><span class="o">.</span><span class="n">Linear</span></a>'
        '<span class="p">(</span><span class="mi">2</span><span class="p">,</span> '
        '<span class="mi">3</span><span class="p">)</span>\n'
        '<span class="n">x</span><span class="o">.</span>'
        f'<a class="tocha-api" href="{TORCH}generated/torch.Tensor.view.html" title="torch.Tensor.view">'
        '<span class="n">view</span></a><span class="p">(</span>'
        '<span class="mi">1</span><span class="p">)</span>\n'
    )


def test_the_code_text_and_so_the_copied_code_stay_the_source() -> None:
    linked = link_code_html(PYGMENTS, CODE, [LINEAR, VIEW])
    assert code_text(linked) == code_text(PYGMENTS) == CODE


def test_html_of_other_code_or_a_name_split_by_a_line_anchor_is_left_alone() -> None:
    assert link_code_html(PYGMENTS, "other code\n", [LINEAR]) == PYGMENTS
    split = PYGMENTS.replace('<span class="o">.</span><span class="n">Linear', '<span class="o">.</span><a id="l2"></a><span class="n">Linear')
    assert 'class="tocha-api"' not in link_code_html(split, CODE, [LINEAR])
    off_by_one = Link(ApiUse("torch.nn.Linear", "class", 5, 13), LINEAR.url)
    assert link_code_html(PYGMENTS, CODE, [off_by_one]) == PYGMENTS


def test_shown_python_blocks_are_linked_and_others_are_not() -> None:
    extensions = ["pymdownx.superfences", "pymdownx.highlight"]
    page = markdown.markdown(
        "```python\nX = torch.FloatTensor(data)\n```\n\n```bash\npip install torch\n```\n\n```text\ntorch.float32\n```\n",
        extensions=extensions,
    )
    seen = []

    def links_for(code: str) -> list[Link]:
        seen.append(code)
        return [Link(ApiUse("torch.FloatTensor", "class", 4, 21), TORCH + "tensors.html#data-types")]

    linked = link_shown_code(page, links_for)
    assert seen == ["X = torch.FloatTensor(data)\n"], "only the Python block is resolved"
    assert linked.count('class="tocha-api"') == 1
    assert f'<a class="tocha-api" href="{TORCH}tensors.html#data-types" title="torch.FloatTensor"><span class="n">torch</span>' in linked
    assert link_shown_code(linked, links_for) == linked, "a block with links is not linked again"


# --- Cache, index and back-links -------------------------------------------------------------


def test_the_cache_keeps_a_blocks_names_under_its_session_context(tmp_path: Path) -> None:
    cache = ApiCache(tmp_path)
    uses = [ApiUse("torch.zeros", "function", 0, 11)]
    key = cache.key(["import torch"], "torch.zeros(1)")
    assert cache.get(key) is None
    cache.put(key, uses)
    assert cache.get(key) == uses
    assert cache.key([], "torch.zeros(1)") != key, "the earlier blocks of the session are part of the key"
    assert [path.name for path in tmp_path.rglob("*.json")] == [f"{key}.json"]


def test_the_index_lists_each_api_with_the_blocks_that_use_it() -> None:
    index = ApiIndex(order=["b.md", "a.md"])
    for uri in ("a.md", "b.md"):
        index.start_page(uri, uri[:-3] + "/")
        index.set_title(uri, uri.upper())
    index.add_block("a.md", 1, [("torch.zeros", "function"), ("torch.nn.Linear", "class"), ("torch.zeros", "function")])
    index.add_block("a.md", 2, [("torch.zeros", "function")])
    index.add_block("b.md", 1, [("torch.zeros", "function")])
    assert index.entries() == {"torch.nn.Linear": [("a.md", 1)], "torch.zeros": [("b.md", 1), ("a.md", 1), ("a.md", 2)]}
    table = index.table_html(lambda uri: "../" + index.urls[uri], SITE.url, LABELS["en"])
    assert "<p><strong>2</strong> PyTorch APIs used in <strong>3</strong> examples on 2 pages.</p>" in table
    assert (
        f'<tr id="api-torch-nn-Linear"><td><a href="{TORCH}generated/torch.nn.Linear.html"><code>torch.nn.Linear</code></a></td>'
        '<td><a href="../a/#ex-1">A.MD</a> (<a href="../a/#ex-1" aria-label="example 1 of A.MD">1</a>)</td></tr>'
    ) in table
    assert table.index('id="api-torch-nn-Linear"') < table.index('id="api-torch-zeros"')
    index.start_page("a.md", "a/")  # rendered again: its old blocks go
    assert index.entries() == {"torch.zeros": [("b.md", 1)]}


def test_each_block_links_back_to_its_index_entries() -> None:
    assert block_apis_html(["torch.zeros", "torch.Tensor.view"], "../api/", LABELS["pt-BR"]) == (
        '<details class="tocha-apis" data-search-exclude><summary>APIs neste exemplo (2)</summary><p>'
        '<a href="../api/#api-torch-zeros"><code>torch.zeros</code></a>, '
        '<a href="../api/#api-torch-Tensor-view"><code>torch.Tensor.view</code></a></p></details>'
    )
    assert block_apis_html([], "../api/", LABELS["pt-BR"]) == ""
    assert api_anchor("torch.nn.functional.relu") == "api-torch-nn-functional-relu"
    assert html.unescape(api_anchor("x")) == "api-x"
