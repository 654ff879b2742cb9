import torch

torch.manual_seed(0)  # mesma saída a cada execução
torch.set_printoptions(precision=4)

# f(x) = sin(x**2) * 3  ->  pela regra da cadeia, df/dx = 3 * cos(x**2) * 2x
x = torch.randn(4, requires_grad=True)
f = (torch.sin(x**2) * 3).sum()   # backward() parte de um escalar
f.backward()                      # retropropagação: preenche x.grad

by_hand = 3 * torch.cos(x.detach() ** 2) * 2 * x.detach()
print("x.grad   :", x.grad)
print("à mão    :", by_hand)
assert torch.allclose(x.grad, by_hand)

# Uma pequena "rede": loss = (w·x + b - alvo)**2, gradientes de w e b
w = torch.tensor([0.5, -0.3], requires_grad=True)
b = torch.tensor(0.1, requires_grad=True)
inputs = torch.tensor([2.0, 1.0])
target = torch.tensor(1.0)

pred = w @ inputs + b              # 0.5*2 - 0.3*1 + 0.1 = 0.8
loss = (pred - target) ** 2        # (0.8 - 1)**2 = 0.04
loss.backward()

# d(loss)/d(pred) = 2*(pred - alvo); d(pred)/dw = inputs; d(pred)/db = 1
dloss_dpred = 2 * (pred.detach() - target)
print(f"loss = {loss.item():.4f}")
print("w.grad:", w.grad, "| à mão:", dloss_dpred * inputs)
print("b.grad:", b.grad, "| à mão:", dloss_dpred)
assert torch.allclose(w.grad, dloss_dpred * inputs)
assert torch.allclose(b.grad, dloss_dpred)
