import torch
from torch.utils.data import DataLoader, random_split
from torchvision import datasets
from torchvision.transforms import v2

torch.manual_seed(0)

# O mesmo pipeline que se usaria com o CIFAR-10: imagem PIL -> tensor uint8 -> float em [0, 1]
# -> normalizado com a média e o desvio de cada canal do CIFAR-10
transform = v2.Compose([
    v2.ToImage(),
    v2.ToDtype(torch.float32, scale=True),
    v2.Normalize(mean=[0.4914, 0.4822, 0.4465], std=[0.2470, 0.2435, 0.2616]),
])

# Sem rede: FakeData gera imagens PIL aleatórias do tamanho do CIFAR-10.
# Com internet: datasets.CIFAR10("dados", train=True, download=True, transform=transform)
full_train = datasets.FakeData(size=500, image_size=(3, 32, 32), num_classes=10, transform=transform)
train_set, val_set = random_split(full_train, [450, 50], generator=torch.Generator().manual_seed(0))
train_loader = DataLoader(train_set, batch_size=64, shuffle=True)
val_loader = DataLoader(val_set, batch_size=64)

images, labels = next(iter(train_loader))
print(f"lote: imagens {tuple(images.shape)} {images.dtype}, rótulos {tuple(labels.shape)} {labels.dtype}")
print(f"primeiros rótulos: {labels[:8].tolist()} (sorteados: não há relação com a imagem)")
print(f"lotes por época: treino {len(train_loader)}, validação {len(val_loader)}")
