# --8<-- [start:exportar]
import os
import tempfile

import numpy as np
import onnx
import onnxruntime as ort
import torch
import torch.nn as nn
from torch.export import Dim

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"

model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 3)).to(device).eval()
example = (torch.randn(4, 8, device=device),)

tmp = tempfile.TemporaryDirectory()
path = os.path.join(tmp.name, "classificador.onnx")
# dynamo=True: captura com torch.export e traduz cada operação do ATen para operadores ONNX.
# verbose=False cala as linhas de progresso que o exportador imprime
onnx_program = torch.onnx.export(
    model, example, dynamo=True, dynamic_shapes={"input": {0: Dim("batch")}},
    input_names=["x"], output_names=["logits"], verbose=False,
)
onnx_program.save(path)
print("arquivos gravados:", os.listdir(tmp.name))

# O arquivo é autocontido: o grafo, os pesos e a versão do conjunto de operadores (opset).
# Não imprimimos o tamanho: cada nó guarda o trecho de código de onde veio, com o caminho
# dos arquivos do torch instalado, e o tamanho muda de uma máquina para outra
proto = onnx.load(path)
print("classificador.onnx: opset", proto.opset_import[0].version)
print("nós do grafo ONNX:", [node.op_type for node in proto.graph.node])
print("pesos guardados no arquivo:", [init.name for init in proto.graph.initializer])
# --8<-- [end:exportar]

# --8<-- [start:rodar]
# O ONNX Runtime não importa o torch: recebe e devolve arrays do NumPy
options = ort.SessionOptions()
options.intra_op_num_threads = torch.get_num_threads()  # as mesmas threads que o torch usa aqui
session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
for spec in session.get_inputs() + session.get_outputs():
    print(f"{spec.name}: {spec.shape} {spec.type}")

x = torch.randn(5, 8)  # lote de 5: a dimensão "batch" é dinâmica
(logits,) = session.run(["logits"], {"x": x.numpy()})
with torch.inference_mode():
    expected = model(x.to(device)).cpu().numpy()
print("saída do ONNX Runtime:", logits.shape, logits.dtype)
print(f"maior diferença para o eager: {np.abs(logits - expected).max():.1e} "
      f"(épsilon do float32: {np.finfo(np.float32).eps:.1e})")
print("bit a bit iguais:", np.array_equal(logits, expected))
np.testing.assert_allclose(logits, expected, rtol=1e-5, atol=1e-6)
print("iguais dentro de rtol=1e-5, atol=1e-6")
# --8<-- [end:rodar]

# --8<-- [start:latencia]
from torch.utils import benchmark

xb = torch.randn(32, 8)
inputs = {"x": xb.numpy()}
with torch.inference_mode():
    timers = {
        "eager (PyTorch)": benchmark.Timer("model(xb)", globals={"model": model.cpu(), "xb": xb}),
        "ONNX Runtime": benchmark.Timer("session.run(None, inputs)", globals={"session": session, "inputs": inputs}),
    }
    measurements = {name: timer.blocked_autorange(min_run_time=0.5) for name, timer in timers.items()}
for name, m in measurements.items():
    # A mediana (m.median, em segundos) muda de máquina para máquina e de execução para execução:
    # a página não a imprime. Rode o arquivo para ver os tempos da sua máquina.
    print(f"{name:16}: stmt={m.task_spec.stmt!r}, threads={m.task_spec.num_threads}")
faster = measurements["ONNX Runtime"].median < measurements["eager (PyTorch)"].median
print("o ONNX Runtime levou menos tempo por lote que o eager:", faster)
tmp.cleanup()
# --8<-- [end:latencia]
