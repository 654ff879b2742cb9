import torch

# Regras (comparando os shapes da direita para a esquerda):
#   1. dimensões iguais são compatíveis;
#   2. uma dimensão de tamanho 1 é "esticada" até o tamanho da outra;
#   3. uma dimensão que falta (à esquerda) conta como tamanho 1.
matrix = torch.arange(6.0).reshape(2, 3)      # shape (2, 3)
row = torch.tensor([10.0, 20.0, 30.0])        # shape (3,)   -> tratado como (1, 3)
col = torch.tensor([[100.0], [200.0]])        # shape (2, 1)

print("(2, 3) + (3,)   ->", (matrix + row).tolist())
print("(2, 3) + (2, 1) ->", (matrix + col).tolist())
print("(2, 1) + (3,)   ->", tuple((col + row).shape))   # os dois operandos são esticados
print("(2, 3) * 2.0    ->", (matrix * 2.0).tolist())    # um escalar combina com tudo

# Uso típico: centralizar cada coluna subtraindo a média das colunas
centered = matrix - matrix.mean(dim=0)        # (2, 3) - (3,)
print("média das colunas após centralizar:", centered.mean(dim=0).tolist())

# Nenhuma cópia esticada é criada: expand mostra o mesmo efeito sem memória extra
print("row.expand(2, 3).stride() ->", row.expand(2, 3).stride())  # passo 0 na dimensão esticada

# Shapes incompatíveis: 3 e 2 na última dimensão
try:
    matrix + torch.ones(2)
except RuntimeError as err:
    print("(2, 3) + (2,)   -> RuntimeError:", str(err).split(" at ")[0])
