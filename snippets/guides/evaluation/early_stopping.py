# --8<-- [start:avaliar]
import copy

import torch
from torch import nn

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"

# Poucos dados e ruidosos (15% dos rótulos trocados): um MLP grande decora o treino.
X = torch.randn(600, 20)
y = (X[:, 0] + X[:, 1] > 0).long()
flip = torch.rand(600) < 0.15
y[flip] = 1 - y[flip]

# Três partes: treino (ajusta os pesos), validação (escolhe época e configuração)
# e teste (medido uma vez, no fim).
perm = torch.randperm(600)
train_idx, val_idx, test_idx = perm[:300], perm[300:450], perm[450:]
X_train, y_train = X[train_idx].to(device), y[train_idx].to(device)
X_val, y_val = X[val_idx].to(device), y[val_idx].to(device)
X_test, y_test = X[test_idx].to(device), y[test_idx].to(device)
print(f"treino {len(train_idx)}, validação {len(val_idx)}, teste {len(test_idx)}")


def make_model(hidden=128, p=0.3):
    return nn.Sequential(
        nn.Linear(20, hidden), nn.ReLU(), nn.Dropout(p),
        nn.Linear(hidden, hidden), nn.ReLU(), nn.Dropout(p),
        nn.Linear(hidden, 2),
    ).to(device)


criterion = nn.CrossEntropyLoss()


def evaluate(model, X, y):
    """Perda e acurácia em modo de avaliação e sem grafo do autograd."""
    was_training = model.training
    model.eval()  # dropout desligado (e BatchNorm com as estatísticas guardadas)
    with torch.no_grad():  # nada de grafo: menos memória, mais rápido
        logits = model(X)
        loss = criterion(logits, y).item()
        accuracy = (logits.argmax(dim=1) == y).float().mean().item()
    model.train(was_training)  # devolve o modelo no modo em que estava
    return loss, accuracy


model = make_model()
with torch.no_grad():
    model.train()
    in_train = [round(criterion(model(X_val), y_val).item(), 4) for _ in range(3)]
print("perda de validação em modo de treino (3 vezes):", in_train)
print("com evaluate() (3 vezes):", [round(evaluate(model, X_val, y_val)[0], 4) for _ in range(3)])
# --8<-- [end:avaliar]

# --8<-- [start:parada]
def train(model, lr=1e-3, max_epochs=200, patience=10, verbose=False):
    """Treina com parada antecipada e devolve o melhor estado visto na validação."""
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    best_loss, best_epoch, best_state = torch.inf, 0, None
    for epoch in range(1, max_epochs + 1):
        model.train()
        for batch in torch.randperm(len(X_train), device=device).split(100):
            optimizer.zero_grad()
            criterion(model(X_train[batch]), y_train[batch]).backward()
            optimizer.step()
        train_loss, _ = evaluate(model, X_train, y_train)
        val_loss, val_acc = evaluate(model, X_val, y_val)
        if verbose and epoch % 4 == 0:
            print(f"época {epoch:3d}: treino {train_loss:.3f}  validação {val_loss:.3f}  acurácia {val_acc:.3f}")
        if val_loss < best_loss:  # melhorou: guarda uma CÓPIA dos pesos
            best_loss, best_epoch = val_loss, epoch
            best_state = copy.deepcopy(model.state_dict())
        elif epoch - best_epoch >= patience:  # `patience` épocas sem melhorar: para
            if verbose:
                print(f"parou na época {epoch}: {patience} épocas sem melhorar desde a {best_epoch}")
            break
    return best_state, best_epoch, best_loss


torch.manual_seed(0)
model = make_model()
best_state, best_epoch, best_loss = train(model, verbose=True)
print(f"melhor época {best_epoch}: perda de validação {best_loss:.4f}")
print(f"modelo no fim do treino:  perda de validação {evaluate(model, X_val, y_val)[0]:.4f}")
# --8<-- [end:parada]

# --8<-- [start:checkpoint]
# Salva o melhor estado num arquivo do diretório de trabalho, junto com a época.
torch.save({"epoch": best_epoch, "model": best_state}, "best_model.pt")

fresh = make_model()  # um modelo novo, com pesos aleatórios
checkpoint = torch.load("best_model.pt", map_location=device)  # weights_only=True é o padrão
fresh.load_state_dict(checkpoint["model"])
loss, accuracy = evaluate(fresh, X_val, y_val)
print(f"recarregado (época {checkpoint['epoch']}): perda de validação {loss:.4f}, acurácia {accuracy:.3f}")
assert abs(loss - best_loss) < 1e-6
# --8<-- [end:checkpoint]

# --8<-- [start:selecao]
# Seleção de modelos: cada configuração treina com parada antecipada, e a
# escolha usa só a validação. O teste fica de fora até a decisão estar tomada.
results = {}
for hidden, p in [(8, 0.0), (128, 0.0), (128, 0.3)]:
    torch.manual_seed(0)
    candidate = make_model(hidden, p)
    state, epoch, val_loss = train(candidate)
    candidate.load_state_dict(state)
    results[(hidden, p)] = (val_loss, candidate)
    print(f"oculta {hidden:3d}, dropout {p}: melhor época {epoch:3d}, perda de validação {val_loss:.4f}")

best_config = min(results, key=lambda k: results[k][0])
test_loss, test_acc = evaluate(results[best_config][1], X_test, y_test)
print(f"escolhida {best_config}: perda de teste {test_loss:.4f}, acurácia de teste {test_acc:.3f}")
# --8<-- [end:selecao]
