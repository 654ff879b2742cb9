# --8<-- [start:l1]
import copy

import torch
from torch import nn
from torch.nn.utils import prune

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"

layer = nn.Linear(6, 4).to(device)
prune.l1_unstructured(layer, name="weight", amount=0.5)  # zera os 50 % de menor |w|

# O peso virou uma reparametrização: weight = weight_orig * weight_mask
print("parâmetros:", [name for name, _ in layer.named_parameters()])
print("buffers:   ", [name for name, _ in layer.named_buffers()])
print("weight é Parameter?", isinstance(layer.weight, nn.Parameter))
print("weight == weight_orig * weight_mask:",
      torch.equal(layer.weight, layer.weight_orig * layer.weight_mask))
print(f"esparsidade de weight: {(layer.weight == 0).float().mean().item():.0%}")
print("máscara:")
print(layer.weight_mask.int())

# Um passo de treino: o gradiente de weight_orig é zero onde a máscara é zero,
# e o hook de pré-forward recalcula weight a cada chamada: os zeros ficam.
optimizer = torch.optim.SGD(layer.parameters(), lr=0.1)
layer(torch.randn(8, 6, device=device)).pow(2).mean().backward()
optimizer.step()
layer(torch.randn(1, 6, device=device))  # o forward refaz weight a partir de weight_orig
print(f"esparsidade depois de um passo de treino: {(layer.weight == 0).float().mean().item():.0%}")

# prune.remove torna a poda permanente: weight volta a ser um Parameter, com os zeros dentro
prune.remove(layer, "weight")
print("\ndepois de prune.remove:")
print("parâmetros:", [name for name, _ in layer.named_parameters()])
print("buffers:   ", [name for name, _ in layer.named_buffers()])
print("ainda podada?", prune.is_pruned(layer),
      f"| esparsidade: {(layer.weight == 0).float().mean().item():.0%}")

# Poda estruturada: ln_structured zera linhas inteiras (neurônios de saída), pela norma L2
rows = nn.Linear(6, 4).to(device)
prune.ln_structured(rows, name="weight", amount=0.5, n=2, dim=0)
print("\nlinhas zeradas por ln_structured:", (rows.weight.abs().sum(dim=1) == 0).int().tolist())
# --8<-- [end:l1]

# --8<-- [start:global]
# Um classificador treinado em dados gerados (5 classes definidas por uma regra fixa)
torch.manual_seed(0)
X = torch.randn(3000, 20)
y = (X[:, :5] * torch.arange(1.0, 6.0)).argmax(dim=1)
X_train, y_train, X_test, y_test = X[:2000], y[:2000], X[2000:], y[2000:]
X_train, y_train = X_train.to(device), y_train.to(device)
X_test, y_test = X_test.to(device), y_test.to(device)


def accuracy(model):
    with torch.no_grad():
        return (model(X_test).argmax(dim=1) == y_test).float().mean().item()


def train(model, epochs):
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    for _ in range(epochs):
        for i in range(0, len(X_train), 200):
            optimizer.zero_grad()
            nn.functional.cross_entropy(model(X_train[i:i + 200]), y_train[i:i + 200]).backward()
            optimizer.step()


model = nn.Sequential(nn.Linear(20, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(),
                      nn.Linear(128, 5)).to(device)
train(model, epochs=20)
print(f"modelo denso: acurácia {accuracy(model):.3f}")
reference = copy.deepcopy(model)
train(reference, epochs=2)  # a comparação justa: as mesmas 2 épocas a mais, sem poda
print(f"modelo denso com 2 épocas a mais: acurácia {accuracy(reference):.3f}")

for amount in (0.5, 0.8, 0.95):
    pruned = copy.deepcopy(model)
    linears = [m for m in pruned if isinstance(m, nn.Linear)]
    # Poda global: os menores |w| de TODAS as camadas juntas, não uma fração por camada
    prune.global_unstructured([(m, "weight") for m in linears],
                              pruning_method=prune.L1Unstructured, amount=amount)
    per_layer = "  ".join(f"{(m.weight == 0).float().mean().item():.0%}" for m in linears)
    before = accuracy(pruned)
    train(pruned, epochs=2)  # ajuste fino: a máscara continua aplicada, os zeros ficam
    print(f"poda de {amount:.0%}: por camada {per_layer} | acurácia {before:.3f}, "
          f"depois do ajuste fino {accuracy(pruned):.3f}")
    for m in linears:
        prune.remove(m, "weight")

# Os zeros ainda ocupam espaço num tensor denso; um formato esparso guarda só os não nulos
weight = pruned[2].weight.detach().cpu()
sparse = weight.to_sparse()  # formato COO: os valores e, para cada um, a linha e a coluna (int64)
sparse_bytes = sum(t.numel() * t.element_size() for t in (sparse.values(), sparse.indices()))
print(f"\ncamada do meio com 95 % de poda: densa {weight.numel() * weight.element_size()} bytes, "
      f"esparsa (COO) {sparse_bytes} bytes")
# --8<-- [end:global]
