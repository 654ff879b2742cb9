import pickle
import re

import torch
from torch import nn

torch.manual_seed(0)


class TinyNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        return self.fc(x)


model = TinyNet()

# O jeito frágil: gravar o OBJETO inteiro (pickle da instância e de sua classe).
torch.save(model, "modelo_inteiro.pt")

# 1. O carregamento seguro recusa o arquivo; desde o PyTorch 2.6 ele é o padrão.
for label, kwargs in [("torch.load(f)", {}), ("torch.load(f, weights_only=True)", {"weights_only": True})]:
    try:
        torch.load("modelo_inteiro.pt", **kwargs)
    except pickle.UnpicklingError as error:
        message = re.sub(r"\x1b\[[0-9;]*m", "", str(error))  # tira as cores do terminal
        print(f"{label} -> {type(error).__name__}: {message.split('. ')[0]}.")
print("  motivo: " + re.search(r"Unsupported global: GLOBAL \S+", message).group())

# 2. Mesmo com weights_only=False (só para arquivos de confiança: o pickle pode
#    executar código), a classe precisa existir com o MESMO nome e módulo.
#    Simulamos uma refatoração que renomeou a classe:
TinyNetV2 = TinyNet
del TinyNet
try:
    torch.load("modelo_inteiro.pt", weights_only=False)
except AttributeError as error:
    print(f"classe renomeada -> {type(error).__name__}: {str(error).split(' on ')[0]}")

# O jeito robusto: gravar o state_dict (só tensores) e recriar o modelo pelo código.
torch.save(model.state_dict(), "pesos.pt")
restored = TinyNetV2()
restored.load_state_dict(torch.load("pesos.pt", weights_only=True))
x = torch.randn(1, 4)
assert torch.equal(restored(x), model(x))
print("state_dict + weights_only=True -> carregado, mesma saída")
