import torch

# Folhas (leaf tensors): criadas pelo usuário; requires_grad=True pede que o autograd as acompanhe
x = torch.tensor(2.0, requires_grad=True)
w = torch.tensor(3.0, requires_grad=True)
b = torch.tensor(1.0)                   # sem requires_grad: tratado como constante

# Cada operação sobre tensores acompanhados grava um nó no grafo
y = w * x + b
z = torch.relu(y)

for name, t in [("x", x), ("w", w), ("b", b), ("y", y), ("z", z)]:
    fn = type(t.grad_fn).__name__ if t.grad_fn is not None else None
    print(f"{name}: requires_grad={t.requires_grad!s:5} is_leaf={t.is_leaf!s:5} grad_fn={fn}")


# Percorrer o grafo de trás para frente pelos next_functions
names = {id(x): "x", id(w): "w"}


def walk(fn, depth=0):
    label = type(fn).__name__
    if hasattr(fn, "variable"):        # AccumulateGrad: o nó que soma o gradiente numa folha
        label += f" -> {names[id(fn.variable)]}.grad"
    print("  " * depth + label)
    for child, _ in fn.next_functions:
        if child is not None:
            walk(child, depth + 1)


print("grafo a partir de z:")
walk(z.grad_fn)
