# --8<-- [start:modelo]
import torch
import torch.nn as nn
import torch.optim as optim  # faltava na ficha
import torchvision.models as models
from torch.optim.lr_scheduler import ReduceLROnPlateau
from torch.utils.data import DataLoader, TensorDataset, random_split

torch.manual_seed(0)  # mesmos dados, mesma divisão, mesmos pesos: mesma saída
device = "cuda" if torch.cuda.is_available() else "cpu"


def create_transfer_learning_model(num_classes, weights="DEFAULT", freeze_base=True, arch="resnet50"):
    """ResNet do torchvision com a camada final trocada por uma cabeça nova.

    weights="DEFAULT" baixa os pesos pré-treinados no ImageNet (precisa de internet);
    weights=None cria a mesma arquitetura com pesos aleatórios.
    """
    model = models.get_model(arch, weights=weights)

    # Congelar a base: nenhum gradiente para os pesos pré-treinados
    if freeze_base:
        for param in model.parameters():
            param.requires_grad = False

    # Substituir a última camada (criada depois do congelamento: treinável)
    num_features = model.fc.in_features  # 512 na ResNet-18, 2048 na ResNet-50
    model.fc = nn.Sequential(
        nn.Linear(num_features, 512),
        nn.ReLU(),
        nn.Dropout(0.5),
        nn.Linear(512, num_classes),
    )
    return model


model = create_transfer_learning_model(num_classes=3, weights=None, arch="resnet18")
total = sum(p.numel() for p in model.parameters())
trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
head = sum(p.numel() for p in model.fc.parameters())
assert trainable == head  # só a cabeça nova treina
print(f"parâmetros: {total:_} no total, {trainable:_} treináveis ({trainable / total:.1%})".replace("_", "."))
# --8<-- [end:modelo]


# --8<-- [start:dados]
def make_tinted_images(n, num_classes=3, size=64):
    """Imagens 3x64x64 de ruído com um leve tom de cor; a classe é o canal tingido."""
    labels = torch.arange(n) % num_classes
    images = 0.5 + 0.2 * torch.randn(n, 3, size, size)
    images[torch.arange(n), labels] += 0.3  # tinge o canal R, G ou B conforme a classe
    return images.clamp(0, 1), labels


images, labels = make_tinted_images(60)
# Normalização do ImageNet (a que os pesos pré-treinados esperam)
mean = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
std = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)
dataset = TensorDataset((images - mean) / std, labels)
train_set, val_set = random_split(dataset, [0.8, 0.2], generator=torch.Generator().manual_seed(0))
train_loader = DataLoader(train_set, batch_size=16, shuffle=True, generator=torch.Generator().manual_seed(0))
val_loader = DataLoader(val_set, batch_size=16)
print(f"treino: {len(train_set)} imagens 64x64, validação: {len(val_set)}")
# --8<-- [end:dados]


# --8<-- [start:treino]
def fine_tune_model(model, train_loader, val_loader, num_epochs=20, patience=3, device=device):
    """Treina só a cabeça (model.fc) e reduz a taxa quando a acurácia de validação estaciona."""
    model = model.to(device)

    criterion = nn.CrossEntropyLoss()
    optimizer = optim.Adam(model.fc.parameters(), lr=0.001)
    scheduler = ReduceLROnPlateau(optimizer, mode="max", factor=0.1, patience=patience)

    best_val_acc = 0.0

    for epoch in range(num_epochs):
        # Fase de treino: a base congelada fica em eval() (BatchNorm não atualiza
        # suas estatísticas); só a cabeça entra em train() (dropout ligado)
        model.eval()
        model.fc.train()
        train_loss = 0.0
        train_correct = 0
        train_total = 0

        for images, labels in train_loader:
            images, labels = images.to(device), labels.to(device)

            optimizer.zero_grad()
            outputs = model(images)
            loss = criterion(outputs, labels)
            loss.backward()
            optimizer.step()

            train_loss += loss.item()
            predicted = outputs.argmax(dim=1)
            train_total += labels.size(0)
            train_correct += (predicted == labels).sum().item()

        train_acc = 100 * train_correct / train_total

        # Fase de validação
        model.eval()
        val_loss = 0.0
        val_correct = 0
        val_total = 0

        with torch.no_grad():
            for images, labels in val_loader:
                images, labels = images.to(device), labels.to(device)
                outputs = model(images)
                val_loss += criterion(outputs, labels).item()
                predicted = outputs.argmax(dim=1)
                val_total += labels.size(0)
                val_correct += (predicted == labels).sum().item()

        val_acc = 100 * val_correct / val_total

        # Agendamento da taxa de aprendizado: mode="max" porque passamos uma acurácia
        scheduler.step(val_acc)

        print(
            f"Época [{epoch + 1}/{num_epochs}] "
            f"treino: perda {train_loss / len(train_loader):.4f}, acurácia {train_acc:.1f}% | "
            f"val.: perda {val_loss / len(val_loader):.4f}, acurácia {val_acc:.1f}% | "
            f"lr {optimizer.param_groups[0]['lr']:.0e}"
        )

        # Guardar o melhor checkpoint (pesos, estado do otimizador, época)
        if val_acc > best_val_acc:
            best_val_acc = val_acc
            torch.save(
                {
                    "epoch": epoch,
                    "model_state_dict": model.state_dict(),
                    "optimizer_state_dict": optimizer.state_dict(),
                    "val_acc": val_acc,
                },
                "best_transfer_model.pth",
            )

    return {"model": model, "best_val_acc": best_val_acc}
# --8<-- [end:treino]


# --8<-- [start:execucao]
base_before = {k: v.clone() for k, v in model.state_dict().items() if not k.startswith("fc.")}
result = fine_tune_model(model, train_loader, val_loader, num_epochs=6, patience=1)

# A base não mudou: nem pesos (congelados) nem estatísticas do BatchNorm (eval)
base_after = result["model"].state_dict()
assert all(torch.equal(v, base_after[k].cpu()) for k, v in base_before.items())
print("base intacta depois do treino: ok")

checkpoint = torch.load("best_transfer_model.pth", map_location="cpu", weights_only=True)
print(f"melhor checkpoint: época {checkpoint['epoch'] + 1}, acurácia val. {checkpoint['val_acc']:.1f}%")
# --8<-- [end:execucao]

# --8<-- [start:batchnorm]
# O que a ficha faz: model.train() no modelo inteiro. Os pesos da base seguem
# congelados, mas cada BatchNorm volta a atualizar as médias que guarda.
bn = model.bn1
before = bn.running_mean.clone()
model.train()
with torch.no_grad():
    model(next(iter(train_loader))[0].to(device))
drift = (bn.running_mean - before).abs().max().item()
print(f"bn1.weight.requires_grad = {bn.weight.requires_grad}")
print(f"depois de model.train() e um lote: running_mean do bn1 mudou até {drift:.4f}")
# --8<-- [end:batchnorm]
