# --8<-- [start:op]
import re

import numpy as np
import torch
from torch import Tensor

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"


# Uma operação feita fora do PyTorch (aqui, NumPy), registrada como tocha::numpy_tanh.
# As anotações de tipo viram o esquema; mutates_args=() diz que nenhuma entrada é alterada.
@torch.library.custom_op("tocha::numpy_tanh", mutates_args=())
def numpy_tanh(x: Tensor) -> Tensor:
    result = np.tanh(x.detach().cpu().numpy())  # NumPy só vê a CPU: ida e volta
    return torch.from_numpy(result).to(x.device)


x = torch.randn(5, device=device)
print("esquema:", torch.ops.tocha.numpy_tanh.default._schema)
print("numpy_tanh(x):", numpy_tanh(x))
print("pelo registro, torch.ops.tocha.numpy_tanh:", torch.equal(torch.ops.tocha.numpy_tanh(x), numpy_tanh(x)))
print("igual a torch.tanh:", torch.allclose(numpy_tanh(x), torch.tanh(x)))
# --8<-- [end:op]

# --8<-- [start:fake]
def show_graph(gm, example_inputs):  # um backend que só mostra o grafo capturado
    ops = [getattr(node.target, "__name__", str(node.target)) for node in gm.graph.nodes if node.op == "call_function"]
    print("  operações do grafo:", ops)
    return gm.forward


def f(x):
    return torch.sum(numpy_tanh(x * 2))


# Sem implementação fake, o Dynamo não sabe a forma da saída: a captura para com um erro
try:
    torch.compile(f, fullgraph=True, backend=show_graph)(x)
except Exception as error:
    print(type(error).__name__ + ":", re.search(r"There was no fake impl[^.]*\.", str(error)).group())
torch._dynamo.reset()  # esquece a tentativa que falhou


# A implementação fake (ou meta): só formas, tipos e dispositivo, sem fazer a conta
@numpy_tanh.register_fake
def _(x):
    return torch.empty_like(x)


print("com register_fake:")
compiled = torch.compile(f, fullgraph=True, backend=show_graph)
print("  compilada == imediata:", torch.allclose(compiled(x), f(x)))
# --8<-- [end:fake]

# --8<-- [start:autograd]
# Sem fórmula de gradiente, o backward falha; register_autograd a fornece
try:
    numpy_tanh(x.clone().requires_grad_()).sum().backward()
except RuntimeError as error:
    print("sem register_autograd:", str(error).split(". ")[0])


def setup_context(ctx, inputs, output):
    ctx.save_for_backward(output)  # a derivada de tanh sai da própria saída: 1 - y²


def backward(ctx, grad_output):
    (y,) = ctx.saved_tensors
    return grad_output * (1 - y * y)  # operações do PyTorch: o backward também é capturável


numpy_tanh.register_autograd(backward, setup_context=setup_context)

x64 = torch.randn(5, dtype=torch.float64, device=device, requires_grad=True)
print("gradcheck:", torch.autograd.gradcheck(numpy_tanh, (x64,)))

# opcheck testa o registro inteiro: esquema, autograd, fake e a captura pelo AOTAutograd
print("opcheck:", torch.library.opcheck(numpy_tanh, (x64,)))
# --8<-- [end:autograd]
