import torch

torch.manual_seed(0)  # mesma saída a cada execução

# Modelo: dy/dt = -k * y, com y(0) = 1. Queremos descobrir k a partir de medições.
K_TRUE = 0.7
DT, STEPS = 0.05, 60  # 60 passos de Euler cobrem t de 0 a 3


def simulate(k):
    """Integra a EDO pelo método de Euler: y[n+1] = y[n] + dt * (-k * y[n])."""
    y = torch.ones((), dtype=k.dtype)
    trajectory = [y]
    for _ in range(STEPS):
        y = y + DT * (-k * y)
        trajectory.append(y)
    return torch.stack(trajectory)


# "Medições": a simulação com o k verdadeiro, mais um pouco de ruído
with torch.no_grad():
    measured = simulate(torch.tensor(K_TRUE)) + 0.01 * torch.randn(STEPS + 1)

# O autograd deriva através dos 60 passos do simulador
k = torch.tensor(0.1, requires_grad=True)
optimizer = torch.optim.Adam([k], lr=0.05)
for step in range(1, 201):
    optimizer.zero_grad()
    loss = ((simulate(k) - measured) ** 2).mean()
    loss.backward()
    optimizer.step()
    if step % 50 == 0:
        print(f"passo {step:3d}: k = {k.item():.4f}, erro quadrático médio = {loss.item():.2e}")

print(f"k estimado = {k.item():.3f} (verdadeiro: {K_TRUE})")
assert abs(k.item() - K_TRUE) < 0.02

# Figura: medições e a curva com o k estimado
import matplotlib.pyplot as plt

t = torch.arange(STEPS + 1) * DT
with torch.no_grad():
    fitted = simulate(k)
fig, ax = plt.subplots(figsize=(5, 3))
ax.plot(t, measured, ".", label="medições")
ax.plot(t, fitted, "-", label=f"ajuste, k = {k.item():.3f}")
ax.set_xlabel("t")
ax.set_ylabel("y")
ax.legend()
fig.tight_layout()
fig.savefig("ajuste_edo.svg")
plt.close(fig)
