import torch
from torch import nn

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"


def rounded(t):
    return [round(v, 3) + 0.0 for v in t.tolist()]  # + 0.0: -0.0 vira 0.0


# 3 características com médias e escalas bem diferentes (médias 5, -2 e 0).
x = torch.randn(64, 3, device=device) * torch.tensor([3.0, 0.5, 10.0], device=device)
x = x + torch.tensor([5.0, -2.0, 0.0], device=device)
bn = nn.BatchNorm1d(3).to(device)  # momentum=0.1, eps=1e-5, weight=1 e bias=0 no início

# Modo de treino: normaliza com a média e a variância DESTE lote, por característica.
bn.train()
out = bn(x)
print("treino, média da saída:        ", rounded(out.mean(dim=0)))
print("treino, desvio padrão da saída:", rounded(out.std(dim=0, unbiased=False)))

# Cada passagem em treino atualiza as estatísticas correntes (buffers, não parâmetros):
# running = (1 - momentum) * running + momentum * estatística do lote.
print("média do lote:   ", rounded(x.mean(dim=0)))
print("running_mean:    ", rounded(bn.running_mean))
print("lotes vistos:", bn.num_batches_tracked.item())

# Modo de avaliação: usa running_mean/running_var, e a saída de uma amostra não
# depende das outras do lote. Depois de um lote só, essas estatísticas ainda estão longe.
bn.eval()
with torch.no_grad():
    out_eval = bn(x)
print("avaliação, média da saída:     ", rounded(out_eval.mean(dim=0)))
print(f"maior diferença treino x avaliação: {(out - out_eval).abs().max().item():.3f}")

# Depois de muitos lotes da mesma distribuição, as estatísticas correntes se aproximam
# das verdadeiras e os dois modos quase coincidem.
bn.train()
with torch.no_grad():
    for _ in range(100):
        batch = torch.randn(64, 3, device=device) * torch.tensor([3.0, 0.5, 10.0], device=device)
        bn(batch + torch.tensor([5.0, -2.0, 0.0], device=device))
bn.eval()
with torch.no_grad():
    out_eval = bn(x)
print("running_mean depois de 101 lotes:", rounded(bn.running_mean))
print(f"maior diferença treino x avaliação: {(out - out_eval).abs().max().item():.3f}")

# Em treino, um lote com uma amostra só não tem variância: o BatchNorm recusa.
bn.train()
try:
    bn(x[:1])
except ValueError as error:
    print("lote de 1 em modo de treino:", error)
bn.eval()
print("lote de 1 em modo de avaliação: forma", tuple(bn(x[:1]).shape))
