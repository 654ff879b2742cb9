import warnings

import torch
from torch import nn

model = nn.Sequential(nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 4))

# O caminho antigo, torch.ao.quantization, ainda existe no PyTorch 2.14, mas avisa que vai sair
with warnings.catch_warnings():
    warnings.simplefilter("error", DeprecationWarning)  # como o build deste wiki: aviso vira erro
    try:
        torch.ao.quantization.quantize_dynamic(model, {nn.Linear}, dtype=torch.qint8)
    except DeprecationWarning as warning:
        lines = [line.strip() for line in str(warning).splitlines()]
        print(f"PyTorch {torch.__version__.split('+')[0]}:", lines[0])
        print(next(line for line in lines if line.startswith("1.")))
        print(next(line for line in lines if line.startswith("2.")))
