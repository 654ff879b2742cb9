# --8<-- [start:explain]
import torch

torch.manual_seed(0)  # mesma saída a cada execução


def scale(x):
    y = torch.sin(x) ** 2
    if y.sum() > 1:  # o desvio depende do VALOR de um tensor
        y = y / y.sum()
    return y.cos()


def report(fn, *args):
    """Quantos grafos e quebras o Dynamo produz para fn, e por quê."""
    torch.compiler.reset()  # esquece compilações anteriores
    explanation = torch._dynamo.explain(fn)(*args)
    print(f"{fn.__name__}: {explanation.graph_count} grafo(s), {explanation.graph_break_count} quebra(s)")
    for b in explanation.break_reasons:
        print(f"  motivo: {b.reason.splitlines()[0]}")
        print(f"  na linha: {b.user_stack[-1].line}")


x = torch.randn(8)
report(scale, x)
# --8<-- [end:explain]


# --8<-- [start:sem-quebra]
def scale_where(x):
    y = torch.sin(x) ** 2
    total = y.sum()
    y = torch.where(total > 1, y / total, y)  # os dois ramos como operações de tensor
    return y.cos()


report(scale_where, x)
print("mesmo resultado:", torch.allclose(scale(x), scale_where(x)))
# --8<-- [end:sem-quebra]


# --8<-- [start:fullgraph]
# fullgraph=True transforma a quebra em erro: útil para garantir um grafo só
strict = torch.compile(scale, backend="eager", fullgraph=True)
try:
    strict(x)
except torch._dynamo.exc.Unsupported as err:
    print("fullgraph=True:", type(err).__name__)
    print(" ", str(err).splitlines()[0])
# --8<-- [end:fullgraph]
