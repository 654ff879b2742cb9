import torch
import torch.nn as nn
from torch.export import Dim

torch.manual_seed(0)  # mesma saída a cada execução


class SimpleNN(nn.Module):
    def __init__(self, input_size=4, hidden_size=8, num_classes=3):
        super().__init__()
        self.fc1 = nn.Linear(input_size, hidden_size)
        self.relu = nn.ReLU()
        self.fc2 = nn.Linear(hidden_size, num_classes)

    def forward(self, x):
        return self.fc2(self.relu(self.fc1(x)))


model = SimpleNN().eval()
example = (torch.randn(2, 4),)

# torch.export captura o forward inteiro num grafo (sem Python no meio).
# Dim("batch") declara que a 1ª dimensão pode variar: o programa aceita qualquer lote.
batch = Dim("batch")
program = torch.export.export(model, example, dynamic_shapes={"x": {0: batch}})
ops = [str(n.target) for n in program.graph.nodes if n.op == "call_function"]
print(f"operações no grafo: {ops}")

# Salvar e carregar o programa exportado (formato .pt2): o sucessor do torch.jit.save
torch.export.save(program, "simple_nn.pt2")
loaded = torch.export.load("simple_nn.pt2").module()

x = torch.randn(5, 4)  # lote de tamanho diferente do exemplo usado na exportação
assert torch.allclose(loaded(x), model(x))
print(f"saída do programa carregado para lote de 5: {tuple(loaded(x).shape)}, igual ao modelo original")
