import torch
import torch.nn as nn

torch.manual_seed(0)  # mesma saída a cada execução

# Frases inventadas, rotuladas 1 (positiva) ou 0 (negativa)
train = [
    ("o filme foi ótimo", 1), ("adorei a comida", 1), ("serviço excelente e rápido", 1),
    ("gostei muito do livro", 1), ("ótimo atendimento", 1), ("que dia maravilhoso", 1),
    ("o filme foi péssimo", 0), ("odiei a comida", 0), ("serviço ruim e lento", 0),
    ("não gostei do livro", 0), ("atendimento péssimo", 0), ("que dia horrível", 0),
]

# Tokenização mínima (separar por espaços) e vocabulário; 0 = palavra desconhecida
vocab = {"<unk>": 0}
for sentence, _ in train:
    for word in sentence.split():
        vocab.setdefault(word, len(vocab))


def encode(sentences):
    """Concatena os índices de todas as frases e marca onde cada uma começa."""
    ids, offsets = [], []
    for s in sentences:
        offsets.append(len(ids))
        ids.extend(vocab.get(w, 0) for w in s.split())
    return torch.tensor(ids), torch.tensor(offsets)


class TextClassifier(nn.Module):
    def __init__(self, vocab_size, embed_dim, num_classes):
        super().__init__()
        # EmbeddingBag: média dos vetores das palavras de cada frase, sem padding;
        # padding_idx=0 deixa as palavras desconhecidas fora da média
        self.embedding = nn.EmbeddingBag(vocab_size, embed_dim, mode="mean", padding_idx=0)
        self.fc = nn.Linear(embed_dim, num_classes)

    def forward(self, ids, offsets):
        return self.fc(self.embedding(ids, offsets))


model = TextClassifier(len(vocab), embed_dim=16, num_classes=2)
optimizer = torch.optim.Adam(model.parameters(), lr=0.02)
criterion = nn.CrossEntropyLoss()
ids, offsets = encode([s for s, _ in train])
labels = torch.tensor([y for _, y in train])

for epoch in range(1, 31):
    optimizer.zero_grad()
    loss = criterion(model(ids, offsets), labels)
    loss.backward()
    optimizer.step()
    if epoch % 10 == 0:
        print(f"época {epoch}: perda {loss.item():.4f}")

# Frases novas: palavras do treino em combinações que o modelo não viu...
tests = ["adorei o serviço", "odiei o atendimento", "livro excelente", "filme lento"]
# ...e uma com palavra fora do vocabulário ("ótima" não é "ótimo"): só "comida" conta
tests.append("comida ótima")
model.eval()
with torch.no_grad():
    probs = torch.softmax(model(*encode(tests)), dim=1)[:, 1]
for sentence, p in zip(tests, probs.tolist()):
    unknown = [w for w in sentence.split() if w not in vocab]
    note = f"  (desconhecida: {', '.join(unknown)})" if unknown else ""
    print(f"{sentence!r:24} P(positiva) = {p:.2f}{note}")
