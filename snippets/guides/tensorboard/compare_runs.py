# --8<-- [start:execucoes]
import shutil

import torch
from torch import nn
from torch.utils.tensorboard import SummaryWriter

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"

# A mesma regressão pequena, gerada no código.
X = torch.randn(512, 8)
y = X @ torch.randn(8, 1) + 0.3 * torch.randn(512, 1)
X_train, y_train = X[:384].to(device), y[:384].to(device)
X_val, y_val = X[384:].to(device), y[384:].to(device)
criterion = nn.MSELoss()


def log_weights(writer, model, step):
    """Um histograma por tensor de parâmetros, sob a tag pesos/<nome>."""
    for name, param in model.named_parameters():
        writer.add_histogram(f"pesos/{name}", param, step)


def train(lr, logdir, steps=200, log_every=10, histogram_every=50):
    """Treina uma execução e registra perdas, pesos e hiperparâmetros em `logdir`."""
    torch.manual_seed(0)  # mesma inicialização e mesmos lotes: só a taxa muda
    model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 1)).to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    shutil.rmtree(logdir, ignore_errors=True)
    with SummaryWriter(logdir) as writer:  # o `with` chama close() no fim
        log_weights(writer, model, 0)  # os pesos iniciais, antes do primeiro passo
        for step in range(1, steps + 1):
            batch = torch.randint(0, len(X_train), (32,), device=device)
            loss = criterion(model(X_train[batch]), y_train[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            if step % log_every == 0:
                with torch.no_grad():
                    val_loss = criterion(model(X_val), y_val).item()
                writer.add_scalar("perda/treino", loss.item(), step)
                writer.add_scalar("perda/validacao", val_loss, step)
            if step % histogram_every == 0:  # histogramas custam mais: mais espaçados
                log_weights(writer, model, step)
        # Os hiperparâmetros e o resultado final, para a aba HPARAMS. run_name="."
        # grava na pasta da própria execução (sem ele, numa subpasta com a hora).
        writer.add_hparams({"lr": lr, "passos": steps}, {"hparam/perda_validacao": val_loss},
                          run_name=".", global_step=steps)
    return val_loss


for lr in (0.1, 0.01):
    final = train(lr, f"runs/lr_{lr}")
    print(f"runs/lr_{lr}: perda de validação final {final:.4f}")
# --8<-- [end:execucoes]

# --8<-- [start:comparar]
import matplotlib.pyplot as plt
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
from tensorboard.plugins.hparams.plugin_data_pb2 import HParamsPluginData

# size_guidance diz quantos pontos guardar por tag (0: todos). Sem ele, o leitor
# guarda um só histograma por tag; o painel também guarda só uma amostra.
runs = {}
for lr in (0.1, 0.01):
    runs[lr] = EventAccumulator(f"runs/lr_{lr}", size_guidance={"scalars": 0, "histograms": 0})
    runs[lr].Reload()

for lr, events in runs.items():
    print(f"runs/lr_{lr}")
    # O que add_hparams gravou: metadados do plugin hparams, em protobuf.
    metadata = events.SummaryMetadata("_hparams_/session_start_info")
    hparams = HParamsPluginData.FromString(metadata.plugin_data.content).session_start_info.hparams
    print("  hiperparâmetros:", {name: value.number_value for name, value in sorted(hparams.items())})
    print("  métrica:", [(p.step, round(p.value, 4)) for p in events.Scalars("hparam/perda_validacao")])
    # Um histograma é um resumo da distribuição, não os valores: contagens por faixa.
    for h in events.Histograms("pesos/0.weight"):
        v = h.histogram_value
        std = (v.sum_squares / v.num - (v.sum / v.num) ** 2) ** 0.5
        print(f"  pesos/0.weight, passo {h.step:3d}: {v.num:.0f} valores, "
              f"mín {v.min:+.3f}, máx {v.max:+.3f}, desvio {std:.3f}")

# As duas curvas de validação num gráfico, como a aba SCALARS as sobreporia.
fig, ax = plt.subplots(figsize=(6, 3.5))
for lr, events in runs.items():
    points = events.Scalars("perda/validacao")
    ax.plot([p.step for p in points], [p.value for p in points], marker="o", markersize=3, label=f"lr_{lr}")
ax.set_yscale("log")
ax.set_xlabel("passo (global_step)")
ax.set_ylabel("perda/validacao (MSE)")
ax.legend(title="execução")
ax.grid(alpha=0.3)
fig.tight_layout()
fig.savefig("validacao.svg")
plt.close(fig)
print("figura salva: validacao.svg")
# --8<-- [end:comparar]
