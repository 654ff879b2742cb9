import torch
from torch import nn

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"


class NaiveSoftmax(nn.Module):
    """softmax escrito à mão: exp(h) / soma(exp(h)). Frágil: exp(89) já é inf em float32."""

    def forward(self, h):
        e = torch.exp(h)
        return e / e.sum(dim=1, keepdim=True)  # inf / inf = NaN


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 16))
        self.weights = NaiveSoftmax()
        self.head = nn.Linear(16, 3)

    def forward(self, x):
        return self.head(self.weights(self.encoder(x)))


model = Net().to(device)
x = torch.randn(8, 4, device=device)
print("saída finita com dados normais?", torch.isfinite(model(x)).all().item())
x[5] = 500.0  # uma amostra fora da escala (dado sujo, sem normalização)
out = model(x)
print("e com a amostra 5 fora da escala?", torch.isfinite(out).all().item(),
      "| linhas não finitas:", (~torch.isfinite(out)).any(dim=1).nonzero().flatten().tolist())

# Um hook de forward em cada módulo confere a saída e guarda o PRIMEIRO que não for finito.
# Os hooks rodam na ordem em que os forwards terminam (os submódulos antes do contêiner).
first_bad = []


def check(name):
    def hook(module, inputs, output):
        if not first_bad and not torch.isfinite(output).all():
            inputs_ok = all(torch.isfinite(t).all().item() for t in inputs)
            first_bad.append((name, type(module).__name__, inputs_ok))
    return hook


handles = [m.register_forward_hook(check(name)) for name, m in model.named_modules() if name]
try:
    model(x)
finally:
    for h in handles:  # hooks de depuração saem logo depois do uso
        h.remove()
name, kind, inputs_ok = first_bad[0]
print(f"primeiro módulo com saída não finita: {name} ({kind}); entrada finita: {inputs_ok}")
# Entrada finita e saída não finita: a culpa é desse módulo. Quanto chega a ele?
h = model.encoder(x)
print(f"maior valor na entrada de {name}: {h.max().item():.1f}")

# Correção: torch.softmax subtrai o máximo de cada linha antes do exp, e exp(h - max) <= 1
model.weights = nn.Softmax(dim=1)
print("com nn.Softmax, saída finita?", torch.isfinite(model(x)).all().item())
