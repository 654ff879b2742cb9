"""Links from the names in an example's code to the official torch/torchvision documentation.

:mod:`tocha.site.api_names` says which object each name is; this module says
where the official documentation of the installed version documents it, and
puts the links into the highlighted code.

The URL rules follow the layout of the documentation's sources (``docs/source``
of pytorch/pytorch, and the pages they build, checked on docs.pytorch.org):

* **One page per object** (``autosummary`` with ``:toctree: generated``):
  ``generated/<name>.html``. That is how ``torch.md`` lists the top-level
  functions (``generated/torch.randn.html``), ``nn.md`` the layers
  (``generated/torch.nn.Linear.html``), ``nn.functional.md`` the functions
  (``generated/torch.nn.functional.cross_entropy.html``), ``tensors.md`` the
  tensor methods and attributes (``generated/torch.Tensor.view.html``),
  ``optim.md`` the optimizers, the ``Optimizer`` methods and the schedulers,
  and the ``torch.cuda``, ``torch.autograd``, ``torch.linalg``,
  ``torch.accelerator``... pages. torchvision does the same for its classes and
  functions (``vision/<version>/generated/torchvision.transforms.v2.Compose.html``).
* **Objects described on their module's page** (``autoclass``/``autofunction``
  in the page itself): ``<page>.html#<name>``, e.g. ``data.html`` for
  ``torch.utils.data``, ``nn.init.html``, ``distributed.html``, ``amp.html``,
  ``profiler.html``, ``multiprocessing.html``, ``backends.html``,
  ``distributions.html``; ``torch.dtype``/``torch.device`` on
  ``tensor_attributes.html``, ``torch.finfo`` on ``type_info.html``.
* **Members** (a method or attribute): its own page where the sources list it
  (tensor methods, ``Optimizer.zero_grad``...), otherwise the anchor
  ``#<class>.<member>`` on its class's page (``generated/torch.nn.Module.html#torch.nn.Module.parameters``).
* **Objects documented under another name** (:data:`DOCUMENTED_AS`), e.g.
  ``torch.nn.Parameter`` as ``torch.nn.parameter.Parameter``.

Links go to the documentation of the installed version (``docs/2.14/``,
``vision/0.29/``), read from the package metadata: nothing is fetched, and
torch is not imported for it.

The links are added to the HTML that Pygments made of the code: each linked
name's ``<span>`` elements are wrapped in ``<a class="tocha-api">``, so the page
shows the same code, and Material's copy button (which copies the code
element's text) still copies exactly the source.
"""

from __future__ import annotations

import ast
import hashlib
import html
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from tocha.site import api_names
from tocha.site.api_names import ApiUse

#: Where each package's documentation lives; ``{version}`` is the installed ``major.minor``.
DOC_ROOTS = {
    "torch": "https://docs.pytorch.org/docs/{version}/",
    "torchvision": "https://docs.pytorch.org/vision/{version}/",
}

#: Names the documentation files under another name (``docs/source`` of pytorch/pytorch).
DOCUMENTED_AS = {
    # nn.md lists ``~parameter.Parameter`` and ``nn.modules.flatten.Flatten``.
    "torch.nn.Parameter": "torch.nn.parameter.Parameter",
    "torch.nn.Buffer": "torch.nn.parameter.Buffer",
    "torch.nn.Flatten": "torch.nn.modules.flatten.Flatten",
    "torch.nn.Unflatten": "torch.nn.modules.flatten.Unflatten",
    # torch.md lists ``autograd.grad_mode.inference_mode`` and ``set_grad_enabled`` there.
    "torch.inference_mode": "torch.autograd.grad_mode.inference_mode",
    "torch.set_grad_enabled": "torch.autograd.grad_mode.set_grad_enabled",
    # autograd.md documents gradcheck under ``currentmodule:: torch.autograd.gradcheck``.
    "torch.autograd.gradcheck": "torch.autograd.gradcheck.gradcheck",
    "torch.autograd.gradgradcheck": "torch.autograd.gradcheck.gradgradcheck",
    # ``torch.relu`` has no entry of its own; the functional form documents the same operator.
    "torch.relu": "torch.nn.functional.relu",
    "torch.relu_": "torch.nn.functional.relu_",
    # amp.md: ``autoclass:: autocast`` under ``currentmodule:: torch``.
    "torch.amp.autocast": "torch.autocast",
    "torch.GradScaler": "torch.amp.GradScaler",
    "torch.OutOfMemoryError": "torch.cuda.OutOfMemoryError",
    # data.md: ``autoclass:: torch.utils.data.distributed.DistributedSampler``.
    "torch.utils.data.DistributedSampler": "torch.utils.data.distributed.DistributedSampler",
    # profiler.md documents ``schedule`` under ``currentmodule:: torch.profiler.profiler``;
    # ``record_function`` is autograd.md's ``profiler.record_function``.
    "torch.profiler.schedule": "torch.profiler.profiler.schedule",
    "torch.profiler.record_function": "torch.autograd.profiler.record_function",
    # multiprocessing.md: ``currentmodule:: torch.multiprocessing.spawn`` then ``autofunction:: spawn``.
    "torch.multiprocessing.spawn": "torch.multiprocessing.spawn.spawn",
}

#: Pages that describe their objects in place: namespace → page (longest prefix wins).
PAGE_NAMESPACES = {
    "torch.utils.data": "data.html",
    "torch.nn.init": "nn.init.html",
    "torch.distributed": "distributed.html",
    "torch.distributed.fsdp": "distributed.fsdp.fully_shard.html",
    "torch.multiprocessing": "multiprocessing.html",
    "torch.profiler": "profiler.html",
    "torch.amp": "amp.html",
    "torch.backends": "backends.html",
    "torch.distributions": "distributions.html",
    "torch.utils.benchmark": "benchmark_utils.html",
    "torch.export": "export.html",
    "torch.onnx": "onnx.html",
    # amp.md: ``autoclass:: autocast``/``GradScaler`` under ``currentmodule:: torch.cuda.amp`` and ``torch.cpu.amp``.
    "torch.cuda.amp": "amp.html",
    "torch.cpu.amp": "amp.html",
}

#: Single objects described on a page, with their anchor.
PAGE_OBJECTS = {
    "torch.Tensor": "tensors.html#torch.Tensor",
    "torch.Size": "size.html#torch.Size",
    "torch.dtype": "tensor_attributes.html#torch.dtype",
    "torch.device": "tensor_attributes.html#torch.device",
    "torch.layout": "tensor_attributes.html#torch.layout",
    "torch.memory_format": "tensor_attributes.html#torch.memory_format",
    "torch.finfo": "type_info.html#torch.finfo",
    "torch.iinfo": "type_info.html#torch.iinfo",
    "torch.autocast": "amp.html#torch.autocast",
    # amp.md has autoclass entries only for the deprecated torch.cuda.amp/torch.cpu.amp GradScaler.
    "torch.amp.GradScaler": "amp.html#gradient-scaling",
    "torch.SymInt": "torch.html#torch.SymInt",
    "torch.SymFloat": "torch.html#torch.SymFloat",
    "torch.SymBool": "torch.html#torch.SymBool",
    "torch.Tag": "torch.html#torch.Tag",
    "torch.autograd.Function": "autograd.html#torch.autograd.Function",
    "torch.autograd.function.FunctionCtx": "autograd.html#torch.autograd.function.FunctionCtx",
}
#: Namespaces the documentation only declares (``py:module`` in torch.md): no page to link to.
UNDOCUMENTED = frozenset({"torch.version"})
#: Operators under ``torch.ops.<namespace>`` are registered at run time (an example's own
#: ``torch.library.custom_op``, a library's kernels), and the documentation has no page for one.
RUNTIME_OPERATORS = "torch.ops."

#: tensors.md's table of data types lists the legacy typed tensor classes (``torch.FloatTensor``...);
#: storage.md describes the ``torch.*Storage`` classes.
_LEGACY_TENSOR = re.compile(r"^torch\.(?:cuda\.)?[A-Z]\w*Tensor$")
_STORAGE = re.compile(r"^torch\.(?:cuda\.)?\w*Storage$")
#: tensors.md: attributes described on the tensor page itself (``autoattribute:: Tensor.T``...).
TENSOR_PAGE_ATTRIBUTES = frozenset({"T", "H", "mT", "mH"})
#: Tensor members tensors.md does not list, and where they are described instead.
TENSOR_ELSEWHERE = {
    "dtype": "tensor_attributes.html#torch.dtype",
    "layout": "tensor_attributes.html#torch.layout",
    "grad_fn": "autograd.html#autograd-graph",
    "data": "tensors.html#torch.Tensor",
}
#: Classes whose listed members have pages of their own (the others are anchors on the class's page).
MEMBER_PAGES = {
    "torch.optim.Optimizer": frozenset(
        {
            "add_param_group", "load_state_dict", "register_load_state_dict_pre_hook",
            "register_load_state_dict_post_hook", "state_dict", "register_state_dict_pre_hook",
            "register_state_dict_post_hook", "step", "register_step_pre_hook", "register_step_post_hook",
            "zero_grad",
        }
    ),
    "torch.autograd.Function": frozenset({"forward", "backward", "jvp", "vmap"}),
    "torch.autograd.function.FunctionCtx": frozenset(
        {"mark_dirty", "mark_non_differentiable", "save_for_backward", "set_materialize_grads"}
    ),
}
#: Module pages whose file name is not the module path without ``torch.``.
MODULE_PAGES = {
    "torch": "torch.html",
    "torch.utils.data": "data.html",
    "torch.utils.benchmark": "benchmark_utils.html",
    "torchvision": "index.html",
    "torchvision.transforms.v2": "transforms.html",
    "torchvision.tv_tensors": "tv_tensors.html",
}
#: torchvision.models functions documented in the generated pages of the top level (models.rst's
#: "General information on pre-trained weights"); every other function of torchvision.models is a model
#: builder, with its page under ``models/generated/`` and its weights enum described on it.
VISION_MODEL_API = frozenset({"get_model", "get_model_builder", "get_model_weights", "get_weight", "list_models"})
_WEIGHTS = re.compile(r"^(?P<builder>\w+?)_(?:Quantized)?Weights$")
#: dtypes are instances of ``torch.dtype``: they link to its description.
DTYPE_KIND = "data"


def doc_version(package: str) -> str:
    """The installed ``major.minor`` of a package (``2.14`` for torch 2.14.1+cpu), or ``stable`` when unknown."""
    try:
        version = metadata.version(package)
    except metadata.PackageNotFoundError:
        return "stable"
    match = re.match(r"(\d+)\.(\d+)", version)
    return f"{match.group(1)}.{match.group(2)}" if match else "stable"


@dataclass(frozen=True)
class DocSite:
    """The documentation roots of the installed torch and torchvision.

    Attributes:
        roots: Package → documentation root URL, ending in ``/``.
    """

    roots: dict

    @classmethod
    def installed(cls) -> DocSite:
        """The roots for the installed versions (:func:`doc_version`)."""
        return cls({package: root.format(version=doc_version(package)) for package, root in DOC_ROOTS.items()})

    def url(self, name: str, kind: str) -> str | None:
        """The documentation URL of a public torch/torchvision name, or ``None`` when it has none.

        Args:
            name: The dotted name (:attr:`ApiUse.name`).
            kind: Its :attr:`ApiUse.kind`: ``method`` and ``attribute`` are members of a class.
        """
        package = name.split(".")[0]
        root = self.roots.get(package)
        if root is None or name.startswith(RUNTIME_OPERATORS):
            return None
        name = DOCUMENTED_AS.get(name, name)
        if kind in ("method", "attribute"):
            return self._member(root, name)
        if kind == "module":
            if _longest_prefix(name, UNDOCUMENTED) is not None:
                return None
            page = MODULE_PAGES.get(name)
            if page is None:
                page = PAGE_NAMESPACES.get(name) or name.split(".", 1)[1] + ".html"
            return root + page
        if kind == DTYPE_KIND and package == "torch" and name.count(".") == 1:
            return root + PAGE_OBJECTS["torch.dtype"]
        return self._object(root, name)

    def _object(self, root: str, name: str) -> str | None:
        """A class or function: described on a page, or a page of its own."""
        if name.startswith("torchvision.models."):
            module, last = name.rsplit(".", 1)
            weights = _WEIGHTS.match(last)
            if weights:
                return f"{root}models/generated/{module}.{weights.group('builder').lower()}.html#{name}"
            if last[:1].islower() and last not in VISION_MODEL_API:
                return f"{root}models/generated/{name}.html"
        if name in PAGE_OBJECTS:
            return root + PAGE_OBJECTS[name]
        if _LEGACY_TENSOR.match(name):
            return root + "tensors.html#data-types"
        if _STORAGE.match(name):
            return root + "storage.html"
        if _longest_prefix(name, UNDOCUMENTED) is not None:
            return None
        namespace = _longest_prefix(name, PAGE_NAMESPACES)
        if namespace is not None:
            return f"{root}{PAGE_NAMESPACES[namespace]}#{name}"
        return f"{root}generated/{name}.html"

    def _member(self, root: str, name: str) -> str | None:
        """A method or attribute: its own page where the documentation gives it one, else an anchor on its class's page."""
        owner, member = name.rsplit(".", 1)
        if owner == "torch.Tensor":
            if member in TENSOR_PAGE_ATTRIBUTES:
                return f"{root}tensors.html#{name}"
            if member in TENSOR_ELSEWHERE:
                return root + TENSOR_ELSEWHERE[member]
            return f"{root}generated/{name}.html"
        if member in MEMBER_PAGES.get(owner, ()):
            return f"{root}generated/{name}.html"
        owner_url = self._object(root, DOCUMENTED_AS.get(owner, owner))
        if owner_url is None:
            return None
        if "#" in owner_url:
            return owner_url  # described on a shared page: its class's entry
        return f"{owner_url}#{DOCUMENTED_AS.get(owner, owner)}.{member}"


def _longest_prefix(name: str, namespaces: dict | frozenset) -> str | None:
    """The longest key of ``namespaces`` that is ``name`` or a dotted prefix of it."""
    parts = name.split(".")
    for length in range(len(parts), 0, -1):
        candidate = ".".join(parts[:length])
        if candidate in namespaces:
            return candidate
    return None


# --- The highlighted code -------------------------------------------------------------

#: One piece of Pygments' HTML inside ``<code>``: a token span, a line anchor, or bare text.
_PIECE = re.compile(
    r'(?P<span><span class="[^"]*">(?P<text>[^<]*)</span>)'
    r"|(?P<anchor><a [^>]*></a>)"
    r"|(?P<bare>[^<]+)"
    r"|(?P<other><[^>]*>)"
)
#: A highlighted code block, as pymdownx.highlight renders it (the inside of its ``<code>``).
_CODE = re.compile(r"<pre><span></span><code>(.*?)</code></pre>", re.DOTALL)


@dataclass(frozen=True)
class Link:
    """A linked name in a block: what it names, where its documentation is, and its place in the code."""

    use: ApiUse
    url: str


def link_code_html(code_html: str, code: str, links: list[Link]) -> str:
    """Wrap the Pygments spans of each linked name in ``<a class="tocha-api" href=...>``.

    Args:
        code_html: The inside of the ``<code>`` element Pygments made of ``code``.
        code: The code it shows.
        links: The names to link, in code order, with their offsets in ``code``.

    Returns:
        The same HTML with the links; unchanged when its text is not ``code``
        (final newlines aside: then no offset can be trusted). A name whose text is not made of whole
        token spans (a line anchor in the middle, say) is left unlinked.
    """
    pieces = [(match, _unescape(match.group("text") or match.group("bare") or "")) for match in _PIECE.finditer(code_html)]
    if "".join(text for _, text in pieces).rstrip("\n") != code.rstrip("\n"):
        return code_html
    starts: dict[int, int] = {}
    ends: dict[int, int] = {}
    offset = 0
    for index, (match, text) in enumerate(pieces):
        if match.group("span") and text:
            starts[offset] = index
            ends[offset + len(text)] = index
        offset += len(text)
    opening: dict[int, str] = {}
    closing: set[int] = set()
    for link in links:
        first, last = starts.get(link.use.start), ends.get(link.use.end)
        if first is None or last is None or last < first:
            continue
        if any(not pieces[index][0].group("span") for index in range(first, last + 1)):
            continue
        if any(index in opening or index in closing for index in range(first, last + 1)):
            continue
        title = html.escape(link.use.name, quote=True)
        opening[first] = f'<a class="tocha-api" href="{html.escape(link.url, quote=True)}" title="{title}">'
        closing.add(last)
    out = []
    for index, (match, _) in enumerate(pieces):
        out.append(opening.get(index, "") + match.group(0) + ("</a>" if index in closing else ""))
    return "".join(out)


def _unescape(text: str) -> str:
    return html.unescape(text) if "&" in text else text


def link_rendered_block(rendered: str, code: str, links: list[Link]) -> str:
    """Link the names in the code block of a rendered example that shows its source (not its output).

    Args:
        rendered: markdown-exec's HTML for the block.
        code: The block's code.
        links: See :func:`link_code_html`.

    Returns:
        The HTML, with the links in the first code block whose text is ``code``.
    """
    if not links:
        return rendered
    for match in _CODE.finditer(rendered):
        linked = link_code_html(match.group(1), code, links)
        if linked != match.group(1):
            return rendered[: match.start(1)] + linked + rendered[match.end(1) :]
    return rendered


def code_text(code_html: str) -> str:
    """The code a highlighted block shows: its HTML's text, tags dropped and entities decoded."""
    return "".join(_unescape(match.group("text") or match.group("bare") or "") for match in _PIECE.finditer(code_html))


def link_shown_code(page_html: str, links_for: Callable[[str], list[Link]]) -> str:
    """Link the names in the Python code a page shows without running it (a fence without ``exec``).

    pymdownx.highlight writes no language on the block, so a block counts as
    Python when Pygments marked names in it (``<span class="n">``) and its text
    parses as Python: shell commands, output and other languages stay as they
    are. A block that has links already (an executed example) is left alone.

    Args:
        page_html: The page's content.
        links_for: The links of a block's code.
    """

    def link(match: re.Match) -> str:
        inner = match.group(1)
        if 'class="tocha-api"' in inner or '<span class="n">' not in inner:
            return match.group(0)
        code = code_text(inner)
        try:
            ast.parse(code)
        except (SyntaxError, ValueError):
            return match.group(0)
        links = links_for(code)
        if not links:
            return match.group(0)
        return match.group(0).replace(inner, link_code_html(inner, code, links), 1)

    return _CODE.sub(link, page_html)


# --- The cache of resolved names ---------------------------------------------------------

#: Bump when the cache entries' format changes (a change of the resolver's code is in every key already).
RESOLVER_FORMAT = 1


class ApiCache:
    """Resolved names of blocks, on disk beside the execution cache: an unchanged rebuild does not import torch.

    The key hashes the block's code, the earlier blocks of its session (their
    imports and variables are its context), the torch and torchvision
    versions, the source of :mod:`tocha.site.api_names` (a fix of the resolver
    resolves every block again) and :data:`RESOLVER_FORMAT`.

    Args:
        directory: The cache folder (``api/`` inside the execution cache).
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.versions = {package: _installed(package) for package in DOC_ROOTS}
        resolver = Path(api_names.__file__).read_bytes()
        self.resolver = hashlib.blake2b(resolver, digest_size=8).hexdigest()

    def key(self, earlier: list[str], code: str) -> str:
        """The cache key of a block, given the code of the earlier blocks of its session."""
        payload = json.dumps([RESOLVER_FORMAT, self.resolver, self.versions, earlier, code])
        return hashlib.blake2b(payload.encode("utf-8"), digest_size=16).hexdigest()

    def get(self, key: str) -> list[ApiUse] | None:
        """The stored names of a key, or ``None``."""
        path = self.directory / key[:2] / f"{key}.json"
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return [ApiUse(*item) for item in raw]

    def put(self, key: str, uses: list[ApiUse]) -> None:
        """Store the names of a key (atomically: parallel builds may share the folder)."""
        path = self.directory / key[:2] / f"{key}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        partial.write_text(json.dumps([[u.name, u.kind, u.start, u.end] for u in uses]), encoding="utf-8")
        os.replace(partial, path)


def _installed(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return ""
