import torch

torch.manual_seed(0)  # mesma saída a cada execução
device = "cuda" if torch.cuda.is_available() else "cpu"


def tensor_operations():
    """Operações básicas com tensores e um gradiente calculado pelo autograd."""
    # Criar tensores
    x = torch.tensor([[1, 2], [3, 4]], dtype=torch.float32, device=device)
    y = torch.randn(2, 2, device=device)

    # Operações elemento a elemento e produto de matrizes
    z = x + y
    w = torch.matmul(x, y)

    # Autograd: marcar as folhas cujo gradiente queremos, depois derivar
    x.requires_grad_(True)
    y.requires_grad_(True)
    loss = (x * y).sum()
    loss.backward()

    # d(soma(x * y))/dx = y e d(soma(x * y))/dy = x
    assert torch.equal(x.grad, y.detach())
    assert torch.equal(y.grad, x.detach())

    return {
        "result": z,
        "matmul": w,
        "grad_x": x.grad,
        "grad_y": y.grad,
    }


torch.set_printoptions(precision=4)
print(f"dispositivo: {device}")
for name, value in tensor_operations().items():
    print(f"{name}:\n{value.detach().cpu()}")
