# --8<-- [start:cena]
import torch
from torchvision import tv_tensors
from torchvision.ops import box_iou, masks_to_boxes

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"
CLASSES = ["fundo", "retângulo", "disco"]  # o índice 0 é o fundo, como nos modelos do torchvision


def make_scene(size=128, n_objects=3):
    """Ruído escuro com n_objects formas claras que não se sobrepõem: a imagem e o seu alvo."""
    ys, xs = torch.meshgrid(torch.arange(size) + 0.5, torch.arange(size) + 0.5, indexing="ij")
    image = torch.randint(0, 48, (1, size, size), dtype=torch.uint8).expand(3, -1, -1)  # ruído cinza
    boxes, masks, labels = torch.zeros(0, 4), [], []
    while len(labels) < n_objects:
        label = torch.randint(1, 3, ()).item()
        w, h = torch.randint(size // 6, size // 3, (2,)).tolist()
        h = w if label == 2 else h  # disco: caixa quadrada
        x0, y0 = torch.randint(0, size - w, ()).item(), torch.randint(0, size - h, ()).item()
        box = torch.tensor([[x0, y0, x0 + w, y0 + h]], dtype=torch.float32)
        if box_iou(box, boxes).gt(0).any():
            continue  # sorteia outra: as formas não se sobrepõem
        if label == 1:
            mask = (xs > x0) & (xs < x0 + w) & (ys > y0) & (ys < y0 + h)
        else:
            mask = (xs - x0 - w / 2) ** 2 + (ys - y0 - h / 2) ** 2 < (w / 2) ** 2
        image = torch.where(mask, torch.randint(120, 256, (3, 1, 1), dtype=torch.uint8), image)
        boxes = torch.cat([boxes, box])
        masks.append(mask)
        labels.append(label)
    target = {
        "boxes": tv_tensors.BoundingBoxes(boxes, format="XYXY", canvas_size=(size, size)),
        "masks": tv_tensors.Mask(torch.stack(masks)),
        "labels": torch.tensor(labels),
    }
    return tv_tensors.Image(image), target


image, target = make_scene()
print(f"imagem: {type(image).__name__} {tuple(image.shape)} {image.dtype}")
print(f"caixas: {type(target['boxes']).__name__} {target['boxes'].format.name}, "
      f"canvas_size={target['boxes'].canvas_size}")
for box, label in zip(target["boxes"].tolist(), target["labels"].tolist()):
    print(f"  {CLASSES[label]:<9} {box}")
print(f"máscaras: {type(target['masks']).__name__} {tuple(target['masks'].shape)} {target['masks'].dtype}")
# masks_to_boxes devolve o primeiro e o último pixel de cada máscara; o canto XYXY fica 1 px depois
print("as caixas envolvem as máscaras:",
      torch.equal(masks_to_boxes(target["masks"]) + torch.tensor([0, 0, 1, 1]), target["boxes"]))
# --8<-- [end:cena]

# --8<-- [start:transformacoes]
import matplotlib.pyplot as plt
from torchvision.transforms import v2
from torchvision.utils import draw_bounding_boxes, draw_segmentation_masks

# Espelhar na horizontal: a imagem, as caixas e as máscaras mudam juntas (x vira 128 - x)
flipped_image, flipped = v2.RandomHorizontalFlip(p=1)(image, target)
print("espelhada:", flipped["boxes"].tolist())
print("máscaras espelhadas junto:", torch.equal(flipped["masks"], target["masks"].flip(-1)))

augment = v2.Compose([
    v2.RandomHorizontalFlip(p=0.5),
    v2.RandomIoUCrop(),    # recorte aleatório do SSD: zera as caixas cujo centro fica fora dele
    v2.Resize((128, 128)),
])
sanitize = v2.SanitizeBoundingBoxes()  # tira caixas degeneradas, com os seus rótulos e máscaras
to_float = v2.ToDtype(torch.float32, scale=True)  # só a imagem: uint8 0..255 -> float 0..1
transform = v2.Compose([augment, sanitize, to_float])  # o pipeline de treino, usado adiante

panels = [("original", image, target)]
for draw in range(3):
    aug_image, aug = augment(image, target)
    clean_image, clean = sanitize(aug_image, aug)
    print(f"sorteio {draw}: antes de sanitizar {aug['boxes'].round().int().tolist()}")
    print(f"           depois: rótulos {clean['labels'].tolist()}, máscaras {tuple(clean['masks'].shape)}")
    panels.append((f"sorteio {draw}", clean_image, clean))

# A figura: máscaras e caixas desenhadas pelo torchvision (uint8), os nomes pelo matplotlib
colors = {1: "red", 2: "blue"}
fig, axes = plt.subplots(1, len(panels), figsize=(10, 2.9))
for ax, (title, img, tgt) in zip(axes, panels):
    tgt_colors = [colors[label] for label in tgt["labels"].tolist()]
    drawn = draw_segmentation_masks(img, tgt["masks"], alpha=0.35, colors=tgt_colors)
    drawn = draw_bounding_boxes(drawn, tgt["boxes"], colors=tgt_colors, width=2)
    ax.imshow(drawn.permute(1, 2, 0).numpy(), interpolation="nearest")
    for (x1, y1, _, _), label in zip(tgt["boxes"].tolist(), tgt["labels"].tolist()):
        ax.text(x1 + 2, y1 + 2, CLASSES[label], color="white", fontsize=8, va="top",
                bbox={"facecolor": colors[label], "pad": 1, "linewidth": 0})
    ax.set_title(title)
    ax.axis("off")
fig.tight_layout()
fig.savefig("transformacoes.png", dpi=72)
plt.close(fig)
print("figura salva: transformacoes.png")
# --8<-- [end:transformacoes]

# --8<-- [start:detector]
from torchvision.models.detection import fasterrcnn_mobilenet_v3_large_320_fpn

model = fasterrcnn_mobilenet_v3_large_320_fpn(
    weights=None, weights_backbone=None,  # pesos aleatórios: nada é baixado
    num_classes=len(CLASSES),             # 2 classes de objeto + o fundo
    min_size=128, max_size=128,           # o modelo redimensiona cada imagem para 128 px (padrão: 320)
    rpn_post_nms_top_n_train=200, box_batch_size_per_image=32,  # menos propostas: passo mais rápido
).to(device)
print(model.transform)

scenes = [make_scene() for _ in range(8)]


def batch(indices):
    """Uma lista de imagens e uma lista de alvos, com aumento de dados novo a cada chamada."""
    pairs = [transform(*scenes[i]) for i in indices]
    images = [img.to(device) for img, _ in pairs]
    targets = [{"boxes": tgt["boxes"].to(device), "labels": tgt["labels"].to(device)} for _, tgt in pairs]
    return images, targets


model.train()
# Sem SanitizeBoundingBoxes, uma caixa zerada pelo RandomIoUCrop chegaria ao modelo
unsanitized = {"boxes": torch.tensor([[0.0, 0.0, 0.0, 0.0], [40.0, 40.0, 80.0, 70.0]], device=device),
               "labels": torch.tensor([2, 1], device=device)}
try:
    model([to_float(image).to(device)], [unsanitized])
except AssertionError as error:
    print("sem sanitizar:", str(error))

optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-4)
for step in range(10):
    images, targets = batch(torch.randperm(len(scenes))[:2].tolist())
    losses = model(images, targets)  # em modo de treino: um dicionário de perdas
    loss = sum(losses.values())
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step == 0:
        print("perdas:", {name: round(value.item(), 3) for name, value in losses.items()})
    if step % 3 == 0:
        print(f"passo {step + 1:2d}: perda total {loss.item():.3f}")

model.eval()
test_image, test_target = make_scene()
with torch.no_grad():
    (pred,) = model([to_float(test_image).to(device)])  # em avaliação: uma lista de dicionários
print({name: tuple(value.shape) for name, value in pred.items()})
for box, label, score in list(zip(pred["boxes"], pred["labels"], pred["scores"]))[:3]:
    print(f"  {CLASSES[label]:<9} {score:.3f} {box.round().int().tolist()}")
best_iou = box_iou(test_target["boxes"].to(device), pred["boxes"]).max(dim=1).values
print("melhor IoU de cada caixa real:", [f"{v:.2f}" for v in best_iou.tolist()])
print("detecções com pontuação acima de 0.5:", (pred["scores"] > 0.5).sum().item())
# --8<-- [end:detector]

# --8<-- [start:segmentacao]
import torch.nn.functional as F
from torch.optim.swa_utils import update_bn
from torchvision.models.segmentation import lraspp_mobilenet_v3_large


def semantic_mask(tgt):
    """Máscaras por objeto -> um mapa (H, W) com a classe de cada pixel (0 = fundo)."""
    out = torch.zeros(tgt["masks"].shape[-2:], dtype=torch.long)
    for mask, label in zip(tgt["masks"], tgt["labels"]):
        out[mask] = label
    return out


pairs = [make_scene(size=64) for _ in range(80)]
x = torch.stack([to_float(img) for img, _ in pairs]).to(device)
y = torch.stack([semantic_mask(tgt) for _, tgt in pairs]).to(device)
x_train, y_train, x_test, y_test = x[:64], y[:64], x[64:], y[64:]
print(f"treino {tuple(x_train.shape)}, teste {tuple(x_test.shape)}; "
      f"pixels de fundo no teste: {(y_test == 0).float().mean():.1%}")

seg_model = lraspp_mobilenet_v3_large(weights=None, weights_backbone=None, num_classes=len(CLASSES)).to(device)
optimizer = torch.optim.Adam(seg_model.parameters(), lr=3e-3)
seg_model.train()
for step in range(40):
    idx = torch.randint(0, len(x_train), (8,))
    logits = seg_model(x_train[idx])["out"]  # (8, 3, 64, 64): um logit por classe e pixel
    loss = F.cross_entropy(logits, y_train[idx])
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step in (0, 39):
        print(f"passo {step + 1:2d}: perda {loss.item():.3f}")


def evaluate(model):
    """Acurácia de pixels e IoU de cada classe no teste."""
    model.eval()
    with torch.no_grad():
        pred = model(x_test)["out"].argmax(dim=1)
    accuracy = (pred == y_test).float().mean().item()
    ious = [(((pred == c) & (y_test == c)).sum() / ((pred == c) | (y_test == c)).sum()).item()
            for c in range(len(CLASSES))]
    return accuracy, ", ".join(f"{name} {iou:.2f}" for name, iou in zip(CLASSES, ious))


accuracy, ious = evaluate(seg_model)
print(f"logo depois do treino: acurácia de pixels {accuracy:.1%}; IoU: {ious}")
# As médias do BatchNorm ficaram para trás dos pesos: recalculá-las com os pesos finais
update_bn([x_train[i : i + 8] for i in range(0, len(x_train), 8)], seg_model)
accuracy, ious = evaluate(seg_model)
print(f"com update_bn:         acurácia de pixels {accuracy:.1%}; IoU: {ious}")
# --8<-- [end:segmentacao]
