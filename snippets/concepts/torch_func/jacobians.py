import math
import warnings

import torch
from torch.func import hessian, jacfwd, jacrev, vmap

device = "cuda" if torch.cuda.is_available() else "cpu"
# No PyTorch 2.14, a 1ª chamada do modo direto (jacfwd, hessian) emite um FutureWarning
# interno sobre torch.jit.script: vem do próprio PyTorch, não deste código
warnings.filterwarnings("ignore", message=".*torch.jit.script", category=FutureWarning)


def show(label, m):
    rows = ["[" + "  ".join(f"{v:+8.4f}" for v in row) + "]" for row in m.tolist()]
    print(f"{label}:\n  " + "\n  ".join(rows))


# f: R² → R², f(x) = (x0² · x1, 5·x0 + sen x1)
def f(x):
    return torch.stack([x[0] ** 2 * x[1], 5 * x[0] + torch.sin(x[1])])


x = torch.tensor([1.0, 2.0], device=device)
# Jacobiana analítica: [[2·x0·x1, x0²], [5, cos x1]]
analytic = torch.tensor([[2 * 1.0 * 2.0, 1.0**2], [5.0, math.cos(2.0)]], device=device)
show("jacrev(f)(x)", jacrev(f)(x))
print("jacrev == analítica:", torch.allclose(jacrev(f)(x), analytic))
print("jacfwd == analítica:", torch.allclose(jacfwd(f)(x), analytic))


# g: R² → R, g(x) = x0² · x1 + x1³; hessiana analítica: [[2·x1, 2·x0], [2·x0, 6·x1]]
def g(x):
    return x[0] ** 2 * x[1] + x[1] ** 3


H = hessian(g)(x)
show("hessian(g)(x)", H)
print("hessiana == analítica:", torch.allclose(H, torch.tensor([[4.0, 2.0], [2.0, 12.0]], device=device)))

# Composição: vmap(jacrev(f)) dá a jacobiana de cada ponto de um lote de uma vez
points = torch.randn(100, 2, device=device)
jacobians = vmap(jacrev(f))(points)
print("jacobianas de 100 pontos:", tuple(jacobians.shape))
print("a do ponto 7 confere:", torch.allclose(jacobians[7], jacrev(f)(points[7])))
