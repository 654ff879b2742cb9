import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)  # mesma saída a cada execução
torch.set_printoptions(precision=1)

# Uma "imagem" em tons de cinza, 1 x 1 x 8 x 8 (lote, canais, altura, largura):
# fundo preto e um quadrado branco no meio
image = torch.zeros(1, 1, 8, 8)
image[..., 2:6, 2:6] = 1.0

# Convolução com um filtro fixo (Sobel horizontal): responde às bordas verticais
sobel_x = torch.tensor([[-1.0, 0.0, 1.0],
                        [-2.0, 0.0, 2.0],
                        [-1.0, 0.0, 1.0]]).reshape(1, 1, 3, 3)
edges = F.conv2d(image, sobel_x, padding=1)
print("bordas verticais (linha 3 da imagem):", edges[0, 0, 3].tolist())

# Numa CNN, os filtros não são fixos: são parâmetros aprendidos pelo treino.
# Uma camada com 16 filtros 3x3 sobre um lote de 4 imagens RGB 32x32:
conv = nn.Conv2d(in_channels=3, out_channels=16, kernel_size=3, padding=1)
pool = nn.MaxPool2d(2)
batch = torch.randn(4, 3, 32, 32)
features = pool(torch.relu(conv(batch)))
print(f"entrada {tuple(batch.shape)} -> mapas de características {tuple(features.shape)}")
print(f"pesos da camada: {tuple(conv.weight.shape)} + viés {tuple(conv.bias.shape)}")
