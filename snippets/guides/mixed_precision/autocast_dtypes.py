import torch
import torch.nn as nn

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"
# float16 é o padrão do autocast em CUDA; na CPU, bfloat16 (o float16 também roda lá, mas precisaria do GradScaler).
amp_dtype = torch.float16 if device == "cuda" else torch.bfloat16

# Quanto cada formato representa: bits do expoente (alcance) e da mantissa (precisão).
for dtype in (torch.float32, torch.float16, torch.bfloat16):
    info = torch.finfo(dtype)
    print(f"{str(dtype):15} eps={info.eps:.1e}  max={info.max:<10.5g}  menor normal={info.tiny:.1e}")

model = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10)).to(device)
criterion = nn.CrossEntropyLoss()
x = torch.randn(32, 64, device=device)
target = torch.randint(0, 10, (32,), device=device)

with torch.amp.autocast(device_type=device, dtype=amp_dtype):
    hidden = x @ model[0].weight.T  # matmul: roda no tipo reduzido
    output = model(x)  # nn.Linear também
    loss = criterion(output, target)  # cross_entropy: o autocast a mantém em float32

print(f"\ndentro do autocast ({device}):")
print(f"  x (entrada)          {x.dtype}")
print(f"  x @ W.T (matmul)     {hidden.dtype}")
print(f"  saída do modelo      {output.dtype}")
print(f"  perda                {loss.dtype}")
print(f"  pesos do modelo      {model[0].weight.dtype}")
assert hidden.dtype == output.dtype == amp_dtype
assert loss.dtype == model[0].weight.dtype == torch.float32

loss.backward()  # fora do autocast: os gradientes chegam no tipo dos pesos
print(f"  gradiente dos pesos  {model[0].weight.grad.dtype}")

# O preço: menos dígitos. Comparar o mesmo matmul em float32 e no tipo reduzido.
exact = x @ model[0].weight.T
rel_err = ((hidden.float() - exact).abs().max() / exact.abs().max()).item()
print(f"\nerro relativo máximo do matmul em {amp_dtype}: {rel_err:.1e}")
