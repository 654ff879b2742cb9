import os

import torch
import torch.nn as nn

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"

X = torch.randn(128, 4, device=device)
y = X.sum(dim=1, keepdim=True)
model = nn.Linear(4, 1).to(device)
optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
criterion = nn.MSELoss()

num_epochs, save_every = 12, 5
for epoch in range(num_epochs):
    optimizer.zero_grad()
    loss = criterion(model(X), y)
    loss.backward()
    optimizer.step()
    # (epoch + 1) % N: grava depois das épocas 5 e 10 e sempre a última.
    # A ficha usa epoch % 5 == 0, que grava já na época 0, antes de quase todo o treino.
    if (epoch + 1) % save_every == 0 or epoch + 1 == num_epochs:
        path = f"checkpoint_epoch_{epoch + 1}.pth"  # no diretório atual
        torch.save(
            {
                "epoch": epoch + 1,  # épocas concluídas: a próxima a rodar
                "model_state_dict": model.state_dict(),
                "optimizer_state_dict": optimizer.state_dict(),
                "loss": loss.item(),  # um float; a ficha gravava o tensor
            },
            path,
        )
        print(f"época {epoch + 1}: perda {loss.item():.4f} -> {path} ({os.path.getsize(path)} bytes)")

# Retomar do último checkpoint: recriar modelo e otimizador e carregar os estados.
latest = max((f for f in os.listdir(".") if f.startswith("checkpoint_epoch_")),
             key=lambda f: int(f.split("_")[-1].split(".")[0]))
ckpt = torch.load(latest, map_location=device, weights_only=True)
resumed = nn.Linear(4, 1).to(device)
resumed.load_state_dict(ckpt["model_state_dict"])
resumed_opt = torch.optim.Adam(resumed.parameters(), lr=0.05)
resumed_opt.load_state_dict(ckpt["optimizer_state_dict"])
print(f"retomado de {latest}: época {ckpt['epoch']}, perda {ckpt['loss']:.4f} ({type(ckpt['loss']).__name__})")

# O que a ficha gravava: o tensor da perda, que volta como tensor (no dispositivo de origem).
torch.save({"loss": loss}, "loss_tensor.pth")
raw = torch.load("loss_tensor.pth", weights_only=True)["loss"]
print(f"'loss': loss grava um {type(raw).__name__} com requires_grad={raw.requires_grad}")
