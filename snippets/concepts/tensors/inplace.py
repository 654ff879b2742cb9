import torch

x = torch.tensor([1.0, 2.0, 3.0])
y = x.add(1)          # versão comum: devolve um tensor novo
x.add_(1)             # versão in-place (sufixo _): altera x
x.mul_(10)
print("y =", y.tolist(), "| x =", x.tolist())
ptr = x.data_ptr()
x += 1                # operadores aumentados também são in-place
print("x += 1 ->", x.tolist(), "| mesma memória?", x.data_ptr() == ptr)

# Por que cuidado com autograd: o backward de sigmoid usa a SAÍDA guardada;
# alterá-la no lugar invalida o que foi salvo para o gradiente.
w = torch.tensor([0.5, -1.0], requires_grad=True)
s = torch.sigmoid(w)
s.mul_(2)
try:
    s.sum().backward()
except RuntimeError as err:
    print("backward falhou:", str(err).split(";")[0])

# Em folhas que exigem gradiente, operações in-place são recusadas de imediato
try:
    w.add_(1)
except RuntimeError as err:
    print("w.add_(1):", str(err))
