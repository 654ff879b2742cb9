# --8<-- [start:log]
import torch
import torch.nn.functional as F

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"

# Entropia cruzada escrita à mão: -log(softmax(z)[alvo]), com o softmax como exp / soma
def naive_cross_entropy(logits, target):
    probs = torch.exp(logits) / torch.exp(logits).sum(dim=1, keepdim=True)
    return -torch.log(probs[torch.arange(len(target)), target]).mean()


# Logits grandes (um modelo confiante, ou sem normalização): três amostras, três classes
logits = torch.tensor([[2.0, 1.0, 0.1], [120.0, 10.0, 0.0], [30.0, -80.0, 5.0]], device=device)
target = torch.tensor([0, 0, 1], device=device)
print("perda à mão:", naive_cross_entropy(logits, target).item())
for i in range(len(target)):  # amostra por amostra, para ver quem quebrou e como
    print(f"  amostra {i}: {naive_cross_entropy(logits[i : i + 1], target[i : i + 1]).item():.4f}")

# Primeira correção, clamp: nenhuma probabilidade abaixo de 1e-7 (o log fica finito, mas
# o valor é falso, e exp(120) / exp(120) continua NaN)
def clamped_cross_entropy(logits, target):
    probs = torch.exp(logits) / torch.exp(logits).sum(dim=1, keepdim=True)
    probs = probs.clamp(min=1e-7)
    return -torch.log(probs[torch.arange(len(target)), target]).mean()


print("com clamp:", clamped_cross_entropy(logits, target).item())
print(f"  amostra 2 com clamp: {clamped_cross_entropy(logits[2:], target[2:]).item():.4f}")


# A correção certa: log-softmax = z - logsumexp(z). logsumexp subtrai o máximo antes do exp
def stable_cross_entropy(logits, target):
    log_probs = logits - torch.logsumexp(logits, dim=1, keepdim=True)
    return -log_probs[torch.arange(len(target)), target].mean()


print(f"com logsumexp: {stable_cross_entropy(logits, target).item():.4f}")
print(f"  amostra 2 com logsumexp: {stable_cross_entropy(logits[2:], target[2:]).item():.4f}")
print(f"F.cross_entropy: {F.cross_entropy(logits, target).item():.4f}")  # a pronta já faz isso
# --8<-- [end:log]

# --8<-- [start:divisao]
# Média com máscara: só os itens válidos de cada lote entram na perda
def masked_mean(errors, mask):
    return (errors * mask).sum() / mask.sum()  # um lote sem itens válidos: 0 / 0


errors = torch.rand(4, device=device, requires_grad=True)
empty = torch.zeros(4, device=device)  # nenhum item válido neste lote
loss = masked_mean(errors, empty)
loss.backward()
print("lote vazio, perda:", loss.item(), "| gradiente:", errors.grad.tolist())


# clamp no denominador: um lote vazio dá perda 0 e gradiente 0, não NaN
def safe_masked_mean(errors, mask):
    return (errors * mask).sum() / mask.sum().clamp(min=1)


errors.grad = None
loss = safe_masked_mean(errors, empty)
loss.backward()
print("com clamp(min=1):", loss.item(), "| gradiente:", errors.grad.tolist())
mask = torch.tensor([1.0, 0.0, 1.0, 0.0], device=device)
print("e com itens válidos, o mesmo valor de antes:",
      torch.allclose(safe_masked_mean(errors, mask), masked_mean(errors, mask)))
# --8<-- [end:divisao]
