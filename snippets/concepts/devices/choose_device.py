import torch
from torch import nn

torch.manual_seed(0)
torch.set_printoptions(precision=4)


def pick_device() -> torch.device:
    """O acelerador disponível (CUDA/ROCm, MPS, XPU...), senão a CPU (PyTorch 2.7+)."""
    acc = torch.accelerator.current_accelerator(check_available=True)
    return acc if acc is not None else torch.device("cpu")


def pick_device_legacy() -> torch.device:
    """A mesma escolha em versões antigas: testar backend por backend."""
    if torch.cuda.is_available():  # NVIDIA (CUDA) ou AMD (ROCm)
        return torch.device("cuda")
    if torch.backends.mps.is_available():  # Apple Silicon
        return torch.device("mps")
    return torch.device("cpu")


device = pick_device()
print(f"dispositivo escolhido: {device.type} (cadeia manual: {pick_device_legacy().type})")

# Tensores: criar direto no dispositivo, ou copiar com .to().
x = torch.randn(4, 3, device=device)
y_cpu = torch.randn(4, 3)
y = y_cpu.to(device)  # tensor no dispositivo (cópia, se precisou mover); y_cpu não muda
print(f"x em {x.device.type}, y_cpu em {y_cpu.device.type}, y em {y.device.type}")

# Modelos: .to() move parâmetros e buffers no lugar e devolve o próprio módulo.
model = nn.Sequential(nn.Linear(3, 8), nn.ReLU(), nn.Linear(8, 1))
assert model.to(device) is model
print(f"parâmetros em: {sorted({p.device.type for p in model.parameters()})}")

# Entrada e modelo no mesmo dispositivo: a conta roda lá.
out = model(x + y)
print(f"saída {tuple(out.shape)} em {out.device.type}")

# Para imprimir, converter em NumPy ou gravar, traga de volta para a CPU.
values = out.detach().cpu()
print(f"de volta na CPU: {values.squeeze(1)}")
print(f"como NumPy: {type(values.numpy()).__name__} {values.numpy().dtype}")

# .item() copia um escalar para o Python (e espera o acelerador terminar).
print(f"média: {out.mean().item():.4f}")
