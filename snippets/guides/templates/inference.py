# --8<-- [start:salvar]
import torch
import torch.nn as nn

torch.manual_seed(0)
torch.set_printoptions(precision=4)


class MyModel(nn.Module):
    def __init__(self, input_size=4, hidden_size=8, num_classes=3):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(input_size, hidden_size),
            nn.ReLU(),
            nn.Dropout(0.2),  # só age em modo de treino: por isso o model.eval() abaixo
            nn.Linear(hidden_size, num_classes),
        )

    def forward(self, x):
        return self.net(x)


# Em outro script, depois do treino: salvar só os pesos (state_dict), não o objeto.
trained = MyModel()
torch.save(trained.state_dict(), "model.pth")
print("pesos gravados em model.pth:", list(trained.state_dict().keys()))
# --8<-- [end:salvar]

# --8<-- [start:inferir]
# Script de inferência: recria a arquitetura e carrega os pesos.
model = MyModel()
state_dict = torch.load("model.pth", map_location="cpu", weights_only=True)
model.load_state_dict(state_dict)
model.eval()  # desliga dropout e usa as estatísticas fixas de BatchNorm

# No lugar de `{input_data}`: um lote de 2 amostras com 4 atributos cada.
input_data = [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]
input_tensor = torch.tensor(input_data, dtype=torch.float32)

with torch.inference_mode():
    output = model(input_tensor)
    probabilities = torch.softmax(output, dim=1)
    prediction = torch.argmax(output, dim=1)

print(f"logits:\n{output}")
print(f"probabilidades:\n{probabilities}")
print("classe prevista por amostra:", prediction.tolist())
print("output.requires_grad:", output.requires_grad)

# O modelo carregado responde igual ao que foi salvo.
trained.eval()
with torch.inference_mode():
    assert torch.equal(trained(input_tensor), output)
# --8<-- [end:inferir]
