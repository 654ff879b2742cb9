import torch
from torch import nn
from torch.nn.utils import parametrize
from torch.nn.utils.parametrizations import orthogonal

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"


# Uma parametrização é um módulo: recebe o tensor guardado e devolve o peso que o módulo usa
class Symmetric(nn.Module):
    def forward(self, X):
        return X.triu() + X.triu(1).mT  # triângulo superior espelhado: sempre simétrica


layer = nn.Linear(4, 4).to(device)
parametrize.register_parametrization(layer, "weight", Symmetric())
print("classe:", type(layer).__name__)
print("parâmetros:", [name for name, _ in layer.named_parameters()])
print(layer.weight.detach().cpu().round(decimals=2))
print("weight simétrica:", torch.equal(layer.weight, layer.weight.mT))

# O otimizador atualiza o tensor original; weight é recalculada a cada acesso e continua simétrica
optimizer = torch.optim.SGD(layer.parameters(), lr=0.1)
layer(torch.randn(8, 4, device=device)).pow(2).sum().backward()
optimizer.step()
print("depois de um passo, simétrica:", torch.equal(layer.weight, layer.weight.mT))

# Dentro de parametrize.cached(), weight é calculada uma vez só (útil num laço que a usa muitas vezes)
with parametrize.cached():
    print("no cache, o mesmo objeto:", layer.weight is layer.weight)

# remove_parametrizations: fica o valor atual, como um Parameter comum (a restrição sai)
parametrize.remove_parametrizations(layer, "weight", leave_parametrized=True)
print("removida:", type(layer).__name__, [name for name, _ in layer.named_parameters()])

# Pronta no PyTorch: orthogonal mantém W Wᵀ = I durante todo o treino
q = orthogonal(nn.Linear(6, 6)).to(device)
eye = torch.eye(6, device=device)
print("\nW Wᵀ = I:", torch.allclose(q.weight @ q.weight.mT, eye, atol=1e-5))
optimizer = torch.optim.Adam(q.parameters(), lr=0.1)
for _ in range(5):
    optimizer.zero_grad()
    q(torch.randn(8, 6, device=device)).sum().backward()
    optimizer.step()
print("depois de 5 passos de Adam, W Wᵀ = I:", torch.allclose(q.weight @ q.weight.mT, eye, atol=1e-5))


# A poda também cabe numa parametrização: uma máscara fixa multiplicando o peso
class Mask(nn.Module):
    def __init__(self, mask):
        super().__init__()
        self.register_buffer("mask", mask)

    def forward(self, X):
        return X * self.mask


pruned = nn.Linear(6, 4).to(device)
mask = (pruned.weight.abs() > pruned.weight.abs().median()).float()
parametrize.register_parametrization(pruned, "weight", Mask(mask))
print(f"\nesparsidade com a parametrização Mask: {(pruned.weight == 0).float().mean().item():.0%}")
