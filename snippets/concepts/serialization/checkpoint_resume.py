# --8<-- [start:passo1]
import torch
from torch import nn

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"

# Dados de regressão gerados no código: y = 3*x1 - 2*x2 + ruído.
X = torch.randn(64, 2, device=device)
y = X @ torch.tensor([[3.0], [-2.0]], device=device) + 0.1 * torch.randn(64, 1, device=device)


def make_model_and_optimizer():
    model = nn.Linear(2, 1).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.1)
    return model, optimizer


def train(model, optimizer, epochs, start=0, verbose=True):
    losses = []
    for epoch in range(start, start + epochs):
        optimizer.zero_grad()
        loss = nn.functional.mse_loss(model(X), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
        if verbose:
            print(f"  época {epoch}: loss {loss.item():.4f}")
    return losses


# Treina 3 épocas e grava um checkpoint com tudo o que é preciso para continuar.
torch.manual_seed(1)
model, optimizer = make_model_and_optimizer()
print("primeira sessão:")
first = train(model, optimizer, epochs=3)
torch.save(
    {
        "epoch": 3,  # a próxima época a rodar
        "model_state_dict": model.state_dict(),
        "optimizer_state_dict": optimizer.state_dict(),
        "loss": first[-1],  # um float, não o tensor com grafo
    },
    "checkpoint.pt",
)
print("checkpoint gravado em checkpoint.pt")
# --8<-- [end:passo1]

# --8<-- [start:passo2]
# "Outro dia": modelo e otimizador novos, estado lido do arquivo.
model2, optimizer2 = make_model_and_optimizer()
ckpt = torch.load("checkpoint.pt", map_location=device, weights_only=True)
model2.load_state_dict(ckpt["model_state_dict"])
optimizer2.load_state_dict(ckpt["optimizer_state_dict"])
print(f"retomando na época {ckpt['epoch']} (loss salva: {ckpt['loss']:.4f})")
resumed = train(model2, optimizer2, epochs=3, start=ckpt["epoch"])
# --8<-- [end:passo2]

# --8<-- [start:passo3]
# Referência: as mesmas 6 épocas sem interrupção.
torch.manual_seed(1)
ref_model, ref_optimizer = make_model_and_optimizer()
reference = train(ref_model, ref_optimizer, epochs=6, verbose=False)
assert torch.allclose(torch.tensor(resumed), torch.tensor(reference[3:]))
print(f"sem interrupção, épocas 3-5: {[round(v, 4) for v in reference[3:]]} (iguais)")

# Errado: recarregar só o modelo e recomeçar o Adam do zero.
model3, optimizer3 = make_model_and_optimizer()
model3.load_state_dict(ckpt["model_state_dict"])
only_model = train(model3, optimizer3, epochs=3, start=3, verbose=False)
print(f"sem o estado do otimizador:  {[round(v, 4) for v in only_model]} (outra trajetória)")
# --8<-- [end:passo3]
