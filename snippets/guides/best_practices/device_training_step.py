import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)

# 1. Escolher o dispositivo uma vez, no início (CUDA/ROCm, MPS, XPU... ou CPU).
acc = torch.accelerator.current_accelerator(check_available=True)
device = acc if acc is not None else torch.device("cpu")
print(f"dispositivo: {device}")

X = torch.randn(256, 8)
y = X @ torch.randn(8, 1) + 0.1 * torch.randn(256, 1)  # alvo aprendível
loader = DataLoader(TensorDataset(X, y), batch_size=64, shuffle=True, pin_memory=(device.type == "cuda"))

# 2. Mover o modelo ANTES de criar o otimizador (ele guarda referências aos parâmetros).
model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 1)).to(device)
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
criterion = nn.MSELoss()

for epoch in range(3):
    # 3. Acumular a perda no dispositivo e sincronizar uma vez por época:
    #    cada .item() espera a GPU terminar tudo o que tem na fila.
    running = torch.zeros((), device=device)
    for data, target in loader:
        data = data.to(device, non_blocking=True)  # cópia assíncrona se a memória é "pinned"
        target = target.to(device, non_blocking=True)
        optimizer.zero_grad(set_to_none=True)
        loss = criterion(model(data), target)
        loss.backward()
        optimizer.step()
        running += loss.detach() * data.size(0)
    print(f"época {epoch + 1}: perda {running.item() / len(X):.4f}")

# 4. Trazer para a CPU só o que precisa sair do dispositivo (NumPy, gráficos, disco).
first_row = model[0].weight[0].detach().cpu().numpy()
print(f"pesos na CPU como NumPy: {first_row.shape}, {first_row.dtype}")
