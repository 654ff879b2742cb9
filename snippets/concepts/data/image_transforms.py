import torch
from torch.utils.data import DataLoader
from torchvision import datasets
from torchvision.transforms import v2

torch.manual_seed(0)  # RandomHorizontalFlip sorteia com o gerador global

# Média e desvio padrão por canal (os valores usuais do ImageNet, como na ficha)
MEAN, STD = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]

train_transform = v2.Compose(
    [
        v2.ToImage(),  # imagem PIL -> tensor uint8 (C, H, W)
        v2.RandomHorizontalFlip(p=0.5),  # aumento de dados: só no treino
        v2.ToDtype(torch.float32, scale=True),  # uint8 0..255 -> float 0..1
        v2.Normalize(mean=MEAN, std=STD),  # (x - média) / desvio, por canal
    ]
)

# FakeData gera imagens PIL aleatórias, sem baixar nada. Com internet, seria
# datasets.CIFAR10(root="data", train=True, download=True, transform=train_transform)
dataset = datasets.FakeData(size=64, image_size=(3, 32, 32), num_classes=10, transform=train_transform)
image, label = dataset[0]
print(f"amostra 0: {type(image).__name__} {tuple(image.shape)} {image.dtype}, rótulo {label}")

loader = DataLoader(dataset, batch_size=16, shuffle=True, generator=torch.Generator().manual_seed(0))
images, labels = next(iter(loader))
print(f"lote: imagens {tuple(images.shape)}, rótulos {tuple(labels.shape)}")
means = [round(m, 2) for m in images.mean(dim=(0, 2, 3)).tolist()]
print(f"média por canal após Normalize: {means} (perto de 0 só com a média dos próprios dados)")

# O flip é aleatório; o resto é determinístico
flip = v2.RandomHorizontalFlip(p=1.0)
x = torch.arange(6).reshape(1, 2, 3)
print(f"flip horizontal de {x[0].tolist()} -> {flip(x)[0].tolist()}")
