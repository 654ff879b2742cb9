# --8<-- [start:dados]
import math
import random

import torch
from torch import nn

torch.manual_seed(0)  # mesmo texto, mesmos pesos, mesma saída
random.seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"

# Texto gerado por uma gramática mínima: sujeito + verbo + objeto, frase após frase
SUBJECTS = ["o gato", "a menina", "o robô"]
VERBS = ["come", "vê", "pega"]
OBJECTS = ["o peixe", "a bola", "um livro"]
text = " ".join(
    f"{random.choice(SUBJECTS)} {random.choice(VERBS)} {random.choice(OBJECTS)}." for _ in range(2000)
)
chars = sorted(set(text))
stoi = {c: i for i, c in enumerate(chars)}  # caractere -> índice (o "tokenizador")
data = torch.tensor([stoi[c] for c in text])
print(f"{len(text)} caracteres, vocabulário de {len(chars)} símbolos")
print("início do texto:", text[:60])
# --8<-- [end:dados]


# --8<-- [start:modelo]
CONTEXT = 32  # o modelo vê até 32 caracteres para prever o próximo


class TinyTransformer(nn.Module):
    """Modelo de linguagem por caractere: embeddings + TransformerEncoder com máscara causal."""

    def __init__(self, vocab_size, d_model=64, nhead=4, num_layers=2):
        super().__init__()
        self.token_emb = nn.Embedding(vocab_size, d_model)
        self.pos_emb = nn.Embedding(CONTEXT, d_model)  # posição aprendida: a atenção não sabe a ordem
        layer = nn.TransformerEncoderLayer(
            d_model, nhead, dim_feedforward=4 * d_model, dropout=0.0, batch_first=True, norm_first=True
        )
        # Com norm_first=True, a saída do último bloco não passa por nenhuma LayerNorm:
        # norm= acrescenta a normalização final, como nos modelos pre-LN (GPT-2 e seguintes)
        self.encoder = nn.TransformerEncoder(
            layer, num_layers, norm=nn.LayerNorm(d_model), enable_nested_tensor=False
        )
        self.head = nn.Linear(d_model, vocab_size)

    def forward(self, idx):  # idx: (lote, tempo) de índices de caracteres
        T = idx.shape[1]
        x = self.token_emb(idx) + self.pos_emb(torch.arange(T, device=idx.device))
        mask = nn.Transformer.generate_square_subsequent_mask(T, device=idx.device)  # -inf acima da diagonal
        x = self.encoder(x, mask=mask, is_causal=True)  # cada posição só vê o passado
        return self.head(x)  # logits do próximo caractere, em cada posição


model = TinyTransformer(len(chars)).to(device)
print(f"{sum(p.numel() for p in model.parameters())} parâmetros")
# --8<-- [end:modelo]


# --8<-- [start:treino]
def batch(size=32):
    """Trechos ao acaso do texto; o alvo é o mesmo trecho deslocado de um caractere."""
    starts = torch.randint(len(data) - CONTEXT - 1, (size,))
    x = torch.stack([data[s : s + CONTEXT] for s in starts])
    y = torch.stack([data[s + 1 : s + CONTEXT + 1] for s in starts])
    return x.to(device), y.to(device)


optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3)
loss_fn = nn.CrossEntropyLoss()
for step in range(1, 301):
    x, y = batch()
    logits = model(x)  # (lote, tempo, vocabulário)
    loss = loss_fn(logits.reshape(-1, len(chars)), y.reshape(-1))
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step % 100 == 0:
        print(f"passo {step}: perda {loss.item():.3f}")

# Sujeito, verbo e objeto são sorteados (1 em 3): nenhum modelo prevê o sorteio.
# Cada frase custa ao menos 3·ln(3) nats (três sorteios entre 3 opções); dividindo o total
# das 2000 frases pelo número de caracteres do texto, sai o mínimo por caractere:
floor = 2000 * 3 * math.log(3) / len(text)
print(f"mínimo possível, em média: {floor:.3f}")
# --8<-- [end:treino]


# --8<-- [start:geracao]
@torch.no_grad()
def generate(prompt, n_chars=60, greedy=False):
    """Gera caractere a caractere: o mais provável (guloso) ou sorteado pelas probabilidades."""
    model.eval()
    idx = torch.tensor([[stoi[c] for c in prompt]], device=device)
    for _ in range(n_chars):
        logits = model(idx[:, -CONTEXT:])[:, -1]  # só a última posição interessa
        if greedy:
            next_idx = logits.argmax(dim=-1, keepdim=True)
        else:
            next_idx = torch.multinomial(logits.softmax(dim=-1), num_samples=1)
        idx = torch.cat([idx, next_idx], dim=1)
    return "".join(chars[i] for i in idx[0].tolist())


print("guloso:   ", generate("a menina ", greedy=True))
print("sorteando:", generate("a menina "))
# --8<-- [end:geracao]
