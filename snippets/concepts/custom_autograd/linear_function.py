# --8<-- [start:funcao]
import torch
from torch.autograd import Function, gradcheck

torch.manual_seed(0)  # mesma saída a cada execução
torch.set_printoptions(precision=4)


class LinearFunction(Function):
    """y = x Wᵀ + b, com o backward escrito à mão."""

    @staticmethod
    def forward(x, weight, bias):
        # Dentro do forward o autograd está desligado: só a conta
        return x @ weight.T + bias

    @staticmethod
    def setup_context(ctx, inputs, output):
        # Guardar o que o backward vai precisar (tensores via save_for_backward)
        x, weight, bias = inputs
        ctx.save_for_backward(x, weight)

    @staticmethod
    def backward(ctx, grad_output):
        # Recebe dL/dy e devolve um gradiente por entrada do forward, na mesma ordem
        x, weight = ctx.saved_tensors
        grad_x = grad_weight = grad_bias = None
        if ctx.needs_input_grad[0]:
            grad_x = grad_output @ weight  # dL/dx = dL/dy · W
        if ctx.needs_input_grad[1]:
            grad_weight = grad_output.T @ x  # dL/dW = (dL/dy)ᵀ · x
        if ctx.needs_input_grad[2]:
            grad_bias = grad_output.sum(0)  # o bias soma sobre o lote
        return grad_x, grad_weight, grad_bias


x = torch.randn(5, 3, requires_grad=True)
weight = torch.randn(2, 3, requires_grad=True)
bias = torch.randn(2, requires_grad=True)
y = LinearFunction.apply(x, weight, bias)  # sempre por .apply, nunca LinearFunction()(...)
print("grad_fn:", type(y.grad_fn).__name__)
y.sum().backward()
print("weight.grad:", weight.grad)
# --8<-- [end:funcao]


# --8<-- [start:gradcheck]
# gradcheck compara o backward com derivadas numéricas (diferenças finitas).
# Em float64: em float32 o erro de arredondamento das diferenças finitas faz o teste falhar.
inputs = tuple(torch.randn(shape, dtype=torch.float64, requires_grad=True) for shape in [(5, 3), (2, 3), (2,)])
print("gradcheck(LinearFunction):", gradcheck(LinearFunction.apply, inputs, eps=1e-6, atol=1e-4))


class BuggyLinear(LinearFunction):
    @staticmethod
    def backward(ctx, grad_output):
        grad_x, grad_weight, _ = LinearFunction.backward(ctx, grad_output)
        return grad_x, grad_weight, grad_output.mean(0)  # erro: média em vez de soma sobre o lote


try:
    gradcheck(BuggyLinear.apply, inputs, eps=1e-6, atol=1e-4)
except RuntimeError as err:  # GradcheckError é uma subclasse de RuntimeError
    print("gradcheck(BuggyLinear):", str(err).splitlines()[0])
# --8<-- [end:gradcheck]
