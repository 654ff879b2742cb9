import torch
from torch import nn

torch.manual_seed(0)  # mesmos pesos, mesma saída
device = "cuda" if torch.cuda.is_available() else "cpu"
torch.compiler.reset()  # esquece o que este processo já compilou (num processo novo, não muda nada)

# Um backend é uma função que recebe o grafo capturado (um torch.fx.GraphModule)
# e devolve o que executar no lugar. Este só mostra o grafo e o executa como está.
graphs = []


def show_graph(gm, example_inputs):
    graphs.append(gm)
    ops = [getattr(node.target, "__name__", str(node.target)) for node in gm.graph.nodes if node.op == "call_function"]
    dynamic = any(isinstance(i, torch.SymInt) for i in example_inputs)
    print(f"  compilação {len(graphs)}: operações {ops}, tamanho simbólico: {dynamic}")
    return gm.forward  # o backend "eager" do PyTorch faz exatamente isto


model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1)).to(device)
compiled = torch.compile(model, backend=show_graph)  # nada é compilado ainda

print("1ª chamada, lote de 3:")
x = torch.randn(3, 4, device=device)
print("  mesmo resultado que o modelo original:", torch.equal(compiled(x), model(x)))
print("2ª chamada, mesma forma: reaproveita o grafo (as guardas passam)")
compiled(torch.randn(3, 4, device=device))
print("3ª chamada, lote de 5: uma guarda falha e o código é recompilado")
compiled(torch.randn(5, 4, device=device))
print("4ª chamada, lote de 7: o grafo simbólico já serve")
compiled(torch.randn(7, 4, device=device))
print("total de compilações:", len(graphs))
