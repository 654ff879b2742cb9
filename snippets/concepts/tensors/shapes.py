import torch

x = torch.arange(12)
print("x:", tuple(x.shape))

# view: nova "janela" sobre a MESMA memória (exige layout compatível)
m = x.view(3, 4)
m[0, 0] = 100
print("view(3, 4):", tuple(m.shape), "| x[0] mudou junto:", x[0].item())

# -1 deixa o PyTorch deduzir uma dimensão
print("view(2, -1):", tuple(x.view(2, -1).shape))

# permute reordena eixos sem copiar, mas o resultado deixa de ser contíguo
img = torch.rand(3, 32, 32)           # canais x altura x largura (C, H, W)
hwc = img.permute(1, 2, 0)            # altura x largura x canais (H, W, C)
print("permute(1, 2, 0):", tuple(hwc.shape), "| contíguo?", hwc.is_contiguous())

# view falha em tensores não contíguos; reshape copia quando precisa
try:
    hwc.view(-1)
except RuntimeError:
    print("hwc.view(-1): RuntimeError (memória não contígua)")
flat = hwc.reshape(-1)                 # funciona: faz uma cópia aqui
print("hwc.reshape(-1):", tuple(flat.shape), "| compartilha memória?", flat.data_ptr() == img.data_ptr())
print("hwc.contiguous().view(-1):", tuple(hwc.contiguous().view(-1).shape))

# unsqueeze insere um eixo de tamanho 1; squeeze remove eixos de tamanho 1
v = torch.tensor([1.0, 2.0, 3.0])
print("unsqueeze(0):", tuple(v.unsqueeze(0).shape), "| unsqueeze(1):", tuple(v.unsqueeze(1).shape))
print("squeeze():", tuple(torch.zeros(1, 3, 1).squeeze().shape))
