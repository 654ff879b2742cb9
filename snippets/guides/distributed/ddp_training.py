import gc
import os
import socket

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from torch import nn
from torch.nn.parallel import DistributedDataParallel as DDP
from torch.utils.data import DataLoader, TensorDataset
from torch.utils.data.distributed import DistributedSampler

WORLD_SIZE = 2
BATCH_PER_PROCESS = 8


def make_data_and_model():
    """Os mesmos dados e os mesmos pesos iniciais em todo processo (mesma semente)."""
    torch.manual_seed(0)
    X = torch.randn(64, 10)
    y = X @ torch.randn(10, 1) + 0.1 * torch.randn(64, 1)
    model = nn.Sequential(nn.Linear(10, 16), nn.ReLU(), nn.Linear(16, 1))
    return TensorDataset(X, y), model


def worker(rank, world_size, port, results):
    os.environ.update(MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port), RANK=str(rank),
                      WORLD_SIZE=str(world_size), LOCAL_RANK=str(rank))
    # Com uma GPU por processo: NCCL e cuda:LOCAL_RANK. Sem GPUs suficientes: Gloo, na CPU.
    use_cuda = torch.cuda.device_count() >= world_size
    dist.init_process_group(backend="nccl" if use_cuda else "gloo")
    device = torch.device(f"cuda:{rank}" if use_cuda else "cpu")

    dataset, model = make_data_and_model()
    # DDP transmite os pesos do rank 0 aos outros e, no backward, faz a média dos gradientes
    ddp_model = DDP(model.to(device), device_ids=[rank] if use_cuda else None)
    sampler = DistributedSampler(dataset, shuffle=False)  # cada processo fica com 1/world_size dos dados
    loader = DataLoader(dataset, batch_size=BATCH_PER_PROCESS, sampler=sampler)
    optimizer = torch.optim.SGD(ddp_model.parameters(), lr=0.1)

    for epoch in range(2):
        sampler.set_epoch(epoch)  # com shuffle=True, embaralha diferente a cada época
        for X, y in loader:
            loss = nn.functional.mse_loss(ddp_model(X.to(device)), y.to(device))
            optimizer.zero_grad()
            loss.backward()  # aqui os gradientes são somados entre os processos (all-reduce) e divididos
            optimizer.step()

    weights = torch.cat([p.detach().flatten().cpu() for p in model.parameters()])
    # Pela fila vão números Python: um tensor enviado exige o processo de origem ainda vivo
    results.put((rank, list(sampler)[:6], weights.tolist()))
    # O DDP guarda o grupo de processos e só é liberado pela coleta de lixo (tem referências
    # circulares): liberá-lo antes de desmontar o grupo evita um SIGABRT na saída do processo.
    del ddp_model
    gc.collect()
    dist.destroy_process_group()


if __name__ == "__main__":
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    results = mp.get_context("spawn").SimpleQueue()
    mp.spawn(worker, args=(WORLD_SIZE, port, results), nprocs=WORLD_SIZE, join=True)
    received = sorted((results.get() for _ in range(WORLD_SIZE)), key=lambda r: r[0])
    for rank, indices, _ in received:
        print(f"rank {rank}: amostras {indices}...")
    print("pesos finais iguais nos 2 processos:", received[0][2] == received[1][2])

    # Referência: um processo só, com o lote global (8 + 8 = 16), na mesma ordem
    dataset, model = make_data_and_model()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    order = [i for step in zip(*(torch.arange(r, 64, WORLD_SIZE).split(BATCH_PER_PROCESS) for r in range(WORLD_SIZE)))
             for i in torch.cat(step).tolist()]
    for epoch in range(2):
        for batch in torch.tensor(order).split(BATCH_PER_PROCESS * WORLD_SIZE):
            X, y = dataset[batch]
            loss = nn.functional.mse_loss(model(X), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    single = torch.cat([p.detach().flatten() for p in model.parameters()])
    ddp_weights = torch.tensor(received[0][2])
    print(f"maior diferença para 1 processo com lote 16: {(single - ddp_weights).abs().max():.1e}")
