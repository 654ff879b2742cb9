import math

import torch
import torch.nn.functional as F
from torch import nn

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"

# Regressão em dados gerados: y = X·w + ruído
X = torch.randn(256, 10, device=device)
y = X @ torch.randn(10, 1, device=device) + 0.1 * torch.randn(256, 1, device=device)


def train(lr, max_norm=None, steps=60, check=True):
    torch.manual_seed(0)  # mesma inicialização em todas as chamadas
    model = nn.Sequential(nn.Linear(10, 32), nn.Tanh(), nn.Linear(32, 1)).to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    best = math.inf
    for step in range(1, steps + 1):
        optimizer.zero_grad()
        loss = F.mse_loss(model(X), y)
        value = loss.item()
        if not check and not math.isfinite(value):
            print(f"  sem verificação, a perda só deixa de ser finita no passo {step}: {value}")
            return
        # A verificação simples: perda não finita, ou 10 vezes acima da melhor até aqui
        if check and (not math.isfinite(value) or value > 10 * best):
            print(f"  passo {step}: perda {value:.4g} (a melhor era {best:.4f}): parando")
            return
        best = min(best, value)
        loss.backward()
        if max_norm is not None:
            # clip_grad_norm_ devolve a norma total ANTES do corte; se passar de max_norm,
            # todos os gradientes são multiplicados por max_norm / norma
            norm = nn.utils.clip_grad_norm_(model.parameters(), max_norm=max_norm)
            if step in (1, 2, 30, steps):
                print(f"  passo {step:2}: perda {value:.4f}, norma do gradiente {norm.item():.2f}")
        optimizer.step()
    print(f"  {steps} passos sem disparar a verificação; perda final {value:.4f}")


print("lr=0.5, sem corte:")
train(lr=0.5, check=False)
train(lr=0.5)
print("lr=0.5, com clip_grad_norm_(max_norm=1.0):")
train(lr=0.5, max_norm=1.0)
print("lr=0.1, sem corte (a taxa certa):")
train(lr=0.1)
