import torch
from torch import nn

torch.manual_seed(0)


def make_model():
    return nn.Sequential(
        nn.Linear(4, 8),
        nn.BatchNorm1d(8),  # tem parâmetros E buffers (estatísticas móveis)
        nn.ReLU(),
        nn.Linear(8, 2),
    )


model = make_model()

# state_dict(): nome -> tensor, com parâmetros e buffers de todos os submódulos
for key, tensor in model.state_dict().items():
    print(f"{key:<24} {tuple(tensor.shape)}")

n_params = len(list(model.parameters()))
n_buffers = len(list(model.buffers()))
print(f"{n_params} parâmetros + {n_buffers} buffers = {len(model.state_dict())} chaves")

# Copiar os pesos para outro modelo com a mesma arquitetura
model(torch.randn(16, 4))  # uma passagem em modo de treino atualiza as estatísticas
copy = make_model()
result = copy.load_state_dict(model.state_dict())  # strict=True: as chaves têm de bater
print(f"load_state_dict: {result}")

model.eval()
copy.eval()
x = torch.randn(3, 4)
assert torch.allclose(model(x), copy(x))
print("o modelo e a cópia dão a mesma saída")
