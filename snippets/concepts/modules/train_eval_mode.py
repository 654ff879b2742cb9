import torch
from torch import nn

torch.manual_seed(0)

# Dropout zera elementos ao acaso no treino e multiplica os demais por 1/(1-p)
model = nn.Sequential(nn.Identity(), nn.Dropout(p=0.5))
x = torch.ones(8)

model.train()  # o modo padrão de um módulo recém-criado
print(f"training={model.training}")
print(f"  passagem 1: {model(x).tolist()}")
print(f"  passagem 2: {model(x).tolist()}")

model.eval()  # o mesmo que model.train(False); vale para todos os submódulos
print(f"training={model.training}, model[1].training={model[1].training}")
with torch.no_grad():  # na inferência, também dispensamos o grafo do autograd
    out1, out2 = model(x), model(x)
print(f"  passagem 1: {out1.tolist()}")
assert torch.equal(out1, out2) and torch.equal(out1, x)  # Dropout vira identidade


# add_module registra um submódulo, mas não o coloca no forward:
# a dica "model.add_module('dropout', nn.Dropout(0.5))" da ficha não tem efeito
class OneLayer(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 2)

    def forward(self, x):
        return self.fc(x)


net = OneLayer().train()
before = net(x)
net.add_module("dropout", nn.Dropout(0.5))
print(f"\nsubmódulos de net: {[name for name, _ in net.named_children()]}")
assert torch.equal(net(x), before)  # ainda em modo de treino, e nada mudou
print("a saída de net não mudou: forward() não chama self.dropout")
