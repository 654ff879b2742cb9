# --8<-- [start:professor]
import torch
import torch.nn.functional as F
from torch import nn

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"

# Dados gerados: a classe (entre 5) vem de uma rede aleatória fixa, a "regra" que os modelos aprendem
rule = nn.Sequential(nn.Linear(20, 64), nn.Tanh(), nn.Linear(64, 5)).requires_grad_(False)


def make_data(n):
    X = torch.randn(n, 20)
    return X.to(device), rule(X).argmax(dim=1).to(device)


X_big, y_big = make_data(8000)  # o professor treinou com muitos exemplos rotulados
X_small, y_small = X_big[:500], y_big[:500]  # o aluno só vê 500
X_test, y_test = make_data(4000)


def mlp(hidden):
    return nn.Sequential(nn.Linear(20, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU(),
                         nn.Linear(hidden, 5)).to(device)


def n_params(model):
    return sum(p.numel() for p in model.parameters())


def accuracy(model):
    with torch.no_grad():
        return (model(X_test).argmax(dim=1) == y_test).float().mean().item()


def train(model, X, loss_fn, epochs, batch_size=250):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    generator = torch.Generator().manual_seed(1)  # a mesma ordem de lotes para todos os alunos
    for _ in range(epochs):
        order = torch.randperm(len(X), generator=generator).to(device)
        for i in range(0, len(X), batch_size):
            idx = order[i:i + batch_size]
            optimizer.zero_grad()
            loss_fn(model(X[idx]), idx).backward()
            optimizer.step()


teacher = mlp(128)
train(teacher, X_big, lambda logits, idx: F.cross_entropy(logits, y_big[idx]), epochs=20)
print(f"professor: {n_params(teacher)} parâmetros, acurácia {accuracy(teacher):.3f}")

# A temperatura T suaviza as probabilidades do professor: aparecem as classes "quase certas"
with torch.no_grad():
    teacher_logits = teacher(X_small)
for T in (1, 4):
    probs = F.softmax(teacher_logits / T, dim=1)
    print(f"T={T}: probabilidades no exemplo 2", [round(p, 3) for p in probs[2].tolist()],
          f"| confiança média {probs.max(dim=1).values.mean().item():.3f}")
# --8<-- [end:professor]

# --8<-- [start:aluno]
def hard_loss(logits, idx):
    return F.cross_entropy(logits, y_small[idx])


def distillation_loss(logits, idx, T=4.0, alpha=0.9):
    # KL entre as distribuições suavizadas do aluno e do professor; o T² mantém a escala do gradiente
    soft = F.kl_div(F.log_softmax(logits / T, dim=1), F.log_softmax(teacher_logits[idx] / T, dim=1),
                    reduction="batchmean", log_target=True) * T**2
    return alpha * soft + (1 - alpha) * F.cross_entropy(logits, y_small[idx])


torch.manual_seed(0)
student_hard = mlp(16)
train(student_hard, X_small, hard_loss, epochs=200)

print(f"aluno: {n_params(student_hard)} parâmetros ({n_params(teacher) // n_params(student_hard)}x menor)")
print(f"aluno com rótulos duros:  acurácia {accuracy(student_hard):.3f}")

for T in (1.0, 4.0, 8.0):
    torch.manual_seed(0)  # os mesmos pesos iniciais: só o alvo do treino muda
    student_kd = mlp(16)
    train(student_kd, X_small, lambda logits, idx: distillation_loss(logits, idx, T=T), epochs=200)
    print(f"aluno com destilação T={T:.0f}: acurácia {accuracy(student_kd):.3f}")
# --8<-- [end:aluno]
