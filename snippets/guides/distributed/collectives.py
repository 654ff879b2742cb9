import os
import socket

import torch
import torch.distributed as dist
import torch.multiprocessing as mp

WORLD_SIZE = 2


def worker(rank, world_size, port, results):
    """O código de cada processo: o mesmo que rodaria sob o torchrun."""
    # O torchrun define estas variáveis para cada processo; aqui o launcher faz esse papel
    os.environ.update(MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port), RANK=str(rank),
                      WORLD_SIZE=str(world_size), LOCAL_RANK=str(rank))
    dist.init_process_group(backend="gloo")  # "env://": lê as variáveis acima
    rank, world_size = dist.get_rank(), dist.get_world_size()

    x = torch.tensor([1.0, 2.0]) * (rank + 1)  # rank 0: [1, 2]; rank 1: [2, 4]
    summed = x.clone()
    dist.all_reduce(summed, op=dist.ReduceOp.SUM)  # todos recebem a soma

    gathered = [torch.zeros(2) for _ in range(world_size)]
    dist.all_gather(gathered, x)  # todos recebem a lista com o tensor de cada um

    message = x.clone()
    dist.broadcast(message, src=0)  # todos recebem o tensor do rank 0

    results.put((rank, x.tolist(), summed.tolist(), [g.tolist() for g in gathered], message.tolist()))
    dist.destroy_process_group()


if __name__ == "__main__":
    with socket.socket() as s:  # uma porta livre em 127.0.0.1 para o rendezvous
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    results = mp.get_context("spawn").SimpleQueue()
    # mp.spawn cria um processo por rank e chama worker(rank, *args) em cada um
    mp.spawn(worker, args=(WORLD_SIZE, port, results), nprocs=WORLD_SIZE, join=True)
    for rank, x, summed, gathered, message in sorted(results.get() for _ in range(WORLD_SIZE)):
        print(f"rank {rank}: tinha {x} | all_reduce {summed} | all_gather {gathered} | broadcast {message}")
