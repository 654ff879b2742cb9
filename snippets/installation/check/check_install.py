import platform

import torch

# 1. Qual PyTorch está instalado, e em qual Python
print(f"Python {platform.python_version()}, torch {torch.__version__}")

# 2. Para qual acelerador este build foi compilado (None = não foi)
print(f"build CUDA (NVIDIA): {torch.version.cuda}")
print(f"build ROCm (AMD):    {torch.version.hip}")

# 3. O que está disponível AGORA nesta máquina
print(f"GPU CUDA/ROCm disponível: {torch.cuda.is_available()}")
print(f"Apple MPS disponível:     {torch.backends.mps.is_available()}")
print(f"Intel XPU disponível:     {torch.xpu.is_available()}")
if torch.cuda.is_available():
    print(f"  GPU 0: {torch.cuda.get_device_name(0)}")

# 4. O dispositivo que os exemplos do site usam
device = "cuda" if torch.cuda.is_available() else "cpu"
print(f"dispositivo escolhido: {device}")

# 5. Uma operação mínima nesse dispositivo, com o resultado conferido
a = torch.arange(6.0, device=device).reshape(2, 3)
b = a @ a.T  # produto de matrizes 2x3 por 3x2
print(f"a @ a.T = {b.cpu().tolist()}")
assert b.cpu().tolist() == [[5.0, 14.0], [14.0, 50.0]]
print("instalação OK")
