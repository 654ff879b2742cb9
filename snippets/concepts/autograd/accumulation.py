import torch

w = torch.tensor(1.5, requires_grad=True)

# Cada backward SOMA em .grad; nada é zerado automaticamente
for step in range(3):
    loss = 2 * w          # d(loss)/dw = 2
    loss.backward()
    print(f"após o backward {step + 1}: w.grad = {w.grad.item()}")

# Zerar antes do próximo passo (o que optimizer.zero_grad() faz nos parâmetros)
w.grad = None            # padrão atual de zero_grad(); w.grad.zero_() também serve
(2 * w).backward()
print("depois de zerar e um backward:", w.grad.item())

# O grafo é liberado após o backward; um segundo backward no MESMO grafo falha...
y = w.exp()
y.backward()
try:
    y.backward()
except RuntimeError as err:
    print("segundo backward:", str(err).split(".")[0])
# ...a não ser que ele seja mantido com retain_graph=True
w.grad = None
z = w.exp()
z.backward(retain_graph=True)
z.backward()
print(f"dois backward com retain_graph: w.grad = {w.grad.item():.4f} (= 2 * exp(1.5))")
