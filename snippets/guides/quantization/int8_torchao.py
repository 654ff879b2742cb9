# --8<-- [start:a-mao]
import torch

torch.manual_seed(0)  # mesmos pesos, mesma saída

# Quantização simétrica por linha: cada linha do peso ganha uma escala,
# e cada valor vira um inteiro de 8 bits: w ≈ q * escala
w = torch.randn(4, 8)
scale = w.abs().amax(dim=1, keepdim=True) / 127.5  # o maior |w| da linha vai para a ponta da faixa
q = torch.round(w / scale).clamp(-128, 127).to(torch.int8)
w_hat = q.float() * scale  # "desquantizar": voltar a float para calcular
print("linha 0 em float:", [round(v, 3) for v in w[0].tolist()])
print("linha 0 em int8: ", q[0].tolist(), f"x escala {scale[0].item():.4f}")
print(f"maior erro de arredondamento: {(w - w_hat).abs().max():.4f} (no máximo meia escala)")
print(f"bytes: float32 {w.nelement() * w.element_size()}, int8 {q.nelement() * q.element_size()} "
      f"+ escalas {scale.nelement() * scale.element_size()}")
# --8<-- [end:a-mao]


# --8<-- [start:modelo]
import copy
import io

from torch import nn

device = "cuda" if torch.cuda.is_available() else "cpu"

# Um classificador treinado em dados gerados: 20 atributos, 4 classes
X = torch.randn(4000, 20, device=device)
y = (X[:, :4] + 0.5 * X[:, 4:8]).argmax(dim=1)
X_train, y_train, X_test, y_test = X[:3000], y[:3000], X[3000:], y[3000:]
model = nn.Sequential(nn.Linear(20, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 4)).to(device)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
for epoch in range(200):
    loss = nn.functional.cross_entropy(model(X_train), y_train)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
model.eval()


def accuracy(m):
    with torch.no_grad():
        return (m(X_test).argmax(dim=1) == y_test).float().mean().item()


def state_dict_bytes(m):
    buffer = io.BytesIO()
    torch.save(m.state_dict(), buffer)
    return buffer.tell()


print(f"float32: acurácia {accuracy(model):.1%}, state_dict com {state_dict_bytes(model) / 1024:.0f} KiB")
# --8<-- [end:modelo]


# --8<-- [start:torchao]
from torchao.quantization import Int8DynamicActivationInt8WeightConfig, Int8WeightOnlyConfig, quantize_

results = {}
for name, config in [("int8, só pesos", Int8WeightOnlyConfig()),
                     ("int8, pesos e ativações", Int8DynamicActivationInt8WeightConfig())]:
    quantized = copy.deepcopy(model)
    quantize_(quantized, config)  # troca, no lugar, o peso de cada nn.Linear por um tensor quantizado
    with torch.no_grad():
        diff = (quantized(X_test) - model(X_test)).abs().max().item()
    print(f"{name:24}: acurácia {accuracy(quantized):.1%}, state_dict com "
          f"{state_dict_bytes(quantized) / 1024:.0f} KiB, maior diferença nos logits {diff:.3f}")
    results[name] = quantized

weight = results["int8, só pesos"][0].weight
print("peso quantizado:", type(weight).__name__, "| dados:", weight.qdata.dtype, tuple(weight.qdata.shape),
      "| escalas:", tuple(weight.scale.shape))
manual_scale = model[0].weight.detach().abs().amax(dim=1, keepdim=True) / 127.5
print("escala igual à da conta à mão:", torch.allclose(weight.scale, manual_scale))
# --8<-- [end:torchao]
