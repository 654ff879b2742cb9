import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"
# float16 nos dois dispositivos: o autocast da CPU também o aceita, e o
# GradScaler (necessário com float16) existe para "cuda" e para "cpu"
amp_dtype = torch.float16

# Dados e modelo pequenos, gerados no código (classificação em 4 classes).
X = torch.randn(512, 20)
y = (X[:, :4].argmax(dim=1))
dataloader = DataLoader(TensorDataset(X, y), batch_size=64, shuffle=True)
model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 4)).to(device)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)

scaler = torch.amp.GradScaler(device)

for epoch in range(4):
    total = torch.zeros((), device=device)
    for data, target in dataloader:
        data, target = data.to(device), target.to(device)
        optimizer.zero_grad()

        with torch.amp.autocast(device_type=device, dtype=amp_dtype):
            output = model(data)
            loss = criterion(output, target)

        scaler.scale(loss).backward()  # backward fora do autocast
        scaler.unscale_(optimizer)  # gradientes de volta à escala real...
        nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)  # ...para cortar a norma
        scaler.step(optimizer)  # pula o passo se houver inf/NaN nos gradientes
        scaler.update()  # ajusta o fator de escala para o próximo passo
        total += loss.detach() * data.size(0)
    print(f"época {epoch + 1}: perda {total.item() / len(X):.4f}")

print(f"dispositivo {device}, autocast em {amp_dtype}, GradScaler ativo: {scaler.is_enabled()}")
print(f"fator de escala depois do treino: {scaler.get_scale():.0f}")
print(f"pesos continuam em {model[0].weight.dtype}")
