import gc
import os
import socket

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from torch import nn
from torch.distributed.fsdp import fully_shard

WORLD_SIZE = 2


def worker(rank, world_size, port, results):
    os.environ.update(MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port), RANK=str(rank),
                      WORLD_SIZE=str(world_size), LOCAL_RANK=str(rank))
    dist.init_process_group(backend="gloo")  # numa GPU por processo: "nccl"

    torch.manual_seed(0)  # o mesmo modelo inicial em todo processo
    model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 1))
    total = sum(p.numel() for p in model.parameters())
    # FSDP2: cada camada vira uma unidade; seus parâmetros são fatiados entre os processos
    for layer in model:
        if isinstance(layer, nn.Linear):
            fully_shard(layer)
    fully_shard(model)  # a raiz cuida do que sobrou

    weight = model[0].weight  # agora um DTensor: forma global, pedaço local
    local = sum(p.to_local().numel() for p in model.parameters())
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)  # o estado do otimizador também fica fatiado

    torch.manual_seed(1 + rank)  # cada processo com seus próprios dados
    for step in range(3):
        x = torch.randn(4, 8)
        loss = model(x).pow(2).mean()
        optimizer.zero_grad()
        loss.backward()  # reúne os pesos camada a camada e, no fim, reduz e fatia os gradientes
        optimizer.step()

    full = model[0].weight.full_tensor()  # reúne o peso inteiro (uma coletiva: todos participam)
    results.put((rank, type(weight).__name__, tuple(weight.shape), tuple(weight.to_local().shape),
                 local, total, full.flatten().tolist()))
    del model, optimizer, weight  # como no DDP: liberar o que guarda o grupo antes de desmontá-lo
    gc.collect()
    dist.destroy_process_group()


if __name__ == "__main__":
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    results = mp.get_context("spawn").SimpleQueue()
    mp.spawn(worker, args=(WORLD_SIZE, port, results), nprocs=WORLD_SIZE, join=True)
    received = sorted(results.get() for _ in range(WORLD_SIZE))
    for rank, kind, global_shape, local_shape, local, total, _ in received:
        print(f"rank {rank}: model[0].weight é {kind}, forma global {global_shape}, guardado aqui {local_shape}; "
              f"{local} de {total} parâmetros")
    print("peso reunido igual nos 2 processos:", received[0][-1] == received[1][-1])
