import copy

import matplotlib.pyplot as plt
import torch
from torch import nn

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"

# Regressão não linear em dados gerados: y = sin(3x) + ruído
X = torch.linspace(-1, 1, 256, device=device).unsqueeze(1)
y = torch.sin(3 * X) + 0.05 * torch.randn_like(X)

# Um MLP pequeno; todos os otimizadores partem dos mesmos pesos iniciais
base = nn.Sequential(nn.Linear(1, 32), nn.Tanh(), nn.Linear(32, 32), nn.Tanh(), nn.Linear(32, 1)).to(device)

optimizers = {
    "SGD": lambda p: torch.optim.SGD(p, lr=0.05),
    "SGD + momentum": lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9),
    "RMSprop": lambda p: torch.optim.RMSprop(p, lr=0.001),
    "Adam": lambda p: torch.optim.Adam(p, lr=0.01),
}

loss_fn = nn.MSELoss()
curves = {}
# Com tensores tão pequenos, dividir cada operação entre threads custa mais do que
# rende: uma thread só é mais rápida (e não disputa a CPU com outros processos)
threads = torch.get_num_threads()
torch.set_num_threads(1)
for name, make_optimizer in optimizers.items():
    model = copy.deepcopy(base)
    optimizer = make_optimizer(model.parameters())
    losses = []
    for step in range(200):
        optimizer.zero_grad()
        loss = loss_fn(model(X), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    curves[name] = losses
    print(f"{name:<15} perda inicial {losses[0]:.4f}  final {losses[-1]:.4f}")
torch.set_num_threads(threads)  # devolve o valor anterior

fig, ax = plt.subplots(figsize=(7, 4))
for name, losses in curves.items():
    ax.plot(losses, label=name)
ax.set_yscale("log")
ax.set_xlabel("passo")
ax.set_ylabel("perda (MSE, escala log)")
ax.set_title("Mesmo modelo, mesmos pesos iniciais, otimizadores diferentes")
ax.legend()
fig.tight_layout()
fig.savefig("perda.svg")
print("figura salva: perda.svg")
