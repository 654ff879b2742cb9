import torch

x = torch.arange(1, 13).reshape(3, 4)
print(f"x:\n{x}")

print("x[0]        ->", x[0])            # primeira linha
print("x[:, 1]     ->", x[:, 1])         # segunda coluna
print("x[-1, -1]   ->", x[-1, -1].item())  # último elemento, como número Python
print("x[1:, ::2]  ->", x[1:, ::2].tolist())  # linhas 1.., colunas de 2 em 2
print("x[[0, 2]]   ->", x[[0, 2]].tolist())   # indexação por lista de índices

# Máscara booleana: seleciona elementos que satisfazem a condição (resultado 1-D, uma cópia)
mask = x % 2 == 0
print("mask.dtype  ->", mask.dtype)
print("x[mask]     ->", x[mask])

# Atribuição com máscara altera x no lugar
x[x > 9] = 0
print(f"x[x > 9] = 0:\n{x}")

# torch.where escolhe elemento a elemento entre dois valores
print("torch.where(x > 5, x, -1) ->", torch.where(x > 5, x, -1).tolist())
