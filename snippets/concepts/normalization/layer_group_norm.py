import torch
from torch import nn

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"

# Um lote de 2 "imagens" com 6 canais de 4x4, forma (N, C, H, W), longe de média 0.
x = torch.randn(2, 6, 4, 4, device=device) * 3 + 2
layers = {
    "BatchNorm2d(6)": nn.BatchNorm2d(6),  # por canal, sobre (N, H, W)
    "LayerNorm([6, 4, 4])": nn.LayerNorm([6, 4, 4]),  # por amostra, sobre (C, H, W)
    "GroupNorm(3, 6)": nn.GroupNorm(3, 6),  # por amostra e grupo de 2 canais, sobre (C/G, H, W)
}
# As dimensões que cada uma reduz para calcular média e variância.
reduce_dims = {"BatchNorm2d(6)": (0, 2, 3), "LayerNorm([6, 4, 4])": (1, 2, 3)}

for name, layer in layers.items():
    layer = layer.to(device).train()
    out = layer(x)
    shapes = {n: tuple(p.shape) for n, p in layer.named_parameters()}
    print(f"{name}: saída {tuple(out.shape)}, parâmetros {shapes}")
    if name in reduce_dims:
        means = out.mean(dim=reduce_dims[name])
    else:  # GroupNorm: separa os 6 canais em 3 grupos de 2 e reduz dentro de cada grupo
        means = out.reshape(2, 3, 2, 4, 4).mean(dim=(2, 3, 4))
    print(f"  médias sobre as dimensões normalizadas: forma {tuple(means.shape)}, "
          f"todas ≈ 0: {means.abs().max().item() < 1e-5}")

# LayerNorm "na mão": média e variância (sem correção) de cada amostra.
mean = x.mean(dim=(1, 2, 3), keepdim=True)
var = x.var(dim=(1, 2, 3), keepdim=True, unbiased=False)
manual = (x - mean) / torch.sqrt(var + 1e-5)
print("LayerNorm igual à conta manual:", torch.allclose(manual, layers["LayerNorm([6, 4, 4])"](x), atol=1e-5))

# Em Transformers, a LayerNorm normaliza só a última dimensão: cada token separadamente.
tokens = torch.randn(2, 5, 8, device=device) * 4 + 1  # (lote, sequência, d_model)
ln = nn.LayerNorm(8).to(device)
out = ln(tokens)
print(f"\nLayerNorm(8) em {tuple(tokens.shape)}: médias por token de forma {tuple(out.mean(dim=-1).shape)}")

# LayerNorm e GroupNorm não usam estatísticas do lote: a saída de uma amostra é a
# mesma sozinha ou acompanhada, e a mesma em treino e em avaliação.
gn = layers["GroupNorm(3, 6)"]
print("GroupNorm, amostra sozinha = no lote:", torch.allclose(gn(x[:1]), gn(x)[:1], atol=1e-6))
bn = layers["BatchNorm2d(6)"]
print("BatchNorm2d, amostra sozinha = no lote:", torch.allclose(bn(x[:1]), bn(x)[:1], atol=1e-6))
print("buffers:", {name: [n for n, _ in layer.named_buffers()] for name, layer in layers.items()})
