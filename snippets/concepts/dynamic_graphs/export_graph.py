import contextlib
import io

import torch
import torch.nn as nn

torch.manual_seed(0)  # mesma saída a cada execução


class Small(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(3, 2)

    def forward(self, x):
        return torch.relu(self.lin(x))


# torch.export executa o forward uma vez, rastreando-o, e devolve o grafo inteiro
model = Small()
example = (torch.randn(4, 3),)
program = torch.export.export(model, example)
print("nós do grafo exportado:")
for node in program.graph.nodes:
    print(f"  {node.op:14} {node.target}")
assert torch.allclose(program.module()(*example), model(*example))


# Um "if" Python que depende do VALOR de um tensor não cabe num grafo único...
class Branchy(nn.Module):
    def forward(self, x):
        if x.sum() > 0:
            return x * 2
        return x - 1


try:
    # Antes do erro, o torch.export escreve em stderr o grafo parcial; aqui basta a mensagem
    with contextlib.redirect_stderr(io.StringIO()):
        torch.export.export(Branchy(), (torch.randn(3),))
except RuntimeError as err:
    print(f"Branchy: {type(err).__name__}: {str(err).split(' (')[0]}")


# ...torch.cond grava os DOIS ramos no grafo e escolhe um na execução
class WithCond(nn.Module):
    def forward(self, x):
        return torch.cond(x.sum() > 0, lambda t: t * 2, lambda t: t - 1, (x,))


exported = torch.export.export(WithCond(), (torch.randn(3),)).module()
print("cond com soma > 0:", exported(torch.ones(3)).tolist())
print("cond com soma < 0:", exported(-torch.ones(3)).tolist())
