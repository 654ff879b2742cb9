import torch
from torch import nn

torch.manual_seed(0)  # mesmos pesos, mesma saída
torch.set_printoptions(precision=2, sci_mode=False)

# 2 sequências de 5 posições, cada posição um vetor de 16 números (um embedding)
x = torch.randn(2, 5, 16)
mha = nn.MultiheadAttention(embed_dim=16, num_heads=4, batch_first=True)

# Autoatenção: consultas, chaves e valores vêm da MESMA sequência
out, weights = mha(x, x, x)  # weights: média das 4 cabeças, por padrão
print("saída:", tuple(out.shape), "| pesos:", tuple(weights.shape))
n_params = sum(p.numel() for p in mha.parameters())
print(f"parâmetros: {n_params} = projeções Q, K, V ({3 * 16 * 16 + 3 * 16}) + projeção de saída ({16 * 16 + 16})")

# Os pesos de cada cabeça, separados: (lote, cabeças, posições, posições)
_, per_head = mha(x, x, x, average_attn_weights=False)
print("pesos por cabeça:", tuple(per_head.shape))

# Máscara de preenchimento: a 2ª sequência só tem 3 posições reais; as 2 últimas são preenchimento
padding = torch.tensor([[False] * 5, [False, False, False, True, True]])  # True = ignorar
with torch.no_grad():
    _, weights = mha(x, x, x, key_padding_mask=padding)
print("pesos da 2ª sequência (colunas 3 e 4 são preenchimento):")
print(weights[1])
