import torch

torch.manual_seed(0)  # mesma saída a cada execução
torch.set_printoptions(precision=4)

print(f"tensor:\n{torch.tensor([[1, 2], [3, 4]])}")      # a partir de dados Python
print(f"zeros:\n{torch.zeros(2, 3)}")
print("ones:    ", torch.ones(3, dtype=torch.int64))
print("arange:  ", torch.arange(0, 10, 3))               # início, fim (exclusivo), passo
print("linspace:", torch.linspace(0, 1, steps=5))        # 5 pontos, extremos incluídos
print("full:    ", torch.full((4,), 7.0))
print("rand:    ", torch.rand(3))                        # uniforme em [0, 1)
print("randn:   ", torch.randn(3))                       # normal padrão N(0, 1)
print("randint: ", torch.randint(0, 10, (5,)))

# *_like: mesmo shape, dtype e dispositivo de outro tensor
base = torch.randn(2, 3, dtype=torch.float64)
z = torch.zeros_like(base)
r = torch.rand_like(base)
print("zeros_like:", tuple(z.shape), z.dtype, "| rand_like:", tuple(r.shape), r.dtype)
