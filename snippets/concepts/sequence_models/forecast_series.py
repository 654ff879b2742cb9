# --8<-- [start:dados]
import math

import matplotlib.pyplot as plt
import torch
from torch import nn

torch.manual_seed(0)  # mesma série, mesmos pesos, mesma saída
device = "cuda" if torch.cuda.is_available() else "cpu"

# Série gerada: duas ondas (períodos de 50 e 17 passos) mais ruído
t = torch.arange(1000, dtype=torch.float32)
series = torch.sin(2 * math.pi * t / 50) + 0.5 * torch.sin(2 * math.pi * t / 17) + 0.1 * torch.randn(1000)

WINDOW = 40  # o modelo vê 40 valores e prevê o 41º


def make_windows(values):
    """Janelas deslizantes: X[i] = values[i:i+WINDOW], y[i] = values[i+WINDOW]."""
    X = values.unfold(0, WINDOW, 1)[:-1].unsqueeze(-1)  # (amostras, WINDOW, 1 atributo)
    y = values[WINDOW:].unsqueeze(-1)  # (amostras, 1)
    return X.to(device), y.to(device)


split = 800  # treino nos primeiros 800 passos, teste nos 200 seguintes
X_train, y_train = make_windows(series[:split])
X_test, y_test = make_windows(series[split - WINDOW :])  # o teste prevê os passos 800..999
print(f"treino: X {tuple(X_train.shape)}, y {tuple(y_train.shape)}")
print(f"teste:  X {tuple(X_test.shape)}, y {tuple(y_test.shape)}")
# --8<-- [end:dados]


# --8<-- [start:modelo]
class Forecaster(nn.Module):
    """Uma camada recorrente (LSTM ou GRU) e uma camada linear sobre o último estado oculto."""

    def __init__(self, cell=nn.LSTM, hidden_size=32):
        super().__init__()
        self.rnn = cell(input_size=1, hidden_size=hidden_size, batch_first=True)
        self.head = nn.Linear(hidden_size, 1)

    def forward(self, x):
        output, _ = self.rnn(x)  # output: (lote, tempo, hidden_size)
        return self.head(output[:, -1])  # só o último passo: resumo da janela inteira


def train(model, steps=400, batch_size=64):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    loss_fn = nn.MSELoss()
    for step in range(1, steps + 1):
        idx = torch.randint(len(X_train), (batch_size,))  # um minilote ao acaso
        loss = loss_fn(model(X_train[idx]), y_train[idx])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if step % 100 == 0:
            print(f"  passo {step}: perda {loss.item():.4f}")
    return model


models = {}
for cell in (nn.LSTM, nn.GRU):
    print(cell.__name__)
    models[cell.__name__] = train(Forecaster(cell).to(device))
# --8<-- [end:modelo]


# --8<-- [start:avaliacao]
mse = nn.MSELoss()
with torch.no_grad():
    for name, model in models.items():
        model.eval()
        print(f"{name}: EQM no teste = {mse(model(X_test), y_test).item():.4f}")
    # Referência ingênua: repetir o último valor visto
    print(f"repetir o último valor: EQM = {mse(X_test[:, -1], y_test).item():.4f}")
    print(f"variância do ruído (o mínimo possível): {0.1**2:.4f}")
# --8<-- [end:avaliacao]


# --8<-- [start:autorregressivo]
# Previsão de 100 passos: cada previsão volta como entrada da próxima
model = models["LSTM"]
window = series[split - WINDOW : split].reshape(1, WINDOW, 1).to(device)
forecast = []
with torch.no_grad():
    for _ in range(100):
        next_value = model(window)  # (1, 1)
        forecast.append(next_value.item())
        window = torch.cat([window[:, 1:], next_value.unsqueeze(1)], dim=1)  # desliza a janela
forecast = torch.tensor(forecast)
truth = series[split : split + 100]
print(f"EQM da previsão autorregressiva de 100 passos: {(forecast - truth).pow(2).mean().item():.4f}")

fig, ax = plt.subplots(figsize=(7, 3))
ax.plot(t[split - 100 : split + 100], series[split - 100 : split + 100], color="0.6", label="série real")
ax.plot(t[split : split + 100], forecast, color="tab:orange", label="LSTM, autorregressiva")
ax.axvline(split, color="0.3", linestyle="--", linewidth=1)
ax.set_xlabel("passo de tempo")
ax.legend(loc="lower left")
fig.tight_layout()
fig.savefig("previsao.svg")
plt.close(fig)
print("figura salva: previsao.svg")
# --8<-- [end:autorregressivo]
