import torch
import torch.autograd
import torch.multiprocessing as mp
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)  # mesma saída a cada execução
device = "cuda" if torch.cuda.is_available() else "cpu"

print(f"torch {torch.__version__.split('+')[0]}")

# torch: tensores como os do NumPy, que também vivem na GPU
x = torch.arange(6.0, device=device).reshape(2, 3)
print(f"torch: tensor {tuple(x.shape)} de {x.dtype} no dispositivo {x.device.type}")

# torch.autograd: derivada de y = x**2 no ponto x = 3 (esperado: 2 * 3 = 6)
t = torch.tensor(3.0, requires_grad=True)
(dy_dt,) = torch.autograd.grad(t**2, t)
print(f"torch.autograd: d(x**2)/dx em x=3 -> {dy_dt.item()}")

# torch.nn: camadas prontas, com parâmetros registrados para o autograd
layer = nn.Linear(3, 2)
n_params = sum(p.numel() for p in layer.parameters())
print(f"torch.nn: Linear(3, 2) tem {n_params} parâmetros (3*2 pesos + 2 vieses)")

# torch.multiprocessing: o módulo multiprocessing do Python, com tensores em memória compartilhada
print(f"torch.multiprocessing: estratégia de compartilhamento = {mp.get_sharing_strategy()!r}")

# torch.utils: Dataset e DataLoader para servir os dados em lotes
dataset = TensorDataset(torch.randn(10, 3), torch.randint(0, 2, (10,)))
loader = DataLoader(dataset, batch_size=4)
print(f"torch.utils.data: 10 amostras em lotes de 4 -> {len(loader)} lotes")
