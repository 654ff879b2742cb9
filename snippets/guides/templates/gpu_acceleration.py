import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class MyModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 2))

    def forward(self, x):
        return self.net(x)


model = MyModel().to(device)  # parâmetros e buffers vão para o dispositivo
dataset = TensorDataset(torch.randn(100, 10), torch.randint(0, 2, (100,)))
dataloader = DataLoader(dataset, batch_size=25, pin_memory=(device.type == "cuda"))

print(f"dispositivo: {device}")
print(f"parâmetros em: {next(model.parameters()).device}")

model.eval()
predictions = []
with torch.inference_mode():
    for data, target in dataloader:
        # O DataLoader entrega lotes na CPU: cada lote é movido antes do modelo.
        data, target = data.to(device, non_blocking=True), target.to(device, non_blocking=True)
        output = model(data)
        predictions.append(output.argmax(dim=1))

# Um único retorno para a CPU no fim, em vez de um por lote.
predictions = torch.cat(predictions).cpu()
print(f"lotes: {len(dataloader)}, saída do último lote: {tuple(output.shape)} em {output.device}")
print(f"previsões: {predictions.shape[0]} (classe 1 em {int(predictions.sum())} delas)")
