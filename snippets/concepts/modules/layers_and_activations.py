import torch
from torch import nn

torch.manual_seed(0)
torch.set_printoptions(precision=4)

# Camadas comuns e o que fazem com a forma (shape) dos dados
images = torch.randn(2, 3, 32, 32)  # lote de 2 imagens RGB 32x32: (N, C, H, W)
conv = nn.Conv2d(3, 16, kernel_size=3, padding=1)  # 3 canais -> 16 mapas, mesmo H e W
pool = nn.MaxPool2d(2)  # metade da altura e da largura
flatten = nn.Flatten()  # (N, C, H, W) -> (N, C*H*W)
linear = nn.Linear(16 * 16 * 16, 10)  # 4096 atributos -> 10 classes

x = conv(images)
print(f"Conv2d:    {tuple(x.shape)}")
x = pool(x)
print(f"MaxPool2d: {tuple(x.shape)}")
x = flatten(x)
print(f"Flatten:   {tuple(x.shape)}")
x = linear(x)
print(f"Linear:    {tuple(x.shape)}")

# Funções de ativação: não lineares, elemento a elemento, sem parâmetros
z = torch.linspace(-2, 2, 5)
print(f"\nz       = {z}")
for activation in (nn.ReLU(), nn.Sigmoid(), nn.Tanh(), nn.GELU()):
    print(f"{type(activation).__name__:<8}= {activation(z)}")

# A mesma ReLU como função, em torch.nn.functional
assert torch.equal(nn.functional.relu(z), nn.ReLU()(z))
