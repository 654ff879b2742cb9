import torch
from torch import nn

torch.manual_seed(0)  # mesmos pesos a cada execução


def make_model():
    return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))


# torch.compile(model) não compila nada ainda (a compilação é na primeira chamada),
# mas já devolve outro objeto: um OptimizedModule que guarda o modelo em _orig_mod
model = make_model()
compiled = torch.compile(model)
print("tipo devolvido:", type(compiled).__name__)
print("chaves do modelo:          ", list(model.state_dict())[:2])
print("chaves do modelo compilado:", list(compiled.state_dict())[:2])

# Um checkpoint salvo do wrapper não carrega num modelo comum (strict=True, o padrão)
plain = make_model()
try:
    plain.load_state_dict(compiled.state_dict())
except RuntimeError as error:
    print("load_state_dict falhou (RuntimeError):")
    for line in str(error).splitlines()[1:]:  # uma linha para as chaves que faltam, outra para as que sobram
        kind, keys = line.strip().split(": ", 1)
        print(f"  {kind}: {keys.split(', ')[0]}, ...")

# Duas saídas: salvar o state_dict do modelo original...
plain.load_state_dict(compiled._orig_mod.state_dict())
print("com _orig_mod.state_dict(): carregou")
# ...ou tirar o prefixo de um checkpoint que já foi salvo com ele
saved = compiled.state_dict()
plain.load_state_dict({key.removeprefix("_orig_mod."): value for key, value in saved.items()})
print("sem o prefixo _orig_mod.: carregou")

# model.compile() compila no lugar: o objeto continua o mesmo, e as chaves também
in_place = make_model()
in_place.compile()
print("model.compile(): tipo", type(in_place).__name__, "| chaves", list(in_place.state_dict())[:2])
