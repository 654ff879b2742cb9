# --8<-- [start:dados]
import torch
from torch import nn

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"

# Problema desbalanceado gerado no código: 3 classes com 1700, 240 e 60 amostras.
counts = [1700, 240, 60]
centers = torch.tensor([[0.0, 0.0, 0.0, 0.0], [1.5, 1.5, 0.0, 0.0], [0.0, 1.5, 1.5, 0.0]])
X = torch.cat([centers[c] + torch.randn(n, 4) for c, n in enumerate(counts)])
y = torch.cat([torch.full((n,), c) for c, n in enumerate(counts)])

# Divisão estratificada: 20% de CADA classe vai para a validação, e a classe rara
# aparece nas duas partes na mesma proporção.
train_idx, val_idx = [], []
for c in range(3):
    idx = (y == c).nonzero().squeeze(1)
    idx = idx[torch.randperm(len(idx))]
    n_val = len(idx) // 5
    val_idx.append(idx[:n_val])
    train_idx.append(idx[n_val:])
train_idx, val_idx = torch.cat(train_idx), torch.cat(val_idx)
X_train, y_train = X[train_idx].to(device), y[train_idx].to(device)
X_val, y_val = X[val_idx].to(device), y[val_idx].to(device)
print("amostras por classe no treino:   ", torch.bincount(y_train).tolist())
print("amostras por classe na validação:", torch.bincount(y_val).tolist())
# --8<-- [end:dados]

# --8<-- [start:metricas]
def fit(weight=None, steps=300):
    """Treina uma regressão logística (nn.Linear + entropia cruzada) no treino."""
    torch.manual_seed(0)
    model = nn.Linear(4, 3).to(device)
    criterion = nn.CrossEntropyLoss(weight=weight)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
    for _ in range(steps):
        optimizer.zero_grad()
        criterion(model(X_train), y_train).backward()
        optimizer.step()
    return model


def metrics(y_true, y_pred, num_classes):
    """Precisão, revocação e F1 de cada classe, calculadas com operações de tensor."""
    tp = torch.stack([((y_pred == c) & (y_true == c)).sum() for c in range(num_classes)]).float()
    predicted = torch.bincount(y_pred, minlength=num_classes).float()  # TP + FP
    actual = torch.bincount(y_true, minlength=num_classes).float()  # TP + FN
    precision = tp / predicted.clamp(min=1)  # clamp: classe nunca prevista dá 0, não NaN
    recall = tp / actual.clamp(min=1)
    f1 = 2 * precision * recall / (precision + recall).clamp(min=1e-12)
    return precision, recall, f1


def report(name, y_pred):
    accuracy = (y_pred == y_val).float().mean().item()
    precision, recall, f1 = metrics(y_val, y_pred, 3)
    print(f"{name}: acurácia {accuracy:.3f}, F1 macro {f1.mean().item():.3f}")
    for c in range(3):
        print(f"  classe {c}: precisão {precision[c]:.3f}  revocação {recall[c]:.3f}  F1 {f1[c]:.3f}")


# Um "modelo" que sempre responde a classe mais comum já tem acurácia alta.
report("sempre a classe 0", torch.zeros_like(y_val))

model = fit()
model.eval()
with torch.no_grad():
    pred = model(X_val).argmax(dim=1)
report("regressão logística", pred)
# --8<-- [end:metricas]

# --8<-- [start:confusao]
def confusion_matrix(y_true, y_pred, num_classes):
    """Linha = classe verdadeira, coluna = classe prevista."""
    index = y_true * num_classes + y_pred  # cada par (verdadeira, prevista) vira um número
    return torch.bincount(index, minlength=num_classes**2).reshape(num_classes, num_classes)


def show(cm):
    print("verdadeira \\ prevista " + "".join(f"{c:>6}" for c in range(len(cm))))
    for c, row in enumerate(cm.tolist()):
        print(f"{c:>21} " + "".join(f"{v:>6}" for v in row))


cm = confusion_matrix(y_val, pred, 3)
show(cm)
# A diagonal são os acertos; precisão e revocação saem das colunas e das linhas.
recall = cm.diag() / cm.sum(dim=1)
precision = cm.diag() / cm.sum(dim=0)
print("revocação por classe:", [round(v, 3) for v in recall.tolist()])
print("precisão por classe: ", [round(v, 3) for v in precision.tolist()])

# Pesos na perda, inversos à frequência: errar a classe rara passa a custar mais.
weight = (len(y_train) / (3 * torch.bincount(y_train))).float()
print("\npesos da perda:", [round(v, 2) for v in weight.tolist()])
weighted = fit(weight=weight)
weighted.eval()
with torch.no_grad():
    pred_weighted = weighted(X_val).argmax(dim=1)
show(confusion_matrix(y_val, pred_weighted, 3))
report("com pesos na perda", pred_weighted)
# --8<-- [end:confusao]
