# --8<-- [start:corpus]
import random

import torch
import torch.nn.functional as F
from torch import nn

torch.manual_seed(0)
rng = random.Random(0)  # o corpus sai sempre o mesmo
device = "cuda" if torch.cuda.is_available() else "cpu"

# O vocabulário do gerador: aspectos do produto e adjetivos que não mudam com o gênero
ASPECTS = "a bateria|o som|a tela|o carregador|a câmera|a entrega".split("|")
GOOD = "excelente|incrível|confiável|resistente|eficiente|impecável".split("|")
BAD = "horrível|terrível|frágil|inútil|instável|ruim".split("|")
PLAIN = "{a} é {adj}"
PAIR = "{a} é {adj} e {adj2}"  # dois adjetivos da mesma polaridade
NEGATED = "{a} não é {adj}"  # a negação inverte o adjetivo
OPENERS = ["", "", "sinceramente, ", "depois de uma semana, "]


def clause(positive):
    """Uma oração com a polaridade pedida: adjetivo bom, ou adjetivo ruim negado (e vice-versa)."""
    if rng.random() < 0.3:
        return NEGATED.format(a=rng.choice(ASPECTS), adj=rng.choice(BAD if positive else GOOD))
    words = GOOD if positive else BAD
    template = rng.choice([PLAIN, PAIR])
    return template.format(a=rng.choice(ASPECTS), adj=rng.choice(words), adj2=rng.choice(words))


def review():
    """Uma avaliação e o seu rótulo (1 = positiva). Depois de "mas", vale a segunda oração."""
    label = rng.random() < 0.5
    kind = rng.random()
    if kind < 0.4:
        text = clause(label)
    elif kind < 0.7:
        text = clause(label) + " e " + clause(label)
    else:
        text = clause(not label) + ", mas " + clause(label)
    return rng.choice(OPENERS) + text, int(label)


unlabeled = [review()[0] for _ in range(3000)]  # sem rótulo: para o tokenizador e o pré-treino
train_set = [review() for _ in range(300)]
val_set = [review() for _ in range(300)]
print(f"{len(unlabeled)} textos sem rótulo, {len(train_set)} de treino, {len(val_set)} de validação")
for text, label in train_set[:4]:
    print(f"  {'positiva' if label else 'negativa'}: {text}")
# --8<-- [end:corpus]

# --8<-- [start:tokenizer]
import tempfile
from pathlib import Path

from tokenizers import Tokenizer, normalizers, pre_tokenizers, processors
from tokenizers.models import BPE
from tokenizers.trainers import BpeTrainer

SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]  # recebem os ids 0 a 4, nesta ordem
tokenizer = Tokenizer(BPE(unk_token="[UNK]"))
tokenizer.normalizer = normalizers.Sequence([normalizers.NFC(), normalizers.Lowercase()])
tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()  # separa palavras e pontuação
trainer = BpeTrainer(vocab_size=200, special_tokens=SPECIALS, show_progress=False)
# Só o texto sem rótulo e o de treino: a validação fica de fora
tokenizer.train_from_iterator(unlabeled + [text for text, _ in train_set], trainer=trainer)
# Cada sequência ganha [CLS] no começo e [SEP] no fim
tokenizer.post_processor = processors.TemplateProcessing(
    single="[CLS] $A [SEP]",
    special_tokens=[(token, tokenizer.token_to_id(token)) for token in ("[CLS]", "[SEP]")],
)
pad_id, mask_id = tokenizer.token_to_id("[PAD]"), tokenizer.token_to_id("[MASK]")
print("vocabulário:", tokenizer.get_vocab_size(), "tokens")
for text in ["a bateria não é ruim", "câmeras inacreditáveis 🙂"]:
    encoding = tokenizer.encode(text)
    print(text)
    print("  tokens: ", encoding.tokens)
    print("  ids:    ", encoding.ids)
    print("  palavra:", encoding.word_ids)  # de que palavra do texto veio cada token

# O tokenizador treinado vai junto com o modelo: um arquivo JSON com vocabulário e regras
with tempfile.TemporaryDirectory() as folder:
    path = Path(folder) / "tokenizer.json"
    tokenizer.save(str(path))
    reloaded = Tokenizer.from_file(str(path))
    print("recarregado, mesmos ids:", reloaded.encode(text).ids == encoding.ids)
# --8<-- [end:tokenizer]

# --8<-- [start:batches]
from torch.nn.utils.rnn import pad_sequence
from torch.utils.data import DataLoader, Dataset


class ReviewDataset(Dataset):
    """Cada item: os ids dos tokens (comprimento variável) e o rótulo."""

    def __init__(self, pairs):
        self.ids = [torch.tensor(tokenizer.encode(text).ids) for text, _ in pairs]
        self.labels = [label for _, label in pairs]

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, i):
        return self.ids[i], self.labels[i]


def collate(batch):
    """Completa as sequências com [PAD] até a maior do lote; devolve também a máscara."""
    ids = pad_sequence([ids for ids, _ in batch], batch_first=True, padding_value=pad_id)
    return ids, ids == pad_id, torch.tensor([label for _, label in batch])  # True = preenchimento


train_data, val_data = ReviewDataset(train_set), ReviewDataset(val_set)
ids, pad_mask, labels = next(iter(DataLoader(train_data, batch_size=4, collate_fn=collate)))
print("lote:", tuple(ids.shape), "| tokens reais por linha:", (~pad_mask).sum(dim=1).tolist())
print("linha 0, ids:    ", ids[0].tolist())
print("linha 0, máscara:", pad_mask[0].int().tolist())


def length_buckets(dataset, batch_size, generator):
    """Lotes de comprimentos parecidos: ordena por comprimento, corta em lotes, embaralha os lotes."""
    order = torch.randperm(len(dataset), generator=generator).tolist()  # empates em ordem aleatória
    order.sort(key=lambda i: len(dataset.ids[i]))
    batches = [order[i : i + batch_size] for i in range(0, len(order), batch_size)]
    return [batches[i] for i in torch.randperm(len(batches), generator=generator).tolist()]


def padding_fraction(loader):
    """Que fração das posições dos lotes é preenchimento, numa época."""
    pads = total = 0
    for _, pad_mask, _ in loader:
        pads, total = pads + pad_mask.sum().item(), total + pad_mask.numel()
    return pads / total


generator = torch.Generator().manual_seed(0)
shuffled = DataLoader(train_data, batch_size=32, shuffle=True, collate_fn=collate, generator=generator)
bucketed = DataLoader(train_data, batch_sampler=length_buckets(train_data, 32, generator), collate_fn=collate)
print(f"preenchimento, lotes ao acaso:       {padding_fraction(shuffled):.1%}")
print(f"preenchimento, lotes por comprimento: {padding_fraction(bucketed):.1%}")
# --8<-- [end:batches]

# --8<-- [start:model]
class Encoder(nn.Module):
    """Embeddings dos tokens e das posições + um TransformerEncoder pequeno."""

    def __init__(self, vocab_size, d_model=48, nhead=4, num_layers=1, max_len=64):
        super().__init__()
        self.tokens = nn.Embedding(vocab_size, d_model, padding_idx=pad_id)  # [PAD]: vetor zero, sem gradiente
        self.positions = nn.Embedding(max_len, d_model)
        layer = nn.TransformerEncoderLayer(
            d_model, nhead, dim_feedforward=2 * d_model, dropout=0.1, batch_first=True, norm_first=True
        )
        self.layers = nn.TransformerEncoder(layer, num_layers, norm=nn.LayerNorm(d_model), enable_nested_tensor=False)

    def forward(self, ids, pad_mask):
        x = self.tokens(ids) + self.positions(torch.arange(ids.shape[1], device=ids.device))
        return self.layers(x, src_key_padding_mask=pad_mask)  # nenhuma posição olha para o [PAD]


class Classifier(nn.Module):
    """O codificador, a média dos vetores dos tokens reais e uma camada linear."""

    def __init__(self, encoder, num_classes=2):
        super().__init__()
        self.encoder = encoder
        self.head = nn.Linear(encoder.tokens.embedding_dim, num_classes)

    def forward(self, ids, pad_mask):
        h = self.encoder(ids, pad_mask)  # (lote, posições, d_model)
        keep = (~pad_mask).unsqueeze(-1).float()
        return self.head((h * keep).sum(dim=1) / keep.sum(dim=1))  # média só dos tokens reais


def evaluate(model, dataset):
    model.eval()
    correct = 0
    with torch.no_grad():
        for ids, pad_mask, labels in DataLoader(dataset, batch_size=100, collate_fn=collate):
            logits = model(ids.to(device), pad_mask.to(device))
            correct += (logits.argmax(dim=1) == labels.to(device)).sum().item()
    return correct / len(dataset)


def fit(model, seed, epochs=10, lr=3e-3):
    """Treina com lotes por comprimento (novos a cada época); devolve a acurácia de treino e a de validação."""
    generator = torch.Generator().manual_seed(seed)
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=lr)
    for epoch in range(epochs):
        model.train()
        batches = length_buckets(train_data, 32, generator)
        for ids, pad_mask, labels in DataLoader(train_data, batch_sampler=batches, collate_fn=collate):
            loss = F.cross_entropy(model(ids.to(device), pad_mask.to(device)), labels.to(device))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    return evaluate(model, train_data), evaluate(model, val_data)


def report(name, runs):
    """Uma linha por variante: treino e validação de cada semente, e a média da validação."""
    cells = " ".join(f"{train:.0%}/{val:.1%}" for train, val in runs)
    print(f"{name:>26}: {cells} | validação média {sum(val for _, val in runs) / len(runs):.1%}")


vocab_size = tokenizer.get_vocab_size()
model = Classifier(Encoder(vocab_size)).to(device)
print(f"{sum(p.numel() for p in model.parameters())} parâmetros")

# O preenchimento não muda a resposta: a linha 0, sozinha e no lote de 4 frases
model.eval()
with torch.no_grad():
    n = (~pad_mask[0]).sum().item()
    alone = model(ids[:1, :n].to(device), pad_mask[:1, :n].to(device))
    in_batch = model(ids.to(device), pad_mask.to(device))[:1]
print("mesma saída sozinha e no lote:", torch.allclose(alone, in_batch, atol=1e-5))

# Treino do zero, com três sementes (pesos iniciais e ordem dos lotes): treino/validação
scratch = []
for seed in range(3):
    torch.manual_seed(seed)
    scratch.append(fit(Classifier(Encoder(vocab_size)).to(device), seed))
report("do zero", scratch)
# --8<-- [end:model]

# --8<-- [start:pretrain]
def mask_tokens(ids, pad_mask, rate=0.15):
    """Troca 15% dos tokens (nunca [PAD], [CLS], [SEP]) por [MASK]; o alvo é o token original."""
    special = pad_mask | (ids == tokenizer.token_to_id("[CLS]")) | (ids == tokenizer.token_to_id("[SEP]"))
    chosen = (torch.rand(ids.shape) < rate) & ~special
    targets = torch.where(chosen, ids, -100)  # -100: posição fora da perda (ignore_index)
    return torch.where(chosen, mask_id, ids), targets


torch.manual_seed(0)
encoder = Encoder(vocab_size).to(device)
mlm_head = nn.Linear(encoder.tokens.embedding_dim, vocab_size).to(device)  # prevê o token escondido
optimizer = torch.optim.AdamW([*encoder.parameters(), *mlm_head.parameters()], lr=3e-3)
pretrain_data = ReviewDataset([(text, 0) for text in unlabeled])  # o rótulo não é usado
loader = DataLoader(pretrain_data, batch_size=64, shuffle=True, collate_fn=collate)
encoder.train()
for epoch in range(8):
    losses = []
    for ids, pad_mask, _ in loader:
        inputs, targets = mask_tokens(ids, pad_mask)
        logits = mlm_head(encoder(inputs.to(device), pad_mask.to(device)))
        loss = F.cross_entropy(logits.reshape(-1, vocab_size), targets.reshape(-1).to(device))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    if epoch % 2 == 1:
        print(f"pré-treino, época {epoch + 1}: perda média nos tokens mascarados {sum(losses) / len(losses):.3f}")


# O que o pré-treino aprendeu: os tokens mais prováveis no lugar do [MASK]
def fill_mask(text):
    encoding = tokenizer.encode(text)
    ids = torch.tensor([encoding.ids], device=device)
    encoder.eval()
    with torch.no_grad():
        probs = mlm_head(encoder(ids, ids == pad_id))[0, encoding.ids.index(mask_id)].softmax(dim=-1)
    print(f"{text!r}: {[tokenizer.id_to_token(i) for i in probs.topk(4).indices.tolist()]}")
    return probs


fill_mask("a [MASK] é excelente")
probs = fill_mask("a tela é horrível e [MASK]")
good, bad = [[tokenizer.token_to_id(word) for word in words] for words in (GOOD, BAD)]  # um token cada
print(f"  probabilidade dos adjetivos bons: {probs[good].sum():.2f}, dos ruins: {probs[bad].sum():.2f}")
# --8<-- [end:pretrain]

# --8<-- [start:finetune]
pretrained = encoder.state_dict()  # o "checkpoint" pré-treinado
for name, frozen in [("pré-treinado + ajuste fino", False), ("pré-treinado congelado", True)]:
    runs = []
    for seed in range(3):
        torch.manual_seed(seed)
        encoder = Encoder(vocab_size)
        encoder.load_state_dict(pretrained)  # o papel do from_pretrained
        encoder.requires_grad_(not frozen)  # congelado: só a cabeça linear treina
        runs.append(fit(Classifier(encoder).to(device), seed))
    report(name, runs)
report("do zero (acima)", scratch)
# --8<-- [end:finetune]
