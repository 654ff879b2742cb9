# --8<-- [start:perfil]
import torch
from torch import nn
from torch.profiler import ProfilerActivity, profile, record_function

torch.manual_seed(0)  # mesmos dados, mesmos pesos
device = "cuda" if torch.cuda.is_available() else "cpu"
activities = [ProfilerActivity.CPU] + ([ProfilerActivity.CUDA] if device == "cuda" else [])
time_key = "self_device_time_total" if device == "cuda" else "self_cpu_time_total"
total_key = "device_time_total" if device == "cuda" else "cpu_time_total"  # inclui o que foi chamado dentro

model = nn.Sequential(
    nn.Linear(512, 1024), nn.ReLU(), nn.Linear(1024, 1024), nn.ReLU(), nn.Linear(1024, 10)
).to(device)
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
x = torch.randn(256, 512, device=device)
y = torch.randint(10, (256,), device=device)


def train_step():
    with record_function("forward"):  # rótulos próprios aparecem na tabela do profiler e no trace
        loss = nn.functional.cross_entropy(model(x), y)
    with record_function("backward"):
        optimizer.zero_grad()
        loss.backward()
    with record_function("passo do otimizador"):
        optimizer.step()


train_step()  # aquecimento: a 1ª chamada paga alocações e inicializações
with profile(activities=activities, record_shapes=True) as prof:
    for _ in range(5):  # vários passos: num só, uma pausa do sistema basta para inverter a comparação
        train_step()

events = prof.key_averages()
ops = sorted((e for e in events if e.key.startswith("aten::")), key=lambda e: getattr(e, time_key), reverse=True)
total = sum(getattr(e, time_key) for e in ops)
matmul = sum(getattr(e, time_key) for e in ops if e.key in ("aten::mm", "aten::addmm"))
print("operação que mais consome tempo:", ops[0].key)
print("multiplicações de matrizes (mm + addmm) passam da metade do tempo:", matmul > total / 2)
regions = {e.key: getattr(e, total_key) for e in events if e.key in ("forward", "backward")}
print("backward mais demorado que o forward:", regions["backward"] > regions["forward"])
# --8<-- [end:perfil]


# --8<-- [start:formas]
# Agrupadas por forma de entrada: qual multiplicação é qual camada
print(f"{'operação':12} {'chamadas':>8}  formas das entradas")
rows = []
for e in prof.key_averages(group_by_input_shape=True):
    if e.key in ("aten::addmm", "aten::mm"):
        shapes = [s for s in e.input_shapes if s]  # só as entradas que são tensores
        rows.append((e.key, e.count, shapes))
for key, count, shapes in sorted(rows, key=str):
    print(f"{key:12} {count:>8}  {shapes}")
# --8<-- [end:formas]


# --8<-- [start:agenda]
# Num laço de treino: schedule escolhe quais passos gravar (pula, aquece, grava)
def trace_ready(p):
    p.export_chrome_trace("trace.json")  # abra em https://ui.perfetto.dev ou chrome://tracing
    print(f"trace exportado depois do passo {p.step_num}")


schedule = torch.profiler.schedule(wait=1, warmup=1, active=2, repeat=1)
with profile(activities=activities, schedule=schedule, on_trace_ready=trace_ready) as prof:
    for step in range(6):
        train_step()
        prof.step()  # avisa o profiler que um passo terminou

with open("trace.json") as f:
    trace = f.read()
print("rótulos no trace:", [name for name in ("forward", "backward", "passo do otimizador") if f'"{name}"' in trace])
# --8<-- [end:agenda]
