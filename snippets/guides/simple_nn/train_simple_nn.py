# --8<-- [start:dados]
import math

import matplotlib.pyplot as plt
import torch
import torch.nn as nn
import torch.optim as optim

torch.manual_seed(0)  # mesmos dados, mesmos pesos iniciais, mesma saída
device = "cuda" if torch.cuda.is_available() else "cpu"


def make_spirals(n_per_class=200, num_classes=3, noise=0.15):
    """Espirais entrelaçadas em 2-D: uma classe por braço (não separáveis por reta)."""
    X, y = [], []
    for c in range(num_classes):
        r = torch.linspace(0.1, 1.0, n_per_class)
        theta = r * 4 + c * 2 * math.pi / num_classes + noise * torch.randn(n_per_class)
        X.append(torch.stack([r * torch.cos(theta), r * torch.sin(theta)], dim=1))
        y.append(torch.full((n_per_class,), c))
    return torch.cat(X), torch.cat(y)


X_train, y_train = make_spirals()
X_test, y_test = make_spirals()  # mesma distribuição, outros pontos (ruído novo)
print(f"X_train: {tuple(X_train.shape)} {X_train.dtype}, y_train: {tuple(y_train.shape)} {y_train.dtype}")
# --8<-- [end:dados]


# --8<-- [start:modelo]
class SimpleNN(nn.Module):
    def __init__(self, input_size, hidden_size, num_classes):
        super().__init__()
        self.fc1 = nn.Linear(input_size, hidden_size)
        self.relu = nn.ReLU()
        self.fc2 = nn.Linear(hidden_size, num_classes)

    def forward(self, x):
        out = self.fc1(x)
        out = self.relu(out)
        out = self.fc2(out)
        return out  # logits: a CrossEntropyLoss aplica log-softmax por dentro


def train_simple_model(X_train, y_train, epochs=100, lr=0.01, device=device):
    """Treina a SimpleNN com o lote inteiro a cada época."""
    # Converter para tensores (aceita listas, arrays NumPy ou tensores)
    X = torch.as_tensor(X_train, dtype=torch.float32, device=device)
    y = torch.as_tensor(y_train, dtype=torch.long, device=device)

    # Criar modelo
    input_size = X.shape[1]
    hidden_size = 64
    num_classes = int(y.max()) + 1  # rótulos 0, 1, ..., C-1

    model = SimpleNN(input_size, hidden_size, num_classes).to(device)
    criterion = nn.CrossEntropyLoss()
    optimizer = optim.Adam(model.parameters(), lr=lr)

    # Treinar
    losses = []
    for epoch in range(epochs):
        optimizer.zero_grad()
        outputs = model(X)
        loss = criterion(outputs, y)
        loss.backward()
        optimizer.step()

        losses.append(loss.item())

        if (epoch + 1) % 10 == 0:
            print(f"Época [{epoch + 1}/{epochs}], perda: {loss.item():.4f}")

    return {"model": model, "final_loss": loss.item(), "losses": losses}
# --8<-- [end:modelo]


# --8<-- [start:treino]
result = train_simple_model(X_train, y_train, epochs=100)
# --8<-- [end:treino]

# --8<-- [start:avaliacao]
model = result["model"]
model.eval()
with torch.no_grad():
    for name, X, y in [("treino", X_train, y_train), ("teste", X_test, y_test)]:
        predicted = model(X.to(device)).argmax(dim=1).cpu()
        accuracy = (predicted == y).float().mean().item()
        print(f"acurácia no {name}: {accuracy:.1%}")
print(f"perda final: {result['final_loss']:.4f} (acaso: acurácia de {1 / 3:.1%})")

fig, ax = plt.subplots(figsize=(6, 3.5))
ax.plot(range(1, len(result["losses"]) + 1), result["losses"])
ax.set_xlabel("época")
ax.set_ylabel("perda (entropia cruzada)")
ax.set_title("SimpleNN nas espirais")
ax.grid(alpha=0.3)
fig.tight_layout()
fig.savefig("perda.svg")
plt.close(fig)
print("figura salva: perda.svg")
# --8<-- [end:avaliacao]
