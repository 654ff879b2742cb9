import torch

torch.manual_seed(0)  # mesma saída a cada execução

scalar = torch.tensor(3.5)                      # 0 dimensões
vector = torch.tensor([1.0, 2.0, 3.0])          # 1 dimensão
matrix = torch.tensor([[1, 2], [3, 4]])         # 2 dimensões
image = torch.rand(3, 32, 32)                   # 3 dimensões: canais RGB x altura x largura
batch = torch.rand(8, 3, 32, 32)                # 4 dimensões: um lote de 8 imagens

for name, t in [("escalar", scalar), ("vetor", vector), ("matriz", matrix),
                ("imagem", image), ("lote", batch)]:
    print(f"{name:8} ndim={t.ndim}  shape={tuple(t.shape)}  numel={t.numel()}")

# Um escalar vira número Python com .item()
print("scalar.item() =", scalar.item())
