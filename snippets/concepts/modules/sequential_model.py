from collections import OrderedDict

import torch
from torch import nn

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"

# nn.Sequential encadeia módulos: a saída de um é a entrada do seguinte.
# Aqui, uma CNN pequena no estilo da "ImageCNN" da ficha, para imagens 3x32x32.
model = nn.Sequential(
    nn.Conv2d(3, 8, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(2),  # 32x32 -> 16x16
    nn.Conv2d(8, 16, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(2),  # 16x16 -> 8x8
    nn.Flatten(),  # no lugar de x.view(-1, ...)
    nn.Linear(16 * 8 * 8, 10),
).to(device)

images = torch.randn(4, 3, 32, 32, device=device)
print(f"saída: {tuple(model(images).shape)}")
print(f"model[0] = {model[0]}")  # os submódulos são indexados por posição
print(f"model[-1] = {model[-1]}")

# Com um OrderedDict, os submódulos ganham nomes (que aparecem no state_dict)
mlp = nn.Sequential(
    OrderedDict(
        [
            ("fc1", nn.Linear(4, 8)),
            ("relu", nn.ReLU()),
            ("fc2", nn.Linear(8, 3)),
        ]
    )
)
print(f"mlp.fc2 = {mlp.fc2}")
print(f"chaves do state_dict: {list(mlp.state_dict())}")
