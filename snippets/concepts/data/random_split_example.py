import torch
from torch.utils.data import TensorDataset, random_split

dataset = TensorDataset(torch.arange(10))

# Frações (que somam 1) ou tamanhos absolutos; o Generator torna a divisão reproduzível
train, val = random_split(dataset, [0.8, 0.2], generator=torch.Generator().manual_seed(42))
print(f"treino: {len(train)} amostras, índices {sorted(train.indices)}")
print(f"validação: {len(val)} amostras, índices {sorted(val.indices)}")

# Mesma semente, mesma divisão
again, _ = random_split(dataset, [8, 2], generator=torch.Generator().manual_seed(42))
assert again.indices == train.indices
assert not set(train.indices) & set(val.indices)  # sem vazamento entre as partes
print(f"val[0] = {val[0]}  (um Subset devolve as amostras do dataset original)")
