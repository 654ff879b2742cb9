import copy

import torch
from torch import nn

torch.manual_seed(0)  # mesmos dados, mesmos pesos, mesma saída
device = "cuda" if torch.cuda.is_available() else "cpu"

X = torch.randn(256, 10, device=device)
y = X[:, :3].sum(dim=1, keepdim=True)  # alvo: soma dos 3 primeiros atributos

eager_model = nn.Sequential(nn.Linear(10, 32), nn.GELU(), nn.Linear(32, 1)).to(device)
compiled_model = copy.deepcopy(eager_model)  # mesmos pesos iniciais
# "aot_eager": o AOTAutograd captura também o backward; as operações rodam sem gerar código.
# Em produção, o padrão é backend="inductor" (gera C++/OpenMP na CPU, Triton na GPU).
compiled = torch.compile(compiled_model, backend="aot_eager")

losses = {}
for name, model, forward in [("eager", eager_model, eager_model), ("compilado", compiled_model, compiled)]:
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    for step in range(100):
        loss = nn.functional.mse_loss(forward(X), y)
        optimizer.zero_grad()
        loss.backward()  # no modelo compilado, o backward também vem de um grafo capturado
        optimizer.step()
    losses[name] = loss.item()
    print(f"{name:9}: perda final {losses[name]:.4f}")

max_diff = max((a - b).abs().max().item() for a, b in zip(eager_model.parameters(), compiled_model.parameters()))
print(f"maior diferença entre os pesos após 100 passos: {max_diff:.1e}")
