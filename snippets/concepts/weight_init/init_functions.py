import math

import torch
from torch import nn

torch.manual_seed(0)  # mesmos pesos, mesma saída

# O padrão do nn.Linear: uniforme em [-1/√fan_in, 1/√fan_in] (fan_in = entradas por neurônio)
layer = nn.Linear(256, 512)
fan_in = layer.weight.shape[1]
print(f"nn.Linear(256, 512): pesos em [{layer.weight.min():.4f}, {layer.weight.max():.4f}], "
      f"limite 1/√fan_in = {1 / math.sqrt(fan_in):.4f}")

# As funções de nn.init escrevem NO LUGAR (o _ final) e não entram no grafo do autograd
w = torch.empty(512, 256)  # (saídas, entradas), como o weight de um nn.Linear
fan_out = w.shape[0]
inits = {
    "xavier_uniform_": (nn.init.xavier_uniform_, math.sqrt(2 / (fan_in + fan_out))),
    "xavier_normal_": (nn.init.xavier_normal_, math.sqrt(2 / (fan_in + fan_out))),
    "kaiming_uniform_ (ReLU)": (lambda t: nn.init.kaiming_uniform_(t, nonlinearity="relu"), math.sqrt(2 / fan_in)),
    "kaiming_normal_ (ReLU)": (lambda t: nn.init.kaiming_normal_(t, nonlinearity="relu"), math.sqrt(2 / fan_in)),
}
print("desvio padrão obtido x esperado:")
for name, (init, expected) in inits.items():
    init(w)
    print(f"  {name:24} {w.std().item():.4f}  x  {expected:.4f}")

# O ganho corrige a escala para cada ativação (a ReLU zera metade: ganho √2)
for act in ["linear", "tanh", "relu", "leaky_relu"]:
    print(f"calculate_gain({act!r}) = {nn.init.calculate_gain(act):.4f}")

# Outras: constantes, zeros, matriz ortogonal
nn.init.orthogonal_(w[:256])  # bloco 256 x 256
q = w[:256]
print("orthogonal_: QᵀQ = I?", torch.allclose(q.T @ q, torch.eye(256), atol=1e-4))
nn.init.zeros_(layer.bias)
nn.init.constant_(w, 0.5)
print("zeros_ no bias:", layer.bias.abs().sum().item(), "| constant_:", w.unique().tolist())
