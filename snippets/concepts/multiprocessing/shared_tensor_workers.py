import torch
import torch.multiprocessing as mp


def worker(rank, shared, results):
    """Roda em outro processo: escreve na SUA fatia do tensor compartilhado."""
    chunk = shared[rank * 4 : (rank + 1) * 4]  # uma visão: mesma memória, sem cópia
    chunk += 10 * (rank + 1)  # in-place: o pai vê a mudança
    # Resultados pequenos voltam por uma fila (números Python, via pickle).
    results.put((rank, chunk.sum().item()))


if __name__ == "__main__":
    torch.manual_seed(0)
    shared = torch.zeros(8)
    shared.share_memory_()  # move o storage para memória compartilhada (no lugar)
    print(f"compartilhado? {shared.is_shared()}  antes: {shared.tolist()}")

    # "spawn" funciona em Linux, macOS e Windows, e é o exigido para tensores CUDA.
    ctx = mp.get_context("spawn")
    results = ctx.Queue()
    workers = [ctx.Process(target=worker, args=(rank, shared, results)) for rank in range(2)]
    for p in workers:
        p.start()
    # Ler a fila ANTES do join: um processo com itens ainda na fila pode não terminar.
    received = sorted((results.get(timeout=60) for _ in workers), key=lambda item: item[0])
    for p in workers:
        p.join()
        assert p.exitcode == 0

    print(f"depois: {shared.tolist()}")
    for rank, total in received:
        print(f"  worker {rank} devolveu pela fila: soma da sua fatia = {total:.0f}")
    assert torch.equal(shared, torch.tensor([10.0] * 4 + [20.0] * 4))
