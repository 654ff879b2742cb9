import matplotlib.pyplot as plt
import torch
import torch.nn as nn

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"

# Regressão gerada no código: y = sen(x1) + 0.5 * x2 + ruído.
X = torch.randn(256, 2, device=device)
y = torch.sin(X[:, :1]) + 0.5 * X[:, 1:] + 0.05 * torch.randn(256, 1, device=device)


def train(lr, epochs=100):
    torch.manual_seed(1)  # o mesmo modelo inicial para toda taxa
    model = nn.Sequential(nn.Linear(2, 32), nn.Tanh(), nn.Linear(32, 1)).to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for _ in range(epochs):
        optimizer.zero_grad()
        loss = nn.functional.mse_loss(model(X), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


runs = {lr: train(lr) for lr in (3.0, 1e-4, 0.1)}
labels = {3.0: "alta demais", 1e-4: "baixa demais", 0.1: "adequada"}
for lr, losses in runs.items():
    marks = "  ".join(f"{losses[e]:9.4g}" for e in (0, 9, 49, 99))
    print(f"lr={lr:<6g} ({labels[lr]:12}) perda nas épocas 1/10/50/100: {marks}")

fig, ax = plt.subplots(figsize=(6, 3.2))
for lr, losses in runs.items():
    ax.plot(range(1, len(losses) + 1), losses, label=f"lr={lr:g} ({labels[lr]})")
ax.set_yscale("log")
ax.set_ylim(1e-2, 1e2)  # a curva divergente sai pelo topo
ax.set_xlabel("época")
ax.set_ylabel("perda (MSE, escala log)")
ax.legend()
fig.tight_layout()
fig.savefig("taxa_de_aprendizado.svg")
plt.close(fig)
print("figura: taxa_de_aprendizado.svg")
