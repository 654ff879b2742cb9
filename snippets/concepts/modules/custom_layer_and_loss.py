import torch
from torch import nn

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"


class Scale(nn.Module):
    """Camada personalizada: multiplica cada atributo por um peso aprendido."""

    def __init__(self, features):
        super().__init__()
        # nn.Parameter registra o tensor como parâmetro (requires_grad=True)
        self.weight = nn.Parameter(torch.ones(features))
        # Um buffer vai para o state_dict e para .to(device), mas não é treinado
        self.register_buffer("calls", torch.zeros((), dtype=torch.long))

    def forward(self, x):
        self.calls += 1
        return x * self.weight


class WeightedMSELoss(nn.Module):
    """Perda personalizada como módulo: erro quadrático médio com peso por amostra."""

    def forward(self, prediction, target, weight):
        return (weight * (prediction - target) ** 2).mean()


def mae_loss(prediction, target):
    """Uma perda também pode ser uma função: basta usar operações de tensores."""
    return (prediction - target).abs().mean()


model = nn.Sequential(nn.Linear(3, 3), Scale(3)).to(device)
print(model)
print(f"parâmetros: {[name for name, _ in model.named_parameters()]}")
print(f"state_dict: {list(model.state_dict())}")

x = torch.randn(8, 3, device=device)
target = torch.randn(8, 3, device=device)
weight = torch.rand(8, 1, device=device)

loss = WeightedMSELoss()(model(x), target, weight) + mae_loss(model(x), target)
loss.backward()  # o autograd deriva as perdas novas sem código extra
print(f"perda: {loss.item():.4f}")
print(f"gradiente de Scale.weight: forma {tuple(model[1].weight.grad.shape)}")
print(f"Scale foi chamada {model[1].calls.item()} vezes")

# Com uma perda pronta, o resultado bate com a definição
mse = nn.MSELoss()(model(x), target)
assert torch.allclose(mse, ((model(x) - target) ** 2).mean())
