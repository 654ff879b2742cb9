import torch
import torch.nn as nn

torch.manual_seed(0)  # mesma saída a cada execução


class DynamicNet(nn.Module):
    """Aplica a mesma camada um número de vezes que depende da entrada."""

    def __init__(self):
        super().__init__()
        self.layer = nn.Linear(4, 4)
        self.head = nn.Linear(4, 1)

    def forward(self, x):
        steps = int(x.abs().sum().item()) % 4 + 1   # laço Python decidido pelos dados
        for _ in range(steps):
            x = torch.tanh(self.layer(x))
        doubled = bool(x.mean() > 0)                # if Python decidido pelos dados
        if doubled:
            x = x * 2
        return self.head(x), steps, doubled


def graph_nodes(fn):
    """Conta os nós de um grafo do autograd, percorrendo next_functions."""
    seen, stack = set(), [fn]
    while stack:
        node = stack.pop()
        if node is None or node in seen:
            continue
        seen.add(node)
        stack.extend(child for child, _ in node.next_functions)
    return seen


model = DynamicNet()
for x in [torch.full((1, 4), 0.1), torch.full((1, 4), -0.7)]:
    out, steps, doubled = model(x)
    nodes = graph_nodes(out.grad_fn)
    kinds = sorted({type(n).__name__ for n in nodes})
    branch = "sim" if doubled else "não"
    print(f"entrada {x[0, 0].item():+.1f}: {steps} iteração(ões), ramo x * 2: {branch}, {len(nodes)} nós no grafo")
    print("   tipos:", ", ".join(kinds))
    out.sum().backward()        # o backward percorre exatamente o grafo desta chamada
    model.zero_grad()
