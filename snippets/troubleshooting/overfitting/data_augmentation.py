import torch
from torch.utils.data import Dataset
from torchvision import tv_tensors
from torchvision.transforms import v2

torch.manual_seed(0)

# Uma "imagem" gerada no código: 3 canais, 32x32, uint8 como sai de um decodificador.
# Metade esquerda clara, direita escura: fica fácil ver o espelhamento.
image = torch.zeros(3, 32, 32, dtype=torch.uint8)
image[:, :, :16] = 200
image[:, :, 16:] = 50
image = tv_tensors.Image(image)

train_transform = v2.Compose([
    v2.RandomHorizontalFlip(p=0.5),
    v2.RandomRotation(degrees=10),
    v2.ColorJitter(brightness=0.2, contrast=0.2),
    v2.ToDtype(torch.float32, scale=True),  # uint8 0..255 -> float 0..1 (papel do ToTensor)
])
# Validação e teste: sem sorteios, só a conversão.
eval_transform = v2.ToDtype(torch.float32, scale=True)


def describe(t):
    left, right = t[:, :, :16].mean().item(), t[:, :, 16:].mean().item()
    side = "espelhada" if left < right else "original "
    return f"{tuple(t.shape)} {t.dtype}, média {t.mean().item():.3f}, esq/dir {left:.2f}/{right:.2f} ({side})"


print("sem aumentação:", describe(eval_transform(image)))
for i in range(4):
    print(f"sorteio {i + 1}:     ", describe(train_transform(image)))


class AugmentedDataset(Dataset):
    """A transformação roda a cada acesso: cada época vê versões novas das imagens."""

    def __init__(self, images, labels, transform):
        self.images, self.labels, self.transform = images, labels, transform

    def __len__(self):
        return len(self.images)

    def __getitem__(self, i):
        return self.transform(self.images[i]), self.labels[i]


dataset = AugmentedDataset([image], [0], train_transform)
a, b = dataset[0][0], dataset[0][0]
print(f"mesmo índice, dois acessos: iguais = {torch.equal(a, b)}")
