import torch


def show(label, t):
    print(f"{label:20}", "  ".join(f"{v:8.1e}" for v in t.float().tolist()))


# Gradientes pequenos somem em float16: abaixo de ~6e-8 viram zero (underflow).
grads = torch.tensor([1e-3, 1e-5, 1e-7, 1e-8, 1e-9])
show("float32", grads)
show("float16", grads.half())

# O GradScaler multiplica a perda (e, pela regra da cadeia, todo gradiente) por um
# fator grande antes do backward; os valores passam a caber no float16.
scale = 2.0**16
scaled = (grads * scale).half()
show(f"x {scale:.0f}, float16", scaled)

# Antes do passo do otimizador, divide de volta em float32: o valor é recuperado.
recovered = scaled.float() / scale
show("dividido de volta", recovered)
assert (grads.half()[3:] == 0).all() and (recovered[3:] > 0).all()

# bfloat16 tem o expoente do float32: o mesmo valor não some (só perde dígitos).
show("bfloat16", grads.bfloat16())
