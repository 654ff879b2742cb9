# --8<-- [start:bloco]
import torch
from torch import nn
from torchvision.models.resnet import BasicBlock as TorchvisionBlock

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"


class BasicBlock(nn.Module):
    """O bloco básico da ResNet: conv-BN-ReLU-conv-BN, mais o atalho, e ReLU no fim."""

    def __init__(self, in_channels, out_channels, stride=1):
        super().__init__()
        # bias=False: a BatchNorm logo depois já soma o seu próprio deslocamento (beta).
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(out_channels)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(out_channels)
        self.relu = nn.ReLU(inplace=True)
        # Atalho identidade; se a forma muda (stride ou canais), uma conv 1x1 a ajusta.
        self.shortcut = nn.Identity()
        if stride != 1 or in_channels != out_channels:
            self.shortcut = nn.Sequential(
                nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False),
                nn.BatchNorm2d(out_channels),
            )

    def forward(self, x):
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + self.shortcut(x))  # a soma residual: x + F(x)


x = torch.randn(8, 16, 32, 32, device=device)
same = BasicBlock(16, 16).to(device)
down = BasicBlock(16, 32, stride=2).to(device)
print("mesma forma:   ", tuple(x.shape), "->", tuple(same(x).shape), "atalho:", type(same.shortcut).__name__)
print("reduz e alarga:", tuple(x.shape), "->", tuple(down(x).shape), "atalho:", type(down.shortcut).__name__)
print("parâmetros do bloco 16->16:", sum(p.numel() for p in same.parameters()))

# É o mesmo bloco da ResNet-18 e da ResNet-34 do torchvision (pesos aleatórios: nada é baixado).
print("BasicBlock do torchvision 16->16:", sum(p.numel() for p in TorchvisionBlock(16, 16).parameters()))
# --8<-- [end:bloco]

# --8<-- [start:gradiente]
# Por que o atalho ajuda: o gradiente que chega à PRIMEIRA camada de uma pilha funda.
# Pilhas de camadas Linear+Tanh com a inicialização padrão, sem normalização.
class Stack(nn.Module):
    def __init__(self, depth, residual, width=64):
        super().__init__()
        self.residual = residual
        self.layers = nn.ModuleList(
            nn.Sequential(nn.Linear(width, width), nn.Tanh()) for _ in range(depth)
        )

    def forward(self, x):
        for layer in self.layers:
            x = x + layer(x) if self.residual else layer(x)
        return x


inputs = torch.randn(32, 64, device=device)
print("camadas | |grad| 1ª / última, sem atalho | com atalho")
for depth in (2, 10, 30, 60):
    ratios = []
    for residual in (False, True):
        torch.manual_seed(0)  # os mesmos pesos nas duas pilhas
        stack = Stack(depth, residual).to(device)
        stack(inputs).pow(2).mean().backward()
        first = stack.layers[0][0].weight.grad.norm()
        last = stack.layers[-1][0].weight.grad.norm()
        ratios.append((first / last).item())  # quanto do gradiente sobrevive até o começo
    print(f"{depth:7d} | {ratios[0]:30.1e} | {ratios[1]:.1e}")
# --8<-- [end:gradiente]
