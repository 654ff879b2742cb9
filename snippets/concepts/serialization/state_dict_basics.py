import torch
from torch import nn

torch.manual_seed(0)

model = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 2))
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)

# state_dict do modelo: nome -> tensor (parâmetros E buffers, como as médias do BatchNorm).
print("state_dict do modelo:")
for name, tensor in model.state_dict().items():
    print(f"  {name:28} {tuple(tensor.shape)}")

# Um passo de treino, para o Adam ter estado (médias dos gradientes).
loss = model(torch.randn(16, 4)).pow(2).mean()
loss.backward()
optimizer.step()

# state_dict do otimizador: 'state' por parâmetro (numerado) e os hiperparâmetros.
opt_state = optimizer.state_dict()
print(f"otimizador: chaves {list(opt_state)}")
print(f"  estado do parâmetro 0: {sorted(opt_state['state'][0])}")
print(f"  lr do grupo 0: {opt_state['param_groups'][0]['lr']}")

# Salvar só os pesos e carregá-los num modelo novo, da mesma classe/arquitetura.
torch.save(model.state_dict(), "pesos.pt")
fresh = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 2))
result = fresh.load_state_dict(torch.load("pesos.pt", weights_only=True))
print(f"load_state_dict: {result}")

model.eval()
fresh.eval()
x = torch.randn(3, 4)
assert torch.equal(model(x), fresh(x))
print("modelo recarregado dá a mesma saída: ok")
