# --8<-- [start:exportar]
import torch
import torch.nn as nn
from torch.export import Dim

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"


class Classifier(nn.Module):
    def __init__(self, features=8, hidden=16, classes=3):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(features, hidden), nn.ReLU(), nn.Linear(hidden, classes))

    def forward(self, x):
        return self.net(x)


# Em produção, os pesos viriam do treino: model.load_state_dict(torch.load(..., weights_only=True))
model = Classifier().to(device).eval()  # eval() antes de exportar: o grafo guarda o modo atual
example = (torch.randn(4, 8, device=device),)

# Dim declara o lote dinâmico (de 1 a 64); as outras dimensões ficam fixas no tamanho do exemplo
batch = Dim("batch", min=1, max=64)
program = torch.export.export(model, example, dynamic_shapes={"x": {0: batch}})
print(type(program).__name__)
print(str(program.graph_signature).strip())
print("operações do grafo (forma da saída de cada uma):")
for node in program.graph.nodes:
    if node.op == "call_function":
        print(f"  {node.target}: {list(node.meta['val'].shape)}")
print("faixa do símbolo do lote:", program.range_constraints)

# O programa roda como um módulo; um lote de 5, diferente do exemplo, dá o mesmo que o modelo
x = torch.randn(5, 8, device=device)
exported = program.module()
print("lote de 5, igual ao modelo:", torch.equal(exported(x), model(x)))
for wrong in (torch.randn(5, 10, device=device), torch.randn(100, 8, device=device)):
    try:
        exported(wrong)
    except AssertionError as err:  # as guardas do programa conferem cada entrada
        print(f"entrada {list(wrong.shape)}: {type(err).__name__}: {err}")
# --8<-- [end:exportar]

# --8<-- [start:dependente]
import contextlib
import io


# Um if Python que depende do VALOR de um tensor: num grafo único, não há como escolher o ramo
class Rescale(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(8, 3)

    def forward(self, x):
        y = self.lin(x)
        if y.abs().max() > 1:
            y = y / y.abs().max()
        return y


try:
    # Antes do erro, o torch.export escreve em stderr um log e o grafo parcial; aqui basta a mensagem
    with contextlib.redirect_stderr(io.StringIO()):
        torch.export.export(Rescale().to(device), example)
except RuntimeError as err:
    lines = str(err).splitlines()
    print(f"{type(err).__name__}: {lines[0].split(' (unhinted')[0]}")
    # a mensagem aponta a linha do forward que pediu o valor
    print("  linha:", lines[lines.index("The following call raised this error:") + 2].strip())


# A correção: trocar o if por uma conta. Dividir por max(1, maior |y|) faz o mesmo, sem ramo
class RescaleNoBranch(Rescale):
    def forward(self, x):
        y = self.lin(x)
        return y / y.abs().max().clamp(min=1)


fixed = RescaleNoBranch().to(device).eval()
program_fixed = torch.export.export(fixed, example, dynamic_shapes={"x": {0: batch}})
for scale in (0.1, 10.0):  # um lote que não passa de 1 e um que passa
    xs = scale * torch.randn(5, 8, device=device)
    out = program_fixed.module()(xs)
    print(f"escala {scale}: maior |saída| = {out.abs().max().item():.4f}, "
          f"igual ao eager: {torch.equal(out, fixed(xs))}")
# --8<-- [end:dependente]

# --8<-- [start:salvar]
import os
import tempfile
import zipfile

with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "classificador.pt2")
    torch.export.save(program, path)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
    weights = [name for name in names if "/data/weights/weight_" in name]
    # (o tamanho do arquivo, a página não o imprime: o grafo guarda o nome do arquivo de cada linha de código)
    print(f"classificador.pt2: {len(names)} arquivos no zip, "
          f"{len(weights)} tensores de pesos, grafo em {[n for n in names if n.endswith('model.json')][0]}")

    # Outro processo carregaria só o arquivo: o módulo vem do grafo, não da classe Classifier
    loaded = torch.export.load(path).module()
    print(f"carregado: {type(loaded).__name__}, é um Classifier? {isinstance(loaded, Classifier)}")
    print("lote de 5 igual ao modelo:", torch.equal(loaded(x), model(x)))
# --8<-- [end:salvar]
