import warnings

import torch

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"

# Uma perda com um "log seguro" que não é seguro: o forward é finito, o backward não.
# torch.where escolhe 0 onde x <= 0, mas o log(0) = -inf foi calculado mesmo assim,
# e no backward o gradiente desse ramo vira 0 · (1/0) = 0 · inf = NaN.
x = torch.tensor([2.0, 0.0, 1.0], device=device, requires_grad=True)
loss = torch.where(x > 0, torch.log(x), 0.0).sum()
loss.backward()
print(f"perda: {loss.item():.4f} (finita)  gradiente: {x.grad.tolist()}")

# detect_anomaly: o backward confere a saída de cada função e para na primeira com NaN,
# mostrando onde, no forward, essa função foi criada
x.grad = None
with warnings.catch_warnings(record=True) as caught:  # ele avisa por warnings; aqui, capturados
    warnings.simplefilter("always")
    with torch.autograd.detect_anomaly():
        loss = torch.where(x > 0, torch.log(x), 0.0).sum()
        try:
            loss.backward()
        except RuntimeError as err:
            print("RuntimeError:", str(err).splitlines()[0])
for w in caught:
    lines = [line.strip() for line in str(w.message).splitlines()]
    print(f"aviso ({w.category.__name__}): {lines[0]}")
    # o rastro do forward termina no código da linha que criou a operação
    code = [line for line in lines[1:] if line and not line.startswith(("File ", "(Triggered"))]
    if code:
        print("  linha do forward:", code[-1])

# A correção: não calcular log(0). O where interno troca x <= 0 por 1 ANTES do log
x.grad = None
safe_x = torch.where(x > 0, x, 1.0)
loss = torch.where(x > 0, torch.log(safe_x), 0.0).sum()
loss.backward()
print(f"\ncorrigido: perda {loss.item():.4f}  gradiente: {x.grad.tolist()}")
