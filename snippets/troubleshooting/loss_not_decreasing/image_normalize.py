import torch
from torchvision.transforms import v2

torch.manual_seed(0)

# Lote de 64 "imagens" geradas (3x16x16, uint8) com canais em escalas diferentes.
images = torch.stack([
    torch.randint(150, 256, (64, 16, 16)),  # vermelho: claro
    torch.randint(0, 100, (64, 16, 16)),  # verde: escuro
    torch.randint(0, 256, (64, 16, 16)),  # azul: espalhado
], dim=1).to(torch.uint8)

to_float = v2.ToDtype(torch.float32, scale=True)  # 0..255 -> 0..1
x = to_float(images)

# Estatísticas por canal, calculadas UMA vez no conjunto de treino.
mean = x.mean(dim=(0, 2, 3))
std = x.std(dim=(0, 2, 3))
normalize = v2.Normalize(mean=mean.tolist(), std=std.tolist())
x_norm = normalize(x)


def stats(t):
    m, s = t.mean(dim=(0, 2, 3)), t.std(dim=(0, 2, 3))
    return ", ".join(f"{round(mi, 2) + 0.0:.2f}±{si:.2f}" for mi, si in zip(m.tolist(), s.tolist()))


print(f"antes (média±desvio por canal):  {stats(x)}")
print(f"depois:                          {stats(x_norm)}")

# As constantes da ficha são as do ImageNet: use-as com modelos pré-treinados nele.
imagenet = v2.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225])
print(f"com as médias do ImageNet:       {stats(imagenet(x))}")
