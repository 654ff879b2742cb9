import torch

a = torch.tensor([[1, 2], [3, 4]])
b = torch.tensor([[5, 6], [7, 8]])

# cat junta ao longo de uma dimensão que já existe: as outras precisam ser iguais
print("cat dim=0:", torch.cat([a, b], dim=0).shape)   # (2+2, 2)
print("cat dim=1:", torch.cat([a, b], dim=1).shape)   # (2, 2+2)

# stack cria uma dimensão nova: todos os tensores precisam ter a mesma forma
batch = torch.stack([a, b])                          # (2, 2, 2): um "lote" de 2 matrizes
print("stack:", batch.shape, "| o segundo elemento do lote é b?", torch.equal(batch[1], b))

# split corta em pedaços de um tamanho dado (o último pode ser menor)...
x = torch.arange(10)
print("split(4):", [part.tolist() for part in torch.split(x, 4)])
# ...ou em tamanhos escolhidos um a um
print("split([2, 3, 5]):", [part.tolist() for part in torch.split(x, [2, 3, 5])])
# chunk corta num número de pedaços (do mesmo tamanho, quando dá)
print("chunk(3):", [part.tolist() for part in torch.chunk(x, 3)])

# Os pedaços de split e chunk são vistas: compartilham a memória do original
first = torch.split(x, 4)[0]
first[0] = 100
print("x depois de mudar o primeiro pedaço:", x[:4].tolist())
