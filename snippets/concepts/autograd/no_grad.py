import torch

torch.manual_seed(0)  # mesma saída a cada execução
w = torch.randn(3, requires_grad=True)
x = torch.randn(3)

# Normal: o resultado entra no grafo
print("sem contexto:    requires_grad =", (w * x).requires_grad)

# torch.no_grad(): nada é gravado (avaliação, atualização manual de pesos)
with torch.no_grad():
    y = w * x
print("no_grad():       requires_grad =", y.requires_grad)

# torch.inference_mode(): como no_grad, com menos controle interno (mais rápido para inferência)
with torch.inference_mode():
    z = w * x
print("inference_mode(): requires_grad =", z.requires_grad, "| is_inference =", z.is_inference())
try:
    (z * w).sum().backward()   # tensores de inferência não podem entrar num grafo depois
except RuntimeError as err:
    print("usar z no autograd depois:", str(err).split(".")[0])

# detach(): mesmo dado, fora do grafo (compartilha memória com o original)
d = w.detach()
print("detach():        requires_grad =", d.requires_grad, "| mesma memória:", d.data_ptr() == w.data_ptr())

# Atualização manual de um peso: dentro de no_grad, para não gravar a própria atualização
loss = (w * x).sum()
loss.backward()
with torch.no_grad():
    w -= 0.1 * w.grad
print("w continua folha após a atualização:", w.is_leaf)
