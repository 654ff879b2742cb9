import torch
from torch import nn

torch.manual_seed(0)

model = nn.Sequential(
    nn.Linear(4, 8),
    nn.ReLU(),
    nn.Linear(8, 3),
)

# named_parameters() percorre os parâmetros de todos os submódulos, com nomes
for name, param in model.named_parameters():
    print(f"{name:<9} forma={str(tuple(param.shape)):<7} requires_grad={param.requires_grad}")

total = sum(p.numel() for p in model.parameters())
print(f"total de parâmetros: {total}  (4*8 + 8 + 8*3 + 3)")
assert total == 4 * 8 + 8 + 8 * 3 + 3

# Congelar a primeira camada, como na "transfer learning" da ficha:
# sem requires_grad, o autograd não calcula gradiente para esses pesos
for param in model[0].parameters():
    param.requires_grad_(False)

trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
print(f"treináveis após congelar model[0]: {trainable}")

loss = model(torch.randn(2, 4)).sum()
loss.backward()
print(f"model[0].weight.grad: {model[0].weight.grad}")
print(f"model[2].weight.grad tem forma {tuple(model[2].weight.grad.shape)}")

# Ao otimizador, passe só o que deve aprender
params_to_train = [p for p in model.parameters() if p.requires_grad]
optimizer = torch.optim.SGD(params_to_train, lr=0.1)
print(f"tensores no otimizador: {len(optimizer.param_groups[0]['params'])}")
