import matplotlib.pyplot as plt
import torch
import torch.nn as nn

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"

# 16 pontos ruidosos de sen(x): poucos dados para a rede abaixo.
x = torch.linspace(-3, 3, 16, device=device).unsqueeze(1)
y = torch.sin(x) + 0.3 * torch.randn(16, 1, device=device)
x_grid = torch.linspace(-3, 3, 200, device=device).unsqueeze(1)
y_true = torch.sin(x_grid)  # a função verdadeira, sem ruído


def make_model():
    return nn.Sequential(
        nn.Linear(1, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 1)
    ).to(device)


def train(weight_decay, steps=200):
    torch.manual_seed(1)  # o mesmo modelo inicial para todas as configurações
    model = make_model()
    # AdamW aplica o decaimento direto nos pesos, separado do gradiente da perda.
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-2, weight_decay=weight_decay)
    for _ in range(steps):
        optimizer.zero_grad()
        loss = nn.functional.mse_loss(model(x), y)
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        train_err = nn.functional.mse_loss(model(x), y).item()
        true_err = nn.functional.mse_loss(model(x_grid), y_true).item()
        curve = model(x_grid).squeeze(1).cpu()
    return train_err, true_err, curve


n_params = sum(p.numel() for p in make_model().parameters())
print(f"{n_params} parâmetros para {len(x)} pontos de treino\n")
print(f"{'weight_decay':>12} {'erro no treino':>15} {'erro contra sen(x)':>19}")
curves = {}
for wd in (0.0, 3.0, 10.0):
    train_err, true_err, curves[wd] = train(wd)
    print(f"{wd:12g} {train_err:15.4f} {true_err:19.4f}")
print("(o ruído tem variância 0.09: erro de treino bem abaixo disso = decorou o ruído)")

fig, ax = plt.subplots(figsize=(6, 3.2))
ax.plot(x_grid.cpu(), y_true.cpu(), "k--", lw=1, label="sen(x)")
ax.scatter(x.cpu(), y.cpu(), s=14, color="k", label="treino")
for wd, curve in curves.items():
    ax.plot(x_grid.cpu(), curve, label=f"weight_decay={wd:g}")
ax.legend(fontsize=8)
fig.tight_layout()
fig.savefig("weight_decay.svg")
plt.close(fig)
print("figura: weight_decay.svg")
