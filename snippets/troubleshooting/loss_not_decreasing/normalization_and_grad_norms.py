import torch
import torch.nn as nn

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"

# Dois atributos em escalas muito diferentes: idade (anos) e renda (reais).
n = 512
age = 40 + 12 * torch.randn(n, 1)
income = 5000 + 2000 * torch.randn(n, 1)
X_raw = torch.cat([age, income], dim=1).to(device)
# Alvo padronizado que depende dos dois: (idade - 40)/12 - (renda - 5000)/2000.
y = ((age - 40) / 12 - (income - 5000) / 2000).to(device)


def grad_norms(model):
    """O diagnóstico da ficha: a norma do gradiente de cada parâmetro."""
    return {name: p.grad.norm().item() for name, p in model.named_parameters() if p.grad is not None}


def train(X, epochs=60, lr=0.01, label=""):
    torch.manual_seed(1)
    model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 1)).to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    for epoch in range(epochs):
        optimizer.zero_grad()
        loss = nn.functional.mse_loss(model(X), y)
        loss.backward()
        if epoch == 0:
            norms = "  ".join(f"{k}={v:.3g}" for k, v in grad_norms(model).items())
            print(f"{label}: normas do gradiente no 1º passo: {norms}")
        optimizer.step()
        if epoch in (0, epochs - 1):
            print(f"{label}: época {epoch + 1:2d}, perda {loss.item():.4g}")
    return loss.item()


# Sem normalizar: o gradiente de 0.weight é dominado pela renda (valores ~5000).
bad = train(X_raw, label="bruto")

# Padronizar cada coluna com média e desvio do TREINO (guarde-os para a inferência).
mean, std = X_raw.mean(dim=0), X_raw.std(dim=0)
X = (X_raw - mean) / std
print(f"média por coluna: {[round(v, 1) for v in mean.tolist()]}, desvio: {[round(v, 1) for v in std.tolist()]}")
good = train(X, label="padronizado")
assert not (good >= bad)  # também vale quando a perda bruta virou NaN
