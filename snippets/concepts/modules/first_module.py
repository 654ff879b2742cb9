import torch
from torch import nn

torch.manual_seed(0)  # pesos iniciais iguais a cada execução
device = "cuda" if torch.cuda.is_available() else "cpu"


class SimpleNN(nn.Module):
    """A rede "Intermediário" da ficha: Linear -> ReLU -> Linear."""

    def __init__(self, input_size, hidden_size, num_classes):
        super().__init__()  # registra a maquinaria de nn.Module; sempre primeiro
        # Submódulos atribuídos a self são registrados automaticamente
        self.fc1 = nn.Linear(input_size, hidden_size)
        self.relu = nn.ReLU()
        self.fc2 = nn.Linear(hidden_size, num_classes)

    def forward(self, x):
        # O cálculo de uma passagem: x tem forma (lote, input_size)
        out = self.fc1(x)
        out = self.relu(out)
        return self.fc2(out)


model = SimpleNN(input_size=4, hidden_size=8, num_classes=3).to(device)
print(model)

x = torch.randn(5, 4, device=device)  # um lote de 5 exemplos com 4 atributos
logits = model(x)  # chame o módulo, não model.forward(x): model(x) também roda os hooks
print(f"entrada {tuple(x.shape)} -> saída {tuple(logits.shape)}")
print(f"a saída guarda o grafo para o autograd: grad_fn={type(logits.grad_fn).__name__}")
