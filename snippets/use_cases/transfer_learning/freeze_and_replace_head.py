import torch
import torch.nn as nn
from torchvision import models

torch.manual_seed(0)  # mesma saída a cada execução


def count(params):
    """Número de parâmetros, com os milhares separados por espaço (como no SI)."""
    return f"{sum(p.numel() for p in params):,}".replace(",", " ")


# Com internet: models.resnet18(weights=models.ResNet18_Weights.DEFAULT), pesos do
# ImageNet. Aqui weights=None (pesos aleatórios) para não baixar nada.
model = models.resnet18(weights=None)
print(f"cabeça original: {model.fc}")

# 1. Congelar a base: seus pesos não recebem gradiente nem são otimizados
for param in model.parameters():
    param.requires_grad = False

# 2. Trocar a última camada por uma nova, para 5 classes (camadas novas nascem treináveis)
model.fc = nn.Linear(model.fc.in_features, 5)

trainable = [p for p in model.parameters() if p.requires_grad]
print(f"parâmetros: {count(model.parameters())} no total, {count(trainable)} treináveis")

# 3. A base congelada fica em modo de avaliação: em train(), cada lote ainda mudaria
#    as estatísticas das BatchNorm (running_mean/var), que não são parâmetros
model.eval()
model.fc.train()  # a cabeça é a parte que treina (um Linear: igual nos dois modos)
running_mean = model.bn1.running_mean.clone()

# 4. O otimizador recebe só a cabeça nova; um passo de treino num lote aleatório
optimizer = torch.optim.Adam(model.fc.parameters(), lr=1e-3)
images, labels = torch.randn(4, 3, 64, 64), torch.tensor([0, 1, 2, 3])
loss = nn.functional.cross_entropy(model(images), labels)
loss.backward()
optimizer.step()
print(f"perda no primeiro passo: {loss.item():.4f}")
print(f"gradiente na base (conv1)? {model.conv1.weight.grad is not None}; "
      f"na cabeça? {model.fc.weight.grad is not None}")
print(f"estatísticas da BatchNorm da base mudaram? {not torch.equal(running_mean, model.bn1.running_mean)}")
