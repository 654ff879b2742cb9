import torch
from torch.utils import benchmark

torch.manual_seed(0)  # mesmos dados a cada execução
device = "cuda" if torch.cuda.is_available() else "cpu"
x = torch.randn(1000, device=device)


def loop_sum_of_squares(x):
    total = torch.zeros((), device=x.device)
    for value in x:  # um elemento por vez: 1000 operações pequenas, cada uma passando pelo Python
        total += value * value
    return total


def vectorized_sum_of_squares(x):
    return (x * x).sum()  # duas operações sobre o tensor inteiro


print("mesmo resultado:", torch.allclose(loop_sum_of_squares(x), vectorized_sum_of_squares(x)))

# Timer repete o trecho, aquece, sincroniza a GPU e usa 1 thread por padrão
timers = {
    name: benchmark.Timer(stmt=f"{fn.__name__}(x)", globals={fn.__name__: fn, "x": x}, description=name)
    for name, fn in [("laço", loop_sum_of_squares), ("vetorizado", vectorized_sum_of_squares)]
}
measurements = {name: timer.blocked_autorange(min_run_time=0.2) for name, timer in timers.items()}
for name, m in measurements.items():
    # m.median (a mediana, em segundos) muda de máquina para máquina e de execução para execução:
    # por isso esta página não a imprime. Rode o arquivo para ver os tempos da sua máquina.
    print(f"{name:10}: stmt={m.task_spec.stmt!r}, threads={m.task_spec.num_threads}")

ratio = measurements["laço"].median / measurements["vetorizado"].median
print("o vetorizado é mais de 50 vezes mais rápido:", ratio > 50)
