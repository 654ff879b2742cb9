# --8<-- [start:escrever]
import shutil
from pathlib import Path

import torch
from torch import nn
from torch.utils.tensorboard import SummaryWriter

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"

# Uma regressão pequena, gerada no código: 8 entradas, uma saída com ruído.
X = torch.randn(512, 8)
y = X @ torch.randn(8, 1) + 0.3 * torch.randn(512, 1)
X_train, y_train = X[:384].to(device), y[:384].to(device)
X_val, y_val = X[384:].to(device), y[384:].to(device)

model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 1)).to(device)
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
criterion = nn.MSELoss()

# Uma pasta por execução. Se ela já existir (o exemplo rodou antes), recomeça do
# zero: um arquivo de eventos antigo na mesma pasta se misturaria às curvas novas.
shutil.rmtree("runs/exp1", ignore_errors=True)
writer = SummaryWriter("runs/exp1")

LOG_EVERY = 10  # registra a cada 10 passos: .item() espera a GPU terminar
for step in range(1, 201):
    batch = torch.randint(0, len(X_train), (32,), device=device)
    loss = criterion(model(X_train[batch]), y_train[batch])
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step % LOG_EVERY == 0:
        with torch.no_grad():
            val_loss = criterion(model(X_val), y_val)
        # O passo (global_step) é o eixo x do gráfico; a tag dá o nome da curva.
        writer.add_scalar("perda/treino", loss.item(), global_step=step)
        writer.add_scalar("perda/validacao", val_loss.item(), global_step=step)
writer.close()  # grava o que ainda estava na fila e fecha o arquivo

# O que ficou no disco: uma pasta por execução, com um arquivo de eventos. O nome
# do arquivo leva a hora, a máquina e o processo; só o começo é sempre o mesmo.
for path in sorted(Path("runs").rglob("events.out.tfevents.*")):
    print(f"{path.parent}/events.out.tfevents.*  ({path.stat().st_size} bytes)")
# --8<-- [end:escrever]

# --8<-- [start:ler]
import dataclasses

from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

events = EventAccumulator("runs/exp1")  # a pasta de uma execução
events.Reload()  # lê todos os arquivos de eventos da pasta
print("escalares:", events.Tags()["scalars"])

for tag in events.Tags()["scalars"]:
    points = events.Scalars(tag)
    print(f"{tag}: {len(points)} pontos, passos {points[0].step} a {points[-1].step}")
    for point in points[:3] + points[-1:]:
        print(f"  passo {point.step:3d}: {point.value:.4f}")

# Cada ponto guarda também a hora em que foi gravado; o valor, em float32.
first = events.Scalars("perda/treino")[0]
print("campos de um ponto:", [field.name for field in dataclasses.fields(first)])
# --8<-- [end:ler]
