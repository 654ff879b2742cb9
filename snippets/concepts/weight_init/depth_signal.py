# --8<-- [start:profundidade]
import matplotlib.pyplot as plt
import torch
from torch import nn

torch.manual_seed(0)  # mesmos pesos, mesma saída


def make_mlp(init, depth=30, width=256):
    """30 camadas Linear + ReLU, com os pesos iniciados por `init`."""
    layers = []
    for _ in range(depth):
        linear = nn.Linear(width, width)
        init(linear.weight)
        nn.init.zeros_(linear.bias)
        layers += [linear, nn.ReLU()]
    return nn.Sequential(*layers)


def activation_stds(model, x):
    """Desvio padrão da saída de cada ReLU, capturado com um hook de forward."""
    stds = []
    hooks = [m.register_forward_hook(lambda mod, inp, out: stds.append(out.std().item()))
             for m in model if isinstance(m, nn.ReLU)]
    with torch.no_grad():
        model(x)
    for h in hooks:
        h.remove()
    return stds


x = torch.randn(512, 256)
schemes = {
    "normal(0, 1)": lambda w: nn.init.normal_(w, std=1.0),
    "normal(0, 0.01)": lambda w: nn.init.normal_(w, std=0.01),
    "padrão do nn.Linear": lambda w: nn.init.kaiming_uniform_(w, a=5**0.5),
    "kaiming_normal_ (ReLU)": lambda w: nn.init.kaiming_normal_(w, nonlinearity="relu"),
}
results = {name: activation_stds(make_mlp(init), x) for name, init in schemes.items()}
for name, stds in results.items():
    print(f"{name:23} camada 1: {stds[0]:.3g}   camada 30: {stds[-1]:.3g}")

fig, ax = plt.subplots(figsize=(6, 3.5))
for name, stds in results.items():
    ax.plot(range(1, len(stds) + 1), stds, label=name)
ax.set_yscale("log")
ax.set_xlabel("camada")
ax.set_ylabel("desvio padrão da ativação")
ax.legend(fontsize="small")
fig.tight_layout()
fig.savefig("ativacoes.svg")
plt.close(fig)
print("figura salva: ativacoes.svg")
# --8<-- [end:profundidade]


# --8<-- [start:apply]
# Inicializar um modelo inteiro: model.apply(fn) chama fn em cada submódulo
def init_weights(module):
    if isinstance(module, nn.Linear):
        nn.init.kaiming_normal_(module.weight, nonlinearity="relu")
        nn.init.zeros_(module.bias)
    elif isinstance(module, nn.Embedding):
        nn.init.normal_(module.weight, std=0.02)


model = nn.Sequential(nn.Embedding(100, 64), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))
model.apply(init_weights)
print(f"Embedding std: {model[0].weight.std():.4f}, bias do Linear: {model[1].bias.abs().sum().item()}")

# reset_parameters() devolve uma camada ao padrão do PyTorch
model[1].reset_parameters()
print(f"depois de reset_parameters(), bias do Linear: soma |b| = {model[1].bias.abs().sum():.4f}")
# --8<-- [end:apply]
