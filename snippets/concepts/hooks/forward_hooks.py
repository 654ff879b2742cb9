import torch
from torch import nn

torch.manual_seed(0)  # mesmos pesos, mesma saída

model = nn.Sequential(
    nn.Linear(10, 32), nn.ReLU(),
    nn.Linear(32, 32), nn.ReLU(),
    nn.Linear(32, 2),
)
x = torch.randn(64, 10)

# Hook de forward: chamado DEPOIS do forward do módulo, com (módulo, entradas, saída)
activations = {}


def save_activation(name):
    def hook(module, inputs, output):
        activations[name] = output.detach()  # detach: guardar o valor, não o grafo
    return hook


handles = [
    model[i].register_forward_hook(save_activation(f"relu{i}"))
    for i, layer in enumerate(model) if isinstance(layer, nn.ReLU)
]
logits = model(x)  # uma passagem normal; os hooks observam no caminho
for name, act in activations.items():
    dead = (act == 0).float().mean().item()
    print(f"{name}: forma {tuple(act.shape)}, {dead:.0%} das ativações são zero")

# Cada register_* devolve um handle: remove() desliga o hook
for h in handles:
    h.remove()
activations.clear()
model(x)
print("hooks removidos, ativações capturadas:", len(activations))


# Um hook de forward que DEVOLVE algo substitui a saída do módulo
def clamp_output(module, inputs, output):
    return output.clamp(min=-0.1, max=0.1)


handle = model[4].register_forward_hook(clamp_output)
print("maior |logit| com o hook:", round(model(x).abs().max().item(), 3))
handle.remove()
print("maior |logit| sem o hook:", round(model(x).abs().max().item(), 3))


# Hook de pré-forward: chamado ANTES do forward, pode trocar as entradas
def double_input(module, inputs):
    return (inputs[0] * 2,)  # uma tupla com as novas entradas


handle = model[0].register_forward_pre_hook(double_input)
doubled = model(x)
handle.remove()
print("com o pré-hook == modelo(2x):", torch.allclose(doubled, model(2 * x)))
