# --8<-- [start:modulo]
import torch
from torch import nn

torch.manual_seed(0)  # mesmos pesos, mesma saída

model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
x = torch.randn(16, 4)


# Hook de backward de módulo: recebe os gradientes em relação à saída e às entradas do módulo
def report(module, grad_input, grad_output):
    print(f"  {type(module).__name__}: |dL/dsaída| = {grad_output[0].norm():.4f}, "
          f"|dL/dentrada| = {grad_input[0].norm():.4f}")


handle = model[1].register_full_backward_hook(report)
print("backward com hook no Tanh:")
model(x).pow(2).mean().backward()
handle.remove()
# --8<-- [end:modulo]

# --8<-- [start:tensor]
# Hook de tensor: recebe o gradiente daquele tensor; se devolver um tensor, ele o substitui
h = model[0](x)
h.register_hook(lambda grad: print(f"  gradiente de h chegou: forma {tuple(grad.shape)}"))
h.register_hook(lambda grad: grad * 0)  # devolve um gradiente novo: zera o que passa por h
model.zero_grad()
model[2](model[1](h)).pow(2).mean().backward()
print("gradiente do 1º Linear depois de zerar em h:", model[0].weight.grad.abs().sum().item())
print("gradiente do 2º Linear continua:", model[2].weight.grad.abs().sum().item() > 0)
# --8<-- [end:tensor]

# --8<-- [start:parametros]
# Hooks em parâmetros: um hook de tensor por parâmetro limita cada gradiente a [-0.01, 0.01]
handles = [p.register_hook(lambda grad: grad.clamp(-0.01, 0.01)) for p in model.parameters()]
model.zero_grad()
model(x).pow(2).mean().backward()
largest = max(p.grad.abs().max().item() for p in model.parameters())
print(f"maior |gradiente| com os hooks de corte: {largest:.4f}")
for handle in handles:  # terminado o uso, desliga os hooks: senão cortariam todo backward seguinte
    handle.remove()
model.zero_grad()
model(x).pow(2).mean().backward()
largest = max(p.grad.abs().max().item() for p in model.parameters())
print(f"maior |gradiente| depois de remover os hooks: {largest:.4f}")

# register_post_accumulate_grad_hook: roda quando o .grad de um parâmetro fica pronto.
# Uso: dar o passo do otimizador durante o backward e liberar o gradiente em seguida,
# sem guardar os gradientes de todos os parâmetros ao mesmo tempo (economia de memória).
fresh = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
optimizers = {p: torch.optim.SGD([p], lr=0.1) for p in fresh.parameters()}  # um por parâmetro


def step_now(param):
    optimizers[param].step()
    optimizers[param].zero_grad()  # set_to_none: o gradiente é liberado já


for p in fresh.parameters():
    p.register_post_accumulate_grad_hook(step_now)
before = fresh[0].weight.detach().clone()
fresh(x).pow(2).mean().backward()  # o backward já atualiza os pesos; não há optimizer.step()
print("pesos mudaram durante o backward:", not torch.equal(before, fresh[0].weight))
print("gradientes guardados depois do backward:", sum(p.grad is not None for p in fresh.parameters()))
# --8<-- [end:parametros]
