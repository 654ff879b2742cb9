from torchvision.models import ResNet18_Weights, ResNet50_Weights

# O objeto de pesos já descreve o que traz; só get_state_dict() (ou passar
# weights= ao construtor do modelo) baixa o arquivo.
weights = ResNet50_Weights.DEFAULT
meta = weights.meta
print(weights)
print(f"{len(meta['categories'])} classes: {', '.join(meta['categories'][:3])}, ...")
print(f"{meta['num_params']:,} parâmetros".replace(",", " "))
for name, value in meta["_metrics"]["ImageNet-1K"].items():
    print(f"{name} no ImageNet: {value} %")
print(f"ResNet-18: {ResNet18_Weights.DEFAULT.meta['num_params']:,} parâmetros".replace(",", " "))

# O pré-processamento do treino original, pronto para as suas imagens.
print(weights.transforms())
print("IMAGENET1K_V1 redimensiona para", ResNet50_Weights.IMAGENET1K_V1.transforms().resize_size)
