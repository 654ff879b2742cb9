import torch

torch.set_printoptions(precision=4)
a = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
b = torch.tensor([[10.0, 20.0], [30.0, 40.0]])

# Operações elemento a elemento
print("a + b   ->", (a + b).tolist())
print("a * b   ->", (a * b).tolist())      # produto elemento a elemento, NÃO matricial
print("a ** 2  ->", (a**2).tolist())
print(f"exp(a):\n{torch.exp(a)}")

# Reduções: sobre o tensor inteiro ou ao longo de uma dimensão
print("a.sum()            ->", a.sum().item())
print("a.sum(dim=0)       ->", a.sum(dim=0).tolist())   # soma as linhas: uma por coluna
print("a.mean(dim=1)      ->", a.mean(dim=1).tolist())  # média de cada linha
print("a.sum(1, keepdim=True).shape ->", tuple(a.sum(dim=1, keepdim=True).shape))
values, indices = a.max(dim=1)                          # com dim: valores e índices
print("a.max(dim=1)       ->", values.tolist(), indices.tolist())

# Álgebra linear
print("a @ b              ->", (a @ b).tolist())        # igual a torch.matmul(a, b)
print("norm(a)            ->", torch.linalg.norm(a))    # norma de Frobenius
# Resolver o sistema a @ x = y sem calcular a inversa explicitamente
y = torch.tensor([5.0, 11.0])
x = torch.linalg.solve(a, y)
print("solve(a, y)        ->", x)
assert torch.allclose(a @ x, y)
