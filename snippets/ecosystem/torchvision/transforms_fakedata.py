import torch
from torch.utils.data import DataLoader
from torchvision import datasets, tv_tensors
from torchvision.transforms import v2

torch.manual_seed(0)  # mesma saída a cada execução

# Pipeline de aumento de dados com a API v2 (torchvision.transforms.v2)
transform = v2.Compose([
    v2.ToImage(),                           # PIL -> tv_tensors.Image (uint8, C x H x W)
    v2.RandomResizedCrop(32, antialias=True),
    v2.RandomHorizontalFlip(p=0.5),
    v2.ToDtype(torch.float32, scale=True),  # uint8 [0, 255] -> float [0, 1]
    v2.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225]),
])

# FakeData gera imagens PIL aleatórias: um dataset de verdade sem download
dataset = datasets.FakeData(size=64, image_size=(3, 48, 48), num_classes=5,
                            transform=transform)
loader = DataLoader(dataset, batch_size=16, shuffle=True)
images, labels = next(iter(loader))
print(f"lote: {tuple(images.shape)} {images.dtype}, rótulos {labels.tolist()[:8]}...")
print(f"lotes por época: {len(loader)}")

# A v2 transforma a imagem e as caixas delimitadoras JUNTAS (detecção de objetos)
image = tv_tensors.Image(torch.zeros(3, 100, 200, dtype=torch.uint8))
boxes = tv_tensors.BoundingBoxes([[10, 20, 60, 80]], format="XYXY", canvas_size=(100, 200))
flip_and_resize = v2.Compose([v2.RandomHorizontalFlip(p=1.0), v2.Resize((50, 100))])
new_image, new_boxes = flip_and_resize(image, boxes)
print(f"imagem {tuple(image.shape)} -> {tuple(new_image.shape)}")
print(f"caixa {boxes.tolist()[0]} -> {new_boxes.tolist()[0]}")
