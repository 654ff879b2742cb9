import torch

# O que esta instalação do PyTorch sabe usar, e o que está disponível agora.
print(f"torch {torch.__version__}")

# NVIDIA (CUDA) e AMD (ROCm) respondem pela mesma API torch.cuda.
print(f"torch.cuda.is_available():          {torch.cuda.is_available()}")
print(f"torch.version.cuda (compilado com): {torch.version.cuda}")
print(f"torch.version.hip (build ROCm):     {torch.version.hip}")
if torch.cuda.is_available():
    print(f"  GPUs visíveis: {torch.cuda.device_count()}, a 0 é {torch.cuda.get_device_name(0)}")

# Apple Silicon (Metal Performance Shaders) e GPUs Intel (XPU).
print(f"torch.backends.mps.is_available():  {torch.backends.mps.is_available()}")
print(f"torch.xpu.is_available():           {torch.xpu.is_available()}")

# A API genérica: um acelerador por build, seja qual for o fabricante.
print(f"torch.accelerator.is_available():   {torch.accelerator.is_available()}")
# Sem check_available, a resposta é só o acelerador para o qual o build foi compilado.
print(f"compilado para:    {torch.accelerator.current_accelerator()}")
acc = torch.accelerator.current_accelerator(check_available=True)
print(f"acelerador em uso: {acc.type if acc is not None else 'nenhum (roda na CPU)'}")
