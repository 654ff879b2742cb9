from importlib.metadata import distributions

# Espaço em disco do PyTorch instalado, somado do registro (RECORD) que o pip
# grava de cada pacote: torch, torchvision, Triton e as bibliotecas CUDA.
CUDA = "CUDA (nvidia-*, cuda-*)"


def group(name):
    if name.startswith(("nvidia-", "cuda-")):
        return CUDA
    return name if name in ("torch", "torchvision", "triton") else None


sizes = {}
for dist in distributions():
    key = group(dist.metadata["Name"].lower())
    if key is not None:
        sizes[key] = sizes.get(key, 0) + sum(file.size or 0 for file in dist.files or [])



def readable(size):
    return f"{size / 1e9:.1f} GB" if size >= 1e9 else f"{size / 1e6:.0f} MB"


for key, size in sorted(sizes.items(), key=lambda item: -item[1]):
    print(f"{key:24} {readable(size):>7}")
print(f"{'total':24} {readable(sum(sizes.values())):>7}")
