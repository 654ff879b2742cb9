# --8<-- [start:equivalencia]
import torch
import torch.nn as nn

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"

# Sem Dropout nem BatchNorm: o resultado por amostra não depende do lote.
model = nn.Sequential(nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, 3)).to(device)
criterion = nn.CrossEntropyLoss()  # reduction="mean": média sobre o lote
data = torch.randn(64, 16, device=device)
target = torch.randint(0, 3, (64,), device=device)


def grads():
    return [p.grad.clone() for p in model.parameters()]


# Referência: um lote grande de 64 amostras.
model.zero_grad()
criterion(model(data), target).backward()
big_batch = grads()

# Acumulação: 4 micro-lotes de 16; backward() SOMA os gradientes em .grad.
accumulation_steps = 4
model.zero_grad()
for x, t in zip(data.chunk(accumulation_steps), target.chunk(accumulation_steps)):
    loss = criterion(model(x), t) / accumulation_steps  # média de 16 / 4 = parte da média de 64
    loss.backward()
accumulated = grads()

# Sem a divisão: cada micro-lote contribui com a média inteira -> 4x o gradiente.
model.zero_grad()
for x, t in zip(data.chunk(accumulation_steps), target.chunk(accumulation_steps)):
    criterion(model(x), t).backward()
undivided = grads()

for g_big, g_acc, g_raw in zip(big_batch, accumulated, undivided):
    assert torch.allclose(g_big, g_acc, atol=1e-6)
    assert torch.allclose(4 * g_big, g_raw, atol=1e-5)
norm = lambda gs: torch.cat([g.flatten() for g in gs]).norm().item()  # noqa: E731
print(f"norma do gradiente, 1 lote de 64:           {norm(big_batch):.6f}")
print(f"norma do gradiente, 4 x 16 com / 4:         {norm(accumulated):.6f}  (igual)")
print(f"norma do gradiente, 4 x 16 sem dividir:     {norm(undivided):.6f}  (4 vezes maior)")
# --8<-- [end:equivalencia]

# --8<-- [start:laco]
from torch.utils.data import DataLoader, TensorDataset

# O laço da ficha, completo: lotes de 16 na memória, atualização a cada 4 (lote efetivo 64).
dataset = TensorDataset(torch.randn(256, 16), torch.randint(0, 3, (256,)))
dataloader = DataLoader(dataset, batch_size=16, shuffle=True)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)

optimizer.zero_grad()
steps = 0
for i, (data, target) in enumerate(dataloader):
    data, target = data.to(device), target.to(device)
    output = model(data)
    loss = criterion(output, target) / accumulation_steps
    loss.backward()

    # len(dataloader) = 16 lotes, múltiplo de 4: nenhum gradiente sobra no fim.
    if (i + 1) % accumulation_steps == 0:
        optimizer.step()
        optimizer.zero_grad()
        steps += 1
print(f"{len(dataloader)} micro-lotes de 16 -> {steps} passos do otimizador com lote efetivo 64")
# --8<-- [end:laco]

# --8<-- [start:excecao]
# Na GPU, faltar memória levanta torch.OutOfMemoryError (= torch.cuda.OutOfMemoryError),
# uma subclasse de RuntimeError: dá para capturar e tentar de novo com lote menor.
print(f"torch.OutOfMemoryError é RuntimeError: {issubclass(torch.OutOfMemoryError, RuntimeError)}")
try:
    torch.empty(2**48, dtype=torch.uint8, device=device)  # 256 TiB: não cabe em lugar nenhum
except torch.OutOfMemoryError:
    print("OutOfMemoryError capturado (GPU)")
except RuntimeError:
    # Na CPU a falha de alocação é um RuntimeError comum, não OutOfMemoryError.
    print("falha de alocação na CPU: RuntimeError (não OutOfMemoryError)")
# --8<-- [end:excecao]
