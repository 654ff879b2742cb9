import torch
from torch import nn

torch.manual_seed(0)  # mesmos pesos, mesma saída

# Lote de 4 sequências, cada uma com 10 passos de 3 atributos: (lote, tempo, atributos)
x = torch.randn(4, 10, 3)

for layer in [nn.RNN(3, 8, batch_first=True), nn.GRU(3, 8, batch_first=True), nn.LSTM(3, 8, batch_first=True)]:
    output, state = layer(x)
    name = type(layer).__name__
    n_params = sum(p.numel() for p in layer.parameters())
    if isinstance(state, tuple):  # a LSTM devolve (h_n, c_n): estado oculto e célula
        shapes = f"h_n {tuple(state[0].shape)}, c_n {tuple(state[1].shape)}"
    else:
        shapes = f"h_n {tuple(state.shape)}"
    print(f"{name:4}: output {tuple(output.shape)}, {shapes}, {n_params} parâmetros")

# O último passo de output é o estado oculto final (uma camada, uma direção)
gru = nn.GRU(3, 8, batch_first=True)
output, h_n = gru(x)
print("output[:, -1] == h_n[0]:", torch.allclose(output[:, -1], h_n[0]))

# A mesma recorrência escrita à mão: h_t = tanh(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)
rnn = nn.RNN(3, 8, batch_first=True)
h = torch.zeros(4, 8)  # estado inicial: zeros, como o nn.RNN usa por padrão
for t in range(x.shape[1]):  # um passo de tempo por vez, com os MESMOS pesos
    h = torch.tanh(x[:, t] @ rnn.weight_ih_l0.T + rnn.bias_ih_l0 + h @ rnn.weight_hh_l0.T + rnn.bias_hh_l0)
output, h_n = rnn(x)
print("laço à mão == nn.RNN:", torch.allclose(h, h_n[0], atol=1e-6))
