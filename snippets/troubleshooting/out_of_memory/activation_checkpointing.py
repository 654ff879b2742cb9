import torch
import torch.nn as nn
from torch.utils.checkpoint import checkpoint

torch.manual_seed(0)  # mesma saída a cada execução
device = "cuda" if torch.cuda.is_available() else "cpu"

# Oito blocos iguais; sem checkpoint, cada um guarda suas ativações para o backward
blocks = nn.ModuleList(nn.Sequential(nn.Linear(512, 512), nn.GELU()) for _ in range(8)).to(device)
x = torch.randn(64, 512, device=device)


def loss_and_saved_mib(use_checkpoint):
    """Perda do modelo e MiB de ativações que o autograd guarda para o backward."""
    saved = 0

    def pack(tensor):
        nonlocal saved
        if not isinstance(tensor, nn.Parameter):  # os pesos existem de qualquer forma
            saved += tensor.numel() * tensor.element_size()
        return tensor

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda tensor: tensor):
        h = x
        for block in blocks:
            # Com checkpoint, o bloco guarda só a entrada e recalcula o resto no
            # backward; use_reentrant=False é o modo recomendado
            h = checkpoint(block, h, use_reentrant=False) if use_checkpoint else block(h)
        loss = h.pow(2).mean()
    return loss, saved / 2**20


for use_checkpoint in (False, True):
    blocks.zero_grad()
    loss, mib = loss_and_saved_mib(use_checkpoint)
    loss.backward()
    grad = blocks[0][0].weight.grad.clone()
    if not use_checkpoint:
        reference = grad
    label = "com checkpoint" if use_checkpoint else "sem checkpoint"
    print(f"{label}: {mib:.2f} MiB guardados para o backward, perda {loss.item():.6f}")
print(f"mesmos gradientes: {torch.allclose(grad, reference)}")
