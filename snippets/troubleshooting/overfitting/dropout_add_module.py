# --8<-- [start:errado]
import torch
import torch.nn as nn

torch.manual_seed(0)


class SimpleNN(nn.Module):  # a rede da ficha
    def __init__(self, input_size, hidden_size, num_classes):
        super().__init__()
        self.fc1 = nn.Linear(input_size, hidden_size)
        self.relu = nn.ReLU()
        self.fc2 = nn.Linear(hidden_size, num_classes)

    def forward(self, x):
        out = self.fc1(x)
        out = self.relu(out)
        out = self.fc2(out)
        return out


model = SimpleNN(8, 64, 3)
model.add_module("dropout", nn.Dropout(0.5))  # o que a ficha sugere
print("submódulos:", [name for name, _ in model.named_children()])

# Contar quantas vezes o Dropout é chamado, com um hook.
calls = []
model.dropout.register_forward_hook(lambda module, inputs, output: calls.append(1))

model.train()  # modo de treino: um Dropout ativo daria saídas diferentes a cada chamada
x = torch.randn(4, 8)
same = torch.equal(model(x), model(x))
print(f"add_module: chamadas ao Dropout = {len(calls)}, duas saídas iguais em treino = {same}")
assert len(calls) == 0 and same  # registrado, mas o forward nunca o usa
# --8<-- [end:errado]

# --8<-- [start:certo]
class SimpleNNWithDropout(nn.Module):
    def __init__(self, input_size, hidden_size, num_classes, p=0.5):
        super().__init__()
        self.fc1 = nn.Linear(input_size, hidden_size)
        self.relu = nn.ReLU()
        self.dropout = nn.Dropout(p)
        self.fc2 = nn.Linear(hidden_size, num_classes)

    def forward(self, x):
        out = self.relu(self.fc1(x))
        out = self.dropout(out)  # entre as camadas, chamado no forward
        return self.fc2(out)


fixed = SimpleNNWithDropout(8, 64, 3)
fixed.train()
print(f"no forward, treino: duas saídas iguais = {torch.equal(fixed(x), fixed(x))}")
fixed.eval()  # em avaliação o Dropout vira identidade
print(f"no forward, eval:   duas saídas iguais = {torch.equal(fixed(x), fixed(x))}")

# O mesmo com nn.Sequential: a posição na lista é a ordem de execução.
seq = nn.Sequential(nn.Linear(8, 64), nn.ReLU(), nn.Dropout(0.5), nn.Linear(64, 3))
# Em um Sequential, add_module acrescenta no FIM: o dropout cairia sobre as saídas.
tail = nn.Sequential(nn.Linear(8, 64), nn.ReLU(), nn.Linear(64, 3))
tail.add_module("dropout", nn.Dropout(0.5))
print("Sequential certo:      ", [type(m).__name__ for m in seq])
print("Sequential + add_module:", [type(m).__name__ for m in tail])
# --8<-- [end:certo]
