import torch
from torchvision import models

torch.manual_seed(0)  # mesma saída a cada execução
device = "cuda" if torch.cuda.is_available() else "cpu"

# O catálogo de arquiteturas que vem com o torchvision
print(f"modelos de classificação no torchvision: {len(models.list_models(module=models))}")

# weights=None: arquitetura com pesos aleatórios, nada é baixado.
# Com internet, weights="DEFAULT" (ou models.ResNet18_Weights.DEFAULT) baixa os
# pesos pré-treinados no ImageNet.
batch = torch.randn(2, 3, 64, 64, device=device)  # 2 "imagens" RGB de 64x64
for name in ["resnet18", "mobilenet_v3_small"]:
    model = models.get_model(name, weights=None, num_classes=10).to(device).eval()
    n_params = sum(p.numel() for p in model.parameters())
    with torch.no_grad():
        out = model(batch)
    print(f"{name:19} {n_params / 1e6:5.2f} M parâmetros -> saída {tuple(out.shape)}")
