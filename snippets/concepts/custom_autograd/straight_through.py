import torch
from torch.autograd import Function

torch.manual_seed(0)  # mesma saída a cada execução

# O gradiente de torch.round é zero em quase todo ponto: nada aprende através dele
w = torch.tensor([0.3, 1.7, -0.6], requires_grad=True)
torch.round(w).sum().backward()
print("gradiente através de round():", w.grad.tolist())


class RoundSTE(Function):
    """Arredonda no forward; no backward, finge que foi a identidade (straight-through)."""

    @staticmethod
    def forward(x):
        return torch.round(x)

    @staticmethod
    def setup_context(ctx, inputs, output):
        pass  # nada a guardar: o backward não depende da entrada

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output  # passa o gradiente adiante, sem mudar


w.grad = None
RoundSTE.apply(w).sum().backward()
print("gradiente com o estimador straight-through:", w.grad.tolist())

# Uso: aprender pesos que, arredondados, resolvem o problema (um "modelo quantizado")
target = torch.tensor([2.0, -1.0, 3.0])
w = torch.zeros(3, requires_grad=True)
optimizer = torch.optim.SGD([w], lr=0.1)
for step in range(30):
    loss = (RoundSTE.apply(w) - target).pow(2).sum()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
print(f"pesos aprendidos: {[round(v, 2) for v in w.tolist()]}, arredondados: {RoundSTE.apply(w).tolist()}")
