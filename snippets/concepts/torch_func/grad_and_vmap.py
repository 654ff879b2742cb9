# --8<-- [start:grad]
import torch
from torch.func import grad, grad_and_value, vmap

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"


def show(label, t):
    print(f"{label:27}", "  ".join(f"{v:+.4f}" for v in t.flatten().tolist()))


def f(x):  # uma função escalar de um tensor: devolve um número
    return (x.sin() * x).sum()


x = torch.randn(4, device=device)
df = grad(f)  # grad não calcula nada ainda: devolve uma FUNÇÃO, a derivada de f
show("grad(f)(x)", df(x))
show("analítico: x·cos x + sen x", x * x.cos() + x.sin())

# A mesma conta com o autograd de sempre: requires_grad, backward e .grad
leaf = x.clone().requires_grad_()
f(leaf).backward()
print("igual ao backward():", torch.allclose(df(x), leaf.grad))

# grad_and_value devolve o gradiente e o valor de uma vez (sem chamar f duas vezes)
g, value = grad_and_value(f)(x)
print(f"valor de f(x): {value.item():.4f}")

# Funções compõem: grad(grad(...)) é a segunda derivada
cube = lambda t: t**3
t = torch.tensor(2.0, device=device)
print(f"d²/dt² t³ em t=2: {grad(grad(cube))(t).item():.1f} (analítico: 6t = 12)")


# argnums escolhe em relação a qual argumento derivar
def loss(w, b, x, y):
    return ((x @ w + b - y) ** 2).mean()


w, b = torch.randn(3, device=device), torch.zeros((), device=device)
xs, ys = torch.randn(8, 3, device=device), torch.randn(8, device=device)
dw, db = grad(loss, argnums=(0, 1))(w, b, xs, ys)
print("formas dos gradientes (w, b):", tuple(dw.shape), tuple(db.shape))
# --8<-- [end:grad]

# --8<-- [start:vmap]
# torch.dot só aceita vetores (1-D): escrita para UM par de amostras
a = torch.randn(5, 3, device=device)  # 5 amostras de 3 números
b = torch.randn(5, 3, device=device)
try:
    torch.dot(a, b)
except RuntimeError as err:
    print("torch.dot num lote:", str(err).splitlines()[0])

batched_dot = vmap(torch.dot)  # a mesma função, agora para um lote na dimensão 0
out = batched_dot(a, b)
loop = torch.stack([torch.dot(a[i], b[i]) for i in range(5)])
print("vmap(torch.dot):", tuple(out.shape), "igual ao laço:", torch.allclose(out, loop))


# Uma função sua, escrita para uma amostra x de forma (3,)
def affine(x, weight, bias):
    return weight @ x + bias


weight, bias = torch.randn(2, 3, device=device), torch.randn(2, device=device)
# in_dims: x é percorrido na dimensão 0; weight e bias (None) são os mesmos para todas
out = vmap(affine, in_dims=(0, None, None))(a, weight, bias)
loop = torch.stack([affine(sample, weight, bias) for sample in a])
print("vmap(affine):", tuple(out.shape), "igual ao laço:", torch.allclose(out, loop))
# --8<-- [end:vmap]
