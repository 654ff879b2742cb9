# --8<-- [start:dados]
import math

import matplotlib.pyplot as plt
import torch
import torch.nn as nn
import torch.optim as optim
from torch.utils.data import DataLoader, TensorDataset, random_split

torch.manual_seed(0)  # mesmos dados, mesma divisão, mesmos pesos: mesma saída
device = "cuda" if torch.cuda.is_available() else "cpu"


def make_stripes(n, num_classes=4, size=32):
    """Imagens 3x32x32 com listras; a classe é a direção das listras (0°, 45°, 90°, 135°)."""
    labels = torch.arange(n) % num_classes
    coords = torch.arange(size, dtype=torch.float32)
    yy, xx = torch.meshgrid(coords, coords, indexing="ij")
    angle = labels.float() * math.pi / num_classes  # direção de cada imagem
    freq = 0.4 + 0.4 * torch.rand(n)  # frequência e fase variam: só a direção identifica a classe
    phase = 2 * math.pi * torch.rand(n)
    proj = xx * torch.cos(angle).view(-1, 1, 1) + yy * torch.sin(angle).view(-1, 1, 1)
    stripes = torch.sin(freq.view(-1, 1, 1) * proj + phase.view(-1, 1, 1))  # (n, 32, 32)
    color = 0.5 + 0.5 * torch.rand(n, 3, 1, 1)  # cor aleatória por imagem
    images = 0.5 + 0.4 * color * stripes.unsqueeze(1) + 0.1 * torch.randn(n, 3, size, size)
    return images.clamp(0, 1), labels


images, labels = make_stripes(320)
dataset = TensorDataset(images, labels)
train_set, val_set = random_split(dataset, [0.8, 0.2], generator=torch.Generator().manual_seed(0))
train_loader = DataLoader(train_set, batch_size=16, shuffle=True, generator=torch.Generator().manual_seed(0))
val_loader = DataLoader(val_set, batch_size=64)
print(f"imagens: {tuple(images.shape)}, treino: {len(train_set)}, validação: {len(val_set)}")
# --8<-- [end:dados]


# --8<-- [start:modelo]
class ImageCNN(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 32, kernel_size=3, padding=1)
        self.conv2 = nn.Conv2d(32, 64, kernel_size=3, padding=1)
        self.conv3 = nn.Conv2d(64, 128, kernel_size=3, padding=1)

        self.pool = nn.MaxPool2d(2, 2)
        self.dropout = nn.Dropout(0.5)

        self.fc1 = nn.Linear(128 * 4 * 4, 512)  # 32 -> 16 -> 8 -> 4 depois de 3 pools
        self.fc2 = nn.Linear(512, num_classes)
        self.relu = nn.ReLU()

    def forward(self, x):
        x = self.pool(self.relu(self.conv1(x)))  # (N, 32, 16, 16)
        x = self.pool(self.relu(self.conv2(x)))  # (N, 64, 8, 8)
        x = self.pool(self.relu(self.conv3(x)))  # (N, 128, 4, 4)

        x = torch.flatten(x, 1)  # (N, 2048); mantém N, ao contrário de view(-1, ...)
        x = self.dropout(self.relu(self.fc1(x)))
        x = self.fc2(x)
        return x


model = ImageCNN(num_classes=4)
# Milhares separados por espaço, como no SI: a mesma leitura em português e em inglês
print(f"ImageCNN: {sum(p.numel() for p in model.parameters()):,} parâmetros".replace(",", " "))
print(f"saída para 2 imagens: {tuple(model(torch.zeros(2, 3, 32, 32)).shape)}")
# --8<-- [end:modelo]


# --8<-- [start:treino]
def train_cnn(train_loader, val_loader, num_epochs=10, num_classes=10, device=device):
    """Treina a ImageCNN e valida ao fim de cada época; guarda o melhor state_dict."""
    model = ImageCNN(num_classes=num_classes).to(device)
    criterion = nn.CrossEntropyLoss()
    optimizer = optim.Adam(model.parameters(), lr=0.001)

    best_acc = 0.0
    history = {"batch_loss": [], "train_loss": [], "val_loss": [], "val_acc": []}

    for epoch in range(num_epochs):
        # Treino
        model.train()  # liga o dropout
        train_loss = 0.0
        for images, labels in train_loader:
            images, labels = images.to(device), labels.to(device)

            optimizer.zero_grad()
            outputs = model(images)
            loss = criterion(outputs, labels)
            loss.backward()
            optimizer.step()

            train_loss += loss.item()
            history["batch_loss"].append(loss.item())

        # Validação
        model.eval()  # desliga o dropout
        val_loss = 0.0
        correct = 0
        total = 0
        with torch.no_grad():
            for images, labels in val_loader:
                images, labels = images.to(device), labels.to(device)
                outputs = model(images)
                val_loss += criterion(outputs, labels).item()

                predicted = outputs.argmax(dim=1)  # índice do maior logit = classe prevista
                total += labels.size(0)
                correct += (predicted == labels).sum().item()

        val_acc = 100 * correct / total
        history["train_loss"].append(train_loss / len(train_loader))
        history["val_loss"].append(val_loss / len(val_loader))
        history["val_acc"].append(val_acc)

        print(
            f"Época [{epoch + 1}/{num_epochs}] perda treino: {history['train_loss'][-1]:.4f}, "
            f"perda val.: {history['val_loss'][-1]:.4f}, acurácia val.: {val_acc:.2f}%"
        )

        # Guardar o melhor modelo (só os pesos: state_dict)
        if val_acc > best_acc:
            best_acc = val_acc
            torch.save(model.state_dict(), "best_model.pth")

    return {"model": model, "best_accuracy": best_acc, "history": history}
# --8<-- [end:treino]


# --8<-- [start:execucao]
result = train_cnn(train_loader, val_loader, num_epochs=3, num_classes=4)
print(f"melhor acurácia de validação: {result['best_accuracy']:.2f}% (acaso: 25%)")
# --8<-- [end:execucao]

# --8<-- [start:checkpoint]
# Recarregar o melhor checkpoint num modelo novo
best = ImageCNN(num_classes=4)
best.load_state_dict(torch.load("best_model.pth", map_location="cpu", weights_only=True))
best.eval()
with torch.no_grad():
    x, y = next(iter(val_loader))
    acc = (best(x).argmax(dim=1) == y).float().mean().item()
print(f"checkpoint recarregado: acurácia no 1º lote de validação {acc:.1%}")

history = result["history"]
steps_per_epoch = len(train_loader)
epochs_axis = [steps_per_epoch * (e + 1) for e in range(len(history["val_loss"]))]
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.5))
ax1.plot(range(1, len(history["batch_loss"]) + 1), history["batch_loss"], alpha=0.5, label="treino (por lote)")
ax1.plot(epochs_axis, history["train_loss"], "o-", label="treino (média da época)")
ax1.plot(epochs_axis, history["val_loss"], "s-", label="validação")
ax1.set_xlabel("passo de otimização")
ax1.set_ylabel("perda")
ax1.legend()
ax2.plot(range(1, len(history["val_acc"]) + 1), history["val_acc"], "s-", color="tab:green")
ax2.axhline(25, color="gray", linestyle="--", label="acaso (4 classes)")
ax2.set_xlabel("época")
ax2.set_xticks(range(1, len(history["val_acc"]) + 1))
ax2.set_ylabel("acurácia de validação (%)")
ax2.set_ylim(0, 100)
ax2.legend()
fig.tight_layout()
fig.savefig("curvas.svg")
plt.close(fig)
print("figura salva: curvas.svg")
# --8<-- [end:checkpoint]
