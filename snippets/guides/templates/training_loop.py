import torch
import torch.nn as nn
import torch.optim as optim
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)  # mesma saída a cada execução
device = "cuda" if torch.cuda.is_available() else "cpu"


# No lugar de `MyModel`: um modelo de verdade (2 entradas -> 3 classes).
class MyModel(nn.Module):
    def __init__(self, input_size=2, hidden_size=16, num_classes=3):
        super().__init__()
        self.fc1 = nn.Linear(input_size, hidden_size)
        self.relu = nn.ReLU()
        self.fc2 = nn.Linear(hidden_size, num_classes)

    def forward(self, x):
        return self.fc2(self.relu(self.fc1(x)))


# No lugar de `dataloader`: 300 pontos gerados em 3 grupos, em lotes de 32.
centers = torch.tensor([[0.0, 2.0], [-2.0, -1.0], [2.0, -1.0]])
labels = torch.arange(3).repeat_interleave(100)
points = centers[labels] + 0.6 * torch.randn(300, 2)
dataloader = DataLoader(TensorDataset(points, labels), batch_size=32, shuffle=True)

num_epochs = 5  # o template usava `num_epochs` sem defini-lo

model = MyModel().to(device)
criterion = nn.CrossEntropyLoss()
optimizer = optim.Adam(model.parameters(), lr=0.01)

for epoch in range(num_epochs):
    model.train()
    # A soma fica num tensor no dispositivo: loss.item() a cada lote forçaria
    # uma sincronização com a GPU; um .item() por época basta
    running_loss = torch.zeros((), device=device)
    for data, target in dataloader:
        data, target = data.to(device), target.to(device)
        optimizer.zero_grad()
        output = model(data)
        loss = criterion(output, target)
        loss.backward()
        optimizer.step()
        running_loss += loss.detach() * data.size(0)  # soma ponderada pelo tamanho do lote
    mean_loss = running_loss.item() / len(dataloader.dataset)
    print(f"época {epoch + 1}/{num_epochs}: perda média {mean_loss:.4f}")

# Acurácia no próprio conjunto de treino (só para ver que o laço aprendeu algo).
model.eval()
with torch.no_grad():
    predicted = model(points.to(device)).argmax(dim=1).cpu()
    accuracy = (predicted == labels).float().mean().item()
print(f"acurácia no treino: {accuracy:.1%}")
