# --8<-- [start:functional_call]
import copy

import torch
import torch.nn.functional as F
from torch import nn
from torch.func import functional_call, grad, stack_module_state, vmap

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"

model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1)).to(device)
x = torch.randn(6, 4, device=device)  # 6 amostras
y = torch.randn(6, 1, device=device)

# Os parâmetros num dicionário nome → tensor (detach: valores, sem o grafo)
params = {name: p.detach() for name, p in model.named_parameters()}
print("chaves:", list(params))

# functional_call roda o forward do módulo com os tensores do dicionário no lugar dos parâmetros
same = functional_call(model, params, (x,))
print("com os próprios parâmetros == model(x):", torch.allclose(same, model(x)))

# Outro dicionário, outro modelo: o último Linear com pesos zero só devolve o viés
zeroed = {**params, "2.weight": torch.zeros_like(params["2.weight"])}
out = functional_call(model, zeroed, (x,))
print("com 2.weight zerado, a saída é o viés:", torch.allclose(out, params["2.bias"].expand(6, 1)))
print("os pesos do model não mudaram:", torch.equal(model[2].weight, params["2.weight"]))
# --8<-- [end:functional_call]

# --8<-- [start:por_amostra]
# A perda de UMA amostra, como função dos parâmetros: vmap acrescenta a dimensão do lote
def sample_loss(params, sample, target):
    pred = functional_call(model, params, (sample.unsqueeze(0),))  # lote de 1
    return F.mse_loss(pred, target.unsqueeze(0))


# grad: derivada em relação a params (1º argumento); vmap: uma vez por amostra,
# com params iguais para todas (None) e sample/target percorridos na dimensão 0
per_sample = vmap(grad(sample_loss), in_dims=(None, 0, 0))(params, x, y)
for name, g in per_sample.items():
    print(f"{name:9} parâmetro {str(tuple(params[name].shape)):7} → gradientes {tuple(g.shape)}")

# O mesmo com um laço Python: um backward por amostra
loop = {name: [] for name in params}
for i in range(len(x)):
    model.zero_grad()
    F.mse_loss(model(x[i : i + 1]), y[i : i + 1]).backward()
    for name, p in model.named_parameters():
        loop[name].append(p.grad.clone())
same = all(torch.allclose(per_sample[n], torch.stack(loop[n]), atol=1e-6) for n in params)
print("vmap(grad(...)) == laço de backward():", same)

# A média dos gradientes por amostra é o gradiente do lote inteiro (perda média)
model.zero_grad()
F.mse_loss(model(x), y).backward()
print("média por amostra == gradiente do lote:",
      torch.allclose(per_sample["0.weight"].mean(0), model[0].weight.grad, atol=1e-6))
norms = torch.stack([g.flatten(1).norm(dim=1) ** 2 for g in per_sample.values()]).sum(0).sqrt()
print("norma do gradiente de cada amostra:", [round(v, 3) for v in norms.tolist()])
# --8<-- [end:por_amostra]

# --8<-- [start:ensemble]
# Um conjunto (ensemble) de 3 modelos com a mesma arquitetura e pesos diferentes
models = [nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1)).to(device) for _ in range(3)]
stacked, buffers = stack_module_state(models)  # cada parâmetro empilhado: dimensão 0 = modelo
print("0.weight empilhado:", tuple(stacked["0.weight"].shape))

# Um "molde" sem dados (dispositivo meta) só para dar a functional_call o forward
base = copy.deepcopy(models[0]).to("meta")


def run_one(params, buffers, inputs):
    return functional_call(base, (params, buffers), (inputs,))


# Os 3 modelos de uma vez, na mesma entrada x (None: não percorre x)
outs = vmap(run_one, in_dims=(0, 0, None))(stacked, buffers, x)
expected = torch.stack([m(x) for m in models])
print("saída do ensemble:", tuple(outs.shape), "igual a chamar cada modelo:", torch.allclose(outs, expected, atol=1e-6))

# Cada modelo no seu próprio lote: x com uma dimensão a mais, percorrida também
xs = torch.randn(3, 6, 4, device=device)
outs = vmap(run_one)(stacked, buffers, xs)
print("um lote por modelo:", tuple(outs.shape), torch.allclose(outs[1], models[1](xs[1]), atol=1e-6))
# --8<-- [end:ensemble]
