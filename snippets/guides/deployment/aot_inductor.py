import os
import re
import tempfile
import zipfile

import torch
import torch.nn as nn
from torch.export import Dim

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"

# Um classificador pequeno: a compilação gera e compila C++ (ou CUDA), e leva segundos
model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 3)).to(device).eval()
example = (torch.randn(4, 8, device=device),)
program = torch.export.export(model, example, dynamic_shapes={"input": {0: Dim("batch", min=1, max=64)}})

with tempfile.TemporaryDirectory() as tmp:
    # AOTInductor: o Inductor gera o código do programa inteiro e o compilador do sistema o compila
    path = torch._inductor.aoti_compile_and_package(
        program,
        package_path=os.path.join(tmp, "classificador.pt2"),
        # sem cabeçalhos pré-compilados: para uma compilação só, prepará-los custa mais do que poupa
        inductor_configs={"aot_inductor.precompile_headers": False},
    )
    # O tempo e os tamanhos mudam com a máquina, a carga e o cache do Inductor: a página não os imprime
    print("compilado:", os.path.basename(path))
    with zipfile.ZipFile(path) as archive:
        generated = [info for info in archive.infolist() if "/aotinductor/" in info.filename]
        for info in generated:  # os nomes levam um hash; aqui, só o tipo de cada arquivo
            print("  ", info.filename.rsplit("/", 1)[1].split(".", 1)[1])
        library = max(generated, key=lambda info: info.file_size)
        total = sum(info.file_size for info in archive.infolist())
        print("a biblioteca compilada é mais da metade do pacote:", library.file_size > total / 2)
        sources = "".join(archive.read(i.filename).decode() for i in generated if i.filename.endswith(".cpp"))
    print("operadores do ATen chamados:", sorted(set(re.findall(r"aoti_torch_\w+?_out", sources))))
    print("kernels gerados pelo Inductor:", sorted(set(re.findall(r"\b\w+_fused_\w+", sources))))
    if device == "cpu":
        print("compilado para a CPU desta máquina (-march=native):", "-march=native" in sources)

    # Carregar não compila nada: abre a biblioteca compilada (precisa do torch, não do g++ nem da classe)
    compiled = torch._inductor.aoti_load_package(path)
    for size in (1, 5, 64):  # qualquer lote dentro da faixa declarada
        x = torch.randn(size, 8, device=device)
        with torch.inference_mode():
            out, expected = compiled(x), model(x)
        torch.testing.assert_close(out, expected)  # tolerâncias padrão do float32
        print(f"lote {size:2d}: saída {list(out.shape)}, maior diferença para o eager: "
              f"{(out - expected).abs().max().item():.1e}")
