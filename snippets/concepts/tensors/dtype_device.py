import torch

torch.manual_seed(0)  # mesma saída a cada execução
device = "cuda" if torch.cuda.is_available() else "cpu"

# O dtype é inferido dos dados...
print(torch.tensor([1, 2]).dtype, torch.tensor([1.0, 2.0]).dtype, torch.tensor([True]).dtype)

# ...ou escolhido na criação
x = torch.tensor([1.7, -2.3, 3.9], dtype=torch.float32)

# Conversão: .to(dtype) ou os atalhos .int(), .double(), .half() etc. (sempre um tensor novo)
print("to(int64):", x.to(torch.int64))        # trunca em direção ao zero
print("double():  ", x.double().dtype)
print("bfloat16:  ", x.to(torch.bfloat16))    # menos bits de mantissa: valores arredondados

# Operações entre dtypes diferentes seguem a promoção de tipos
print("int64 + float32 ->", (torch.tensor([1, 2]) + x[:2]).dtype)

# Dispositivo: onde o tensor está guardado e onde as operações rodam
y = x.to(device)
print("x em", x.device, "| y em", y.device)
# Operandos precisam estar no mesmo dispositivo; .to(device) copia só se precisar
print("x.to('cpu') is x:", x.to("cpu") is x)
