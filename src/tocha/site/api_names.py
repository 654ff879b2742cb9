"""Which ``torch``/``torchvision`` object each name of an example's code refers to.

The code of an executed block is parsed with :mod:`ast` and walked in source
order, with a small, flow-insensitive type inference that follows the usual
shapes of the examples:

* imports, whatever the alias: ``import torch.nn as nn``, ``from torch import nn``,
  ``from torch.nn import functional as F``, ``from torch.utils.data import DataLoader``;
* attribute chains on them: ``nn.Linear``, ``F.cross_entropy``, ``torch.cuda.is_available``;
* instances: a variable assigned from a torch class (``opt = optim.SGD(...)``) or
  from a function documented to return a ``Tensor`` (``x = torch.randn(3)``,
  ``torch.randn(3).view``), arithmetic and indexing on tensors, a module's
  ``forward`` (``loss = criterion(out, y)``), and classes of the example that
  derive from a torch class (``class Net(nn.Module)``: ``net.parameters``);
* the methods found that way are named after the public class that defines
  them: ``torch.Tensor.view``, ``torch.nn.Module.parameters``,
  ``torch.optim.Optimizer.zero_grad``.

Every name is checked against the installed torch and torchvision
(:mod:`importlib` and :func:`getattr`): only objects that really exist are
returned, and nothing is fetched. Blocks of one markdown-exec session share
what earlier blocks imported and assigned: one :class:`SessionResolver` per
session. torch is imported only when a block is resolved (tocha.site.page_apis caches
the results, see :class:`~tocha.site.api_links.ApiCache`).
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
import typing
from dataclasses import dataclass, field
from typing import Any

#: The packages whose names get linked.
ROOTS = ("torch", "torchvision")
#: The usual aliases, for code a page shows without its imports (a fragment that is not executed).
FRAGMENT_ALIASES = {
    "torch": "torch",
    "nn": "torch.nn",
    "F": "torch.nn.functional",
    "optim": "torch.optim",
    "torchvision": "torchvision",
}
#: Methods of ``torch.nn.Module`` that return the module itself without saying so in an annotation.
RETURNS_SELF = frozenset({"to"})
#: Tensor attributes (not methods) that are tensors themselves.
TENSOR_ATTRIBUTES = frozenset({"T", "mT", "H", "mH", "grad", "data", "real", "imag"})
#: The first line of a builtin's docstring: ``randn(*size, ...) -> Tensor``.
_DOC_SIGNATURE = re.compile(r"^\s*[\w.]+\(.*\)\s*->\s*([\w.]+)", re.DOTALL)


@dataclass(frozen=True)
class ApiUse:
    """One torch/torchvision name in a block's code.

    Attributes:
        name: The object's public dotted name (``torch.nn.Linear``, ``torch.Tensor.view``).
        kind: ``module``, ``class``, ``function``, ``method``, ``attribute`` or ``data``.
        start: Offset of the linked text in the code (characters).
        end: Offset just after it: the text is ``nn.Linear`` for a chain, ``view`` for a method.
    """

    name: str
    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Ref:
    """A torch/torchvision object, reached by its dotted path."""

    path: str


@dataclass(frozen=True)
class Instance:
    """An instance of a torch class (its public path) or of a class of the example."""

    cls: str | UserClass


@dataclass(frozen=True)
class Method:
    """A method (or attribute) of an instance, with the public name it is documented under."""

    name: str
    owner: Instance
    obj: Any


@dataclass(frozen=True)
class Tup:
    """A tuple of values, for ``a, b = f()``."""

    items: tuple


@dataclass(eq=False)
class UserClass:
    """A class the example defines: its torch bases, what it defines, what its attributes hold."""

    name: str
    bases: list = field(default_factory=list)
    own: set[str] = field(default_factory=set)
    attributes: dict[str, Any] = field(default_factory=dict)
    returns: dict[str, Any] = field(default_factory=dict)


@dataclass(eq=False)
class UserFunction:
    """A function the example defines, with what it returns when that is known."""

    name: str
    returns: Any = None


class TorchNamespace:
    """Looks names up in the installed torch and torchvision, importing them on first use.

    One instance per build: it caches what it found.
    """

    def __init__(self) -> None:
        self._objects: dict[str, tuple[bool, Any]] = {}
        self._public: dict[int, str | None] = {}

    def lookup(self, path: str) -> tuple[bool, Any]:
        """``(True, object)`` for an existing public torch/torchvision path, else ``(False, None)``.

        A segment that starts with ``_`` (private, or dunder) is never public.
        """
        if path in self._objects:
            return self._objects[path]
        parts = path.split(".")
        found: tuple[bool, Any] = (False, None)
        if parts[0] in ROOTS and not any(part.startswith("_") for part in parts):
            if len(parts) == 1:
                try:
                    found = (True, importlib.import_module(path))
                except ImportError:
                    found = (False, None)  # torchvision is optional
            else:
                parent_found, parent = self.lookup(".".join(parts[:-1]))
                if parent_found:
                    found = self._attribute(parent, parts[-1], path)
        self._objects[path] = found
        return found

    @staticmethod
    def _attribute(parent: Any, name: str, path: str) -> tuple[bool, Any]:
        """An attribute of an object, or the submodule ``path`` not imported yet.

        Whatever goes wrong (a lazy attribute that raises, a submodule that cannot
        load here) means the name is not linked: the build goes on.
        """
        try:
            return True, getattr(parent, name)
        except Exception:  # noqa: BLE001 - AttributeError, or a lazy loader's own error
            pass
        if inspect.ismodule(parent):
            try:
                return True, importlib.import_module(path)
            except Exception:  # noqa: BLE001 - ImportError, or an error while the submodule loads
                return False, None
        return False, None

    def public_name(self, cls: type) -> str | None:
        """The shortest public path of a torch/torchvision class (``torch.nn.Module`` for ``torch.nn.modules.module.Module``)."""
        key = id(cls)
        if key not in self._public:
            self._public[key] = None
            module = getattr(cls, "__module__", "") or ""
            parts = module.split(".")
            if parts[0] in ROOTS:
                for length in range(1, len(parts) + 1):
                    candidate = ".".join(parts[:length]) + "." + cls.__name__
                    found, obj = self.lookup(candidate)
                    if found and obj is cls:
                        self._public[key] = candidate
                        break
        return self._public[key]

    def kind(self, obj: Any) -> str:
        """What an object is, for the URL rules: ``module``, ``class``, ``function`` or ``data``."""
        if inspect.ismodule(obj):
            return "module"
        if inspect.isclass(obj):
            return "class"
        if callable(obj):
            return "function"
        return "data"


def _wraps_inherited(value: Any, later_bases: tuple[type, ...], attribute: str) -> bool:
    """Whether a class's own attribute only wraps the one it inherits: not the class's own definition.

    torch's optimizers put such a wrapper on their class when its first instance
    is made (``Optimizer._patch_step_function`` hooks ``step`` for the profiler):
    once an example in the build's process has made an ``AdamW``,
    ``vars(AdamW)`` holds a ``step`` that wraps ``Adam.step``. Seen through,
    the name is the same whatever ran before.
    """
    inherited = next((vars(base)[attribute] for base in later_bases if attribute in vars(base)), None)
    if inherited is None or not callable(value):
        return False
    try:
        return inspect.unwrap(value) is inspect.unwrap(inherited)
    except ValueError:  # a cycle of __wrapped__
        return False


def _returned(function: Any) -> Any:
    """What calling a torch function or method gives: a tensor, or the same object (``Self``), or unknown."""
    try:
        annotation = inspect.signature(function).return_annotation
    except (TypeError, ValueError):
        annotation = inspect.Signature.empty
    if annotation is not inspect.Signature.empty:
        if annotation is typing.Self or annotation in ("Self", "Tensor", "torch.Tensor"):
            return "self" if annotation in (typing.Self, "Self") else "Tensor"
        if inspect.isclass(annotation) and annotation.__name__ == "Tensor" and annotation.__module__ == "torch":
            return "Tensor"
        if isinstance(annotation, typing.TypeVar):
            return "self"
        return None
    match = _DOC_SIGNATURE.match(getattr(function, "__doc__", None) or "")
    if match and match.group(1) in {"Tensor", "torch.Tensor"}:
        return "Tensor"
    return None


class _Scope:
    """Names bound in one function, class or module body (lookups go up to the enclosing ones)."""

    def __init__(self, parent: _Scope | None = None, function: UserFunction | None = None, cls: UserClass | None = None) -> None:
        self.parent = parent
        self.names: dict[str, Any] = {}
        self.function = function
        self.cls = cls

    def get(self, name: str) -> Any:
        """What ``name`` holds here or in an enclosing body (``None``: unknown)."""
        scope: _Scope | None = self
        while scope is not None:
            if name in scope.names:
                return scope.names[name]
            scope = scope.parent
        return None


class SessionResolver:
    """Resolves the torch names of the blocks of one session, in order (later blocks see earlier bindings).

    Args:
        namespace: The build's :class:`TorchNamespace`.
        defaults: Names bound before the first block (``{"nn": "torch.nn"}``): for
            code shown without its imports. Executed blocks get none.
    """

    def __init__(self, namespace: TorchNamespace, defaults: dict[str, str] | None = None) -> None:
        self.torch = namespace
        self.module = _Scope()
        for name, path in (defaults or {}).items():
            if self.torch.lookup(path)[0]:
                self.module.names[name] = Ref(path)
        self._uses: list[ApiUse] = []
        self._offsets: list[int] = []
        self._lines: list[str] = []

    def resolve(self, code: str) -> list[ApiUse]:
        """The torch/torchvision names of a block, in code order; the block's bindings are kept for the next one.

        Code that does not parse gives no names (and changes nothing).
        """
        try:
            tree = ast.parse(code)
        except SyntaxError:
            return []
        self._uses = []
        self._lines = code.splitlines(keepends=True)
        self._offsets = [0]
        for line in self._lines:
            self._offsets.append(self._offsets[-1] + len(line))
        for statement in tree.body:
            self._statement(statement, self.module)
        uses = sorted(set(self._uses), key=lambda use: (use.start, use.end))
        # A range inside another (never expected) would nest links: keep the outer one.
        kept: list[ApiUse] = []
        for use in uses:
            if kept and use.start < kept[-1].end:
                continue
            kept.append(use)
        return kept

    # --- Positions ---------------------------------------------------------------

    def _offset(self, line: int, column: int) -> int:
        """A character offset from ast's (line, UTF-8 byte column)."""
        text = self._lines[line - 1] if line - 1 < len(self._lines) else ""
        return self._offsets[line - 1] + len(text.encode("utf-8")[:column].decode("utf-8", errors="ignore"))

    def _record(self, node: ast.AST, name: str, kind: str, *, attribute_only: bool = False) -> None:
        """Note a use: the node's whole text, or only its last attribute name (a method on an instance)."""
        end = self._offset(node.end_lineno, node.end_col_offset)
        start = end - len(node.attr) if attribute_only else self._offset(node.lineno, node.col_offset)
        self._uses.append(ApiUse(name, kind, start, end))

    # --- Statements --------------------------------------------------------------

    def _statement(self, node: ast.stmt, scope: _Scope) -> None:
        """Resolve one statement's expressions, then bind what it assigns."""
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    self._bind_import(scope, alias.asname, alias.name)
                else:
                    top = alias.name.split(".")[0]
                    self._bind_import(scope, top, top)
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name == "*":
                    continue
                path = f"{node.module}.{alias.name}" if node.module and not node.level else ""
                self._bind_import(scope, alias.asname or alias.name, path)
        elif isinstance(node, ast.Assign):
            value = self._expression(node.value, scope)
            for target in node.targets:
                self._assign(target, value, scope)
        elif isinstance(node, ast.AnnAssign):
            annotation = self._expression(node.annotation, scope)
            value = self._expression(node.value, scope) if node.value is not None else None
            if value is None and isinstance(annotation, Ref) and self._is_class(annotation):
                value = Instance(annotation.path)
            self._assign(node.target, value, scope)
        elif isinstance(node, ast.AugAssign):
            self._expression(node.value, scope)
            self._expression(node.target, scope)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self._function(node, scope)
        elif isinstance(node, ast.ClassDef):
            self._class(node, scope)
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            self._expression(node.iter, scope)
            self._assign(node.target, None, scope)
            self._body(node.body + node.orelse, scope)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                value = self._expression(item.context_expr, scope)
                if item.optional_vars is not None:
                    self._assign(item.optional_vars, value if isinstance(value, Instance) else None, scope)
            self._body(node.body, scope)
        elif isinstance(node, ast.Return):
            value = self._expression(node.value, scope) if node.value is not None else None
            if scope.function is not None:
                scope.function.returns = value if scope.function.returns in (None, value) else None
        elif isinstance(node, ast.Delete):
            for target in node.targets:
                self._assign(target, None, scope)
        else:
            # if/while/try/match/expression statements...: their expressions, then their bodies.
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.stmt):
                    self._statement(child, scope)
                elif isinstance(child, ast.expr):
                    self._expression(child, scope)
                elif isinstance(child, (ast.excepthandler, ast.match_case)):
                    if isinstance(child, ast.ExceptHandler):
                        if child.type is not None:
                            self._expression(child.type, scope)
                        if child.name:
                            scope.names[child.name] = None
                    self._body(child.body, scope)

    def _body(self, statements: list[ast.stmt], scope: _Scope) -> None:
        for statement in statements:
            self._statement(statement, scope)

    def _bind_import(self, scope: _Scope, name: str, path: str) -> None:
        found, _ = self.torch.lookup(path) if path else (False, None)
        scope.names[name] = Ref(path) if found else None

    def _assign(self, target: ast.expr, value: Any, scope: _Scope) -> None:
        """Bind a target to a value's type (``None``: unknown, which hides an outer binding)."""
        if isinstance(target, ast.Name):
            scope.names[target.id] = value
        elif isinstance(target, (ast.Tuple, ast.List)):
            items = value.items if isinstance(value, Tup) and len(value.items) == len(target.elts) else None
            for index, element in enumerate(target.elts):
                self._assign(element, items[index] if items else None, scope)
        elif isinstance(target, ast.Starred):
            self._assign(target.value, None, scope)
        elif isinstance(target, ast.Attribute):
            owner = self._expression(target.value, scope) if not self._is_self(target.value, scope) else None
            if self._is_self(target.value, scope):
                scope_cls = self._enclosing_class(scope)
                if scope_cls is not None:
                    scope_cls.attributes[target.attr] = value
            elif isinstance(owner, Ref):
                self._expression(target, scope)
        elif isinstance(target, ast.Subscript):
            self._expression(target, scope)

    @staticmethod
    def _enclosing_class(scope: _Scope) -> UserClass | None:
        while scope is not None:
            if scope.cls is not None:
                return scope.cls
            scope = scope.parent
        return None

    def _is_self(self, node: ast.expr, scope: _Scope) -> bool:
        value = scope.get(node.id) if isinstance(node, ast.Name) else None
        return isinstance(value, Instance) and isinstance(value.cls, UserClass) and node.id == "self"

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef, scope: _Scope) -> None:
        for decorator in node.decorator_list:
            self._expression(decorator, scope)
        arguments = node.args
        for default in [*arguments.defaults, *(d for d in arguments.kw_defaults if d is not None)]:
            self._expression(default, scope)
        function = UserFunction(node.name)
        inner = _Scope(scope, function=function)
        every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
        every += [a for a in (arguments.vararg, arguments.kwarg) if a is not None]
        owner = scope.cls
        for index, argument in enumerate(every):
            annotation = self._expression(argument.annotation, scope) if argument.annotation is not None else None
            value = Instance(annotation.path) if isinstance(annotation, Ref) and self._is_class(annotation) else None
            if owner is not None and index == 0 and argument in arguments.args + arguments.posonlyargs:
                value = Instance(owner)
            inner.names[argument.arg] = value
        if node.returns is not None:
            self._expression(node.returns, scope)
        self._body(node.body, inner)
        if owner is not None:
            owner.own.add(node.name)
            owner.returns[node.name] = function.returns
        scope.names[node.name] = function

    def _class(self, node: ast.ClassDef, scope: _Scope) -> None:
        for decorator in node.decorator_list:
            self._expression(decorator, scope)
        cls = UserClass(node.name)
        for base in node.bases:
            value = self._expression(base, scope)
            if (isinstance(value, Ref) and self._is_class(value)) or isinstance(value, UserClass):
                cls.bases.append(value)
        for keyword in node.keywords:
            self._expression(keyword.value, scope)
        scope.names[node.name] = cls
        inner = _Scope(scope, cls=cls)
        for statement in node.body:
            if isinstance(statement, (ast.Assign, ast.AnnAssign)):
                targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
                cls.own.update(target.id for target in targets if isinstance(target, ast.Name))
            self._statement(statement, inner)

    def _is_class(self, ref: Ref) -> bool:
        found, obj = self.torch.lookup(ref.path)
        return found and inspect.isclass(obj)

    # --- Expressions -------------------------------------------------------------

    def _expression(self, node: ast.expr | None, scope: _Scope, *, record: bool = True) -> Any:
        """The value of an expression (a :class:`Ref`, an :class:`Instance`...), recording the names it uses."""
        if node is None:
            return None
        if isinstance(node, ast.Name):
            value = scope.get(node.id)
            if record and isinstance(value, Ref) and "." in value.path:
                # An alias of a module, class or function (``DataLoader``, ``F``) is linked;
                # a variable holding a value (``w = Weights.DEFAULT``) is not.
                kind = self.torch.kind(self.torch.lookup(value.path)[1])
                if kind != "data":
                    self._record(node, value.path, kind)
            return value
        if isinstance(node, ast.Attribute):
            return self._attribute(node, scope, record=record)
        if isinstance(node, ast.Call):
            return self._call(node, scope)
        if isinstance(node, (ast.BinOp, ast.BoolOp, ast.Compare, ast.UnaryOp)):
            operands = [self._expression(child, scope) for child in ast.iter_child_nodes(node) if isinstance(child, ast.expr)]
            tensor = any(isinstance(value, Instance) and value.cls == "torch.Tensor" for value in operands)
            return Instance("torch.Tensor") if tensor and not isinstance(node, ast.BoolOp) else None
        if isinstance(node, ast.Subscript):
            value = self._expression(node.value, scope)
            self._expression(node.slice, scope)
            return Instance("torch.Tensor") if value == Instance("torch.Tensor") else None
        if isinstance(node, ast.Tuple):
            return Tup(tuple(self._expression(element, scope) for element in node.elts))
        if isinstance(node, ast.NamedExpr):
            value = self._expression(node.value, scope)
            self._assign(node.target, value, scope)
            return value
        if isinstance(node, ast.Lambda):
            inner = _Scope(scope)
            for argument in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]:
                inner.names[argument.arg] = None
            self._expression(node.body, inner)
            return None
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
            inner = _Scope(scope)
            for generator in node.generators:
                self._expression(generator.iter, inner)
                self._assign(generator.target, None, inner)
                for condition in generator.ifs:
                    self._expression(condition, inner)
            for part in ("elt", "key", "value"):
                if hasattr(node, part):
                    self._expression(getattr(node, part), inner)
            return None
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                self._expression(child, scope)
            elif isinstance(child, ast.comprehension):  # pragma: no cover - handled above
                self._expression(child.iter, scope)
            elif isinstance(child, ast.keyword):
                self._expression(child.value, scope)
        return None

    def _attribute(self, node: ast.Attribute, scope: _Scope, *, record: bool) -> Any:
        # A chain (``nn.Linear``) is recorded whole, so its parts are looked at without recording;
        # any other value (a call, a subscript) records its own names once.
        chain = isinstance(node.value, (ast.Name, ast.Attribute))
        owner = self._expression(node.value, scope, record=False)
        if isinstance(owner, Ref):
            path = f"{owner.path}.{node.attr}"
            owner_obj = self.torch.lookup(owner.path)[1]
            # A chain goes on through modules and classes; past a value (``Weights.DEFAULT``) it stops.
            found, obj = self.torch.lookup(path) if inspect.ismodule(owner_obj) or inspect.isclass(owner_obj) else (False, None)
            if found:
                if record:
                    kind = self.torch.kind(obj)
                    if inspect.isclass(owner_obj):
                        kind = "method" if callable(obj) and not inspect.isclass(obj) else "attribute"
                    self._record(node, path, kind)
                return Ref(path)
            if record:
                self._expression(node.value, scope)  # the chain breaks here: record the part that exists
            return None
        if chain and record:
            self._expression(node.value, scope)
        if isinstance(owner, Instance):
            return self._member(node, owner, record=record)
        return None

    def _member(self, node: ast.Attribute, owner: Instance, *, record: bool) -> Any:
        """An attribute of an instance: a method of its torch class, or an attribute a user class assigned."""
        cls = owner.cls
        while isinstance(cls, UserClass):
            if node.attr in cls.attributes:
                return cls.attributes[node.attr]
            if node.attr in cls.own:
                return Method(node.attr, owner, None) if node.attr in cls.returns else None
            torch_bases = [base for base in cls.bases if isinstance(base, Ref)]
            user_bases = [base for base in cls.bases if isinstance(base, UserClass)]
            if user_bases:
                cls = user_bases[0]
                continue
            if not torch_bases:
                return None
            cls = torch_bases[0].path
        found, klass = self.torch.lookup(cls)
        if not found or not inspect.isclass(klass) or node.attr.startswith("_"):
            return None
        if not hasattr(klass, node.attr):
            return None
        name = self._documented_member(klass, cls, node.attr)
        if name is None:
            return None
        member = getattr(klass, node.attr)
        kind = "method" if callable(member) else "attribute"
        if record:
            self._record(node, name, kind, attribute_only=True)
        if kind == "attribute":
            return Instance("torch.Tensor") if name.startswith("torch.Tensor.") and node.attr in TENSOR_ATTRIBUTES else None
        return Method(name, owner, member)

    def _documented_member(self, klass: type, path: str, attribute: str) -> str | None:
        """``Public.attribute`` for the public class of ``klass``'s MRO that provides ``attribute``.

        The defining class when it is public (``klass`` itself under the path the
        code used, ``path``); otherwise the most derived public class above it
        (``torch.Tensor.view`` for a method of ``torch._C.TensorBase``).
        """
        public_seen = None
        mro = inspect.getmro(klass)
        for index, base in enumerate(mro):
            public = path if base is klass else self.torch.public_name(base)
            if public is not None:
                public_seen = public
            if attribute in vars(base) and not _wraps_inherited(vars(base)[attribute], mro[index + 1 :], attribute):
                return f"{public_seen}.{attribute}" if public_seen else None
        return None

    def _call(self, node: ast.Call, scope: _Scope) -> Any:
        function = self._expression(node.func, scope)
        for argument in node.args:
            self._expression(argument.value if isinstance(argument, ast.Starred) else argument, scope)
        for keyword in node.keywords:
            self._expression(keyword.value, scope)
        if isinstance(function, Ref):
            found, obj = self.torch.lookup(function.path)
            if not found:
                return None
            if inspect.isclass(obj):
                return Instance(function.path)
            return Instance("torch.Tensor") if _returned(obj) == "Tensor" else None
        if isinstance(function, UserClass):
            return Instance(function)
        if isinstance(function, UserFunction):
            return function.returns
        if isinstance(function, Method):
            if function.obj is None:  # a method of the example's class
                cls = function.owner.cls
                return cls.returns.get(function.name) if isinstance(cls, UserClass) else None
            returned = _returned(function.obj)
            method = function.name.rsplit(".", 1)[-1]
            if returned == "self" or (method in RETURNS_SELF and function.name.startswith("torch.nn.Module.")):
                return function.owner
            return Instance("torch.Tensor") if returned == "Tensor" else None
        if isinstance(function, Instance):
            return self._forward(function)
        return None

    def _forward(self, instance: Instance) -> Any:
        """What calling a module gives: its ``forward``'s return (annotated in torch, inferred in the example)."""
        cls = instance.cls
        while isinstance(cls, UserClass):
            if "forward" in cls.returns:
                return cls.returns["forward"]
            bases = cls.bases
            if not bases:
                return None
            cls = bases[0] if isinstance(bases[0], UserClass) else bases[0].path
        found, klass = self.torch.lookup(cls)
        forward = getattr(klass, "forward", None) if found and inspect.isclass(klass) else None
        if forward is None:
            return None
        return Instance("torch.Tensor") if _returned(forward) == "Tensor" else None
