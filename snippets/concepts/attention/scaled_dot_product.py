import math

import torch
import torch.nn.functional as F

torch.manual_seed(0)  # mesma saída a cada execução
torch.set_printoptions(precision=2, sci_mode=False)

# Uma sequência de 4 posições; cada posição tem consulta, chave e valor de dimensão 8
q, k, v = torch.randn(3, 1, 4, 8).unbind(0)  # cada um: (lote, posições, dimensão)

# Atenção escrita à mão: softmax(Q Kᵀ / √d) V
scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])  # (1, 4, 4): posição × posição
weights = scores.softmax(dim=-1)  # cada linha soma 1: quanto cada posição olha para as outras
manual = weights @ v
print("pesos de atenção (linha i: para onde a posição i olha):")
print(weights[0])

# A função do PyTorch faz a mesma conta (e escolhe um kernel eficiente para o hardware)
fused = F.scaled_dot_product_attention(q, k, v)
print("igual à conta à mão:", torch.allclose(manual, fused, atol=1e-6))

# Máscara causal: a posição i só vê as posições 0..i (nada do futuro)
causal = torch.ones(4, 4, dtype=torch.bool).tril()
masked_weights = scores.masked_fill(~causal, float("-inf")).softmax(dim=-1)
print("pesos com máscara causal:")
print(masked_weights[0])
fused_causal = F.scaled_dot_product_attention(q, k, v, is_causal=True)
print("is_causal=True faz o mesmo:", torch.allclose(masked_weights @ v, fused_causal, atol=1e-6))
