import torch
from torch import nn
from torch.optim.lr_scheduler import ReduceLROnPlateau, StepLR

torch.manual_seed(0)
model = nn.Linear(2, 1)

# StepLR: multiplica a taxa por gamma a cada step_size épocas, sem olhar métricas
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
scheduler = StepLR(optimizer, step_size=3, gamma=0.5)
lrs = []
for epoch in range(8):
    lrs.append(optimizer.param_groups[0]["lr"])
    optimizer.step()  # (o treino da época viria aqui)
    scheduler.step()  # uma vez por época, depois de optimizer.step()
print("StepLR:", ", ".join(f"{lr:g}" for lr in lrs))

# ReduceLROnPlateau, como no fine-tuning da ficha: observa a acurácia de
# validação (mode="max": maior é melhor) e, se ela não melhora por mais de
# patience=3 épocas, multiplica a taxa por factor=0.1
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
scheduler = ReduceLROnPlateau(optimizer, mode="max", factor=0.1, patience=3)

# Acurácias de validação inventadas: sobem e depois estacionam em ~80%
val_accs = [60.0, 70.0, 75.0, 78.0, 80.0, 80.0, 79.5, 80.0, 79.8, 80.0, 79.9, 80.0, 79.7, 80.0]
print("\népoca  val_acc  épocas sem melhora  lr")
for epoch, val_acc in enumerate(val_accs, start=1):
    optimizer.step()  # (o treino da época viria aqui)
    scheduler.step(val_acc)  # recebe a métrica monitorada
    lr = optimizer.param_groups[0]["lr"]
    print(f"{epoch:>5}  {val_acc:>6.1f}%  {scheduler.num_bad_epochs:>18}  {lr:.0e}")

assert optimizer.param_groups[0]["lr"] < 1e-3
