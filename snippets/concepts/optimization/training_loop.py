import torch
from torch import nn

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"

# Dados gerados: y = 3x - 1 mais ruído (200 pontos)
X = torch.rand(200, 1, device=device) * 2 - 1
y = 3 * X - 1 + 0.1 * torch.randn(200, 1, device=device)

model = nn.Linear(1, 1).to(device)  # aprende y = w*x + b
loss_fn = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)

for epoch in range(1, 101):
    optimizer.zero_grad()  # 1. zera os gradientes do passo anterior
    prediction = model(X)  # 2. forward
    loss = loss_fn(prediction, y)  # 3. perda
    loss.backward()  # 4. backward: preenche param.grad
    optimizer.step()  # 5. atualiza: param -= lr * param.grad
    if epoch in (1, 10, 25, 50, 100):
        print(f"época {epoch:>3}: perda {loss.item():.4f}")

w, b = model.weight.item(), model.bias.item()
print(f"aprendido: y = {w:.3f}x {b:+.3f}  (verdadeiro: y = 3x - 1)")
assert abs(w - 3) < 0.1 and abs(b + 1) < 0.1
