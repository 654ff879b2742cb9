# --8<-- [start:dados]
import math

import matplotlib.pyplot as plt
import torch
from torch import nn

torch.manual_seed(0)  # mesmos dados, mesmos pesos, mesma saída
device = "cuda" if torch.cuda.is_available() else "cpu"

# A distribuição "real": 8 nuvens gaussianas num círculo de raio 2
CENTERS = torch.tensor([[2 * math.cos(a), 2 * math.sin(a)] for a in torch.arange(8) * 2 * math.pi / 8])


def sample_real(n):
    which = torch.randint(8, (n,))
    return (CENTERS[which] + 0.05 * torch.randn(n, 2)).to(device)


def modes_covered(points, min_share=0.02):
    """Quantas das 8 nuvens recebem pelo menos 2% das amostras (a até 0,3 do centro)."""
    dist = torch.cdist(points.cpu(), CENTERS)  # (n, 8): distância a cada centro
    near = dist.min(dim=1).values < 0.3
    counts = torch.bincount(dist.argmin(dim=1)[near], minlength=8)
    return int((counts >= min_share * len(points)).sum()), near.float().mean().item()


print("amostras reais:", tuple(sample_real(4).shape))
# --8<-- [end:dados]


# --8<-- [start:modelos]
NOISE_DIM = 8
generator = nn.Sequential(  # ruído -> ponto 2-D
    nn.Linear(NOISE_DIM, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(), nn.Linear(128, 2)
).to(device)
discriminator = nn.Sequential(  # ponto 2-D -> logit de "é real"
    nn.Linear(2, 128), nn.LeakyReLU(0.2), nn.Linear(128, 128), nn.LeakyReLU(0.2), nn.Linear(128, 1)
).to(device)
opt_g = torch.optim.Adam(generator.parameters(), lr=1e-3, betas=(0.5, 0.999))
opt_d = torch.optim.Adam(discriminator.parameters(), lr=1e-3, betas=(0.5, 0.999))
bce = nn.BCEWithLogitsLoss()  # sigmoid + entropia cruzada binária, numericamente estável
for name, net in [("gerador", generator), ("discriminador", discriminator)]:
    print(f"{name}: {sum(p.numel() for p in net.parameters())} parâmetros")
# --8<-- [end:modelos]


# --8<-- [start:treino]
BATCH = 256
fixed_noise = torch.randn(1000, NOISE_DIM, device=device)  # o mesmo ruído para acompanhar o gerador
snapshots = {}
ones = torch.ones(BATCH, 1, device=device)
zeros = torch.zeros(BATCH, 1, device=device)

for step in range(1, 2001):
    # 1) Discriminador: real -> 1, falso -> 0. detach(): este passo não treina o gerador
    real = sample_real(BATCH)
    fake = generator(torch.randn(BATCH, NOISE_DIM, device=device))
    loss_d = bce(discriminator(real), ones) + bce(discriminator(fake.detach()), zeros)
    opt_d.zero_grad()
    loss_d.backward()
    opt_d.step()

    # 2) Gerador: quer que o discriminador diga 1 para as amostras falsas
    loss_g = bce(discriminator(fake), ones)
    opt_g.zero_grad()
    loss_g.backward()
    opt_g.step()

    if step in (1, 200, 500, 2000):
        with torch.no_grad():
            samples = generator(fixed_noise)
        snapshots[step] = samples.cpu()
        modes, near = modes_covered(samples)
        print(f"passo {step:4}: perda D {loss_d.item():.3f}, perda G {loss_g.item():.3f}, "
              f"nuvens cobertas {modes}/8, amostras perto de uma nuvem {near:.0%}")

# No equilíbrio ideal, o discriminador não distingue nada e responde 50% para tudo
print(f"referência, discriminador indeciso: perda D = {2 * math.log(2):.3f}, perda G = {math.log(2):.3f}")

# Fração das amostras geradas mais próximas de cada nuvem, comparada à da distribuição real
nearest = torch.cdist(snapshots[2000], CENTERS).argmin(dim=1)
shares = torch.bincount(nearest, minlength=8) / len(nearest)
print(f"fração por nuvem (na distribuição real: {1 / 8:.1%} cada):", [f"{s:.1%}" for s in shares.tolist()])
# --8<-- [end:treino]


# --8<-- [start:figura]
real = sample_real(1000).cpu()
fig, axes = plt.subplots(1, len(snapshots), figsize=(10, 2.8), sharex=True, sharey=True)
for ax, (step, samples) in zip(axes, snapshots.items()):
    ax.scatter(real[:, 0], real[:, 1], s=2, color="0.7", label="reais")
    ax.scatter(samples[:, 0], samples[:, 1], s=2, color="tab:orange", label="geradas")
    ax.set_title(f"passo {step}")
    ax.set_aspect("equal")
axes[0].set_xlim(-3, 3)
axes[0].set_ylim(-3, 3)
axes[0].legend(loc="lower left", fontsize="small", markerscale=4)
fig.tight_layout()
fig.savefig("gan.png", dpi=100)
plt.close(fig)
print("figura salva: gan.png")
# --8<-- [end:figura]
