import os
import random

import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset


def seed_everything(seed):
    """Fixa as três fontes de aleatoriedade usadas num script típico."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)  # CPU e todas as GPUs


def seed_worker(worker_id):
    """Receita da documentação: deriva as sementes do worker da semente do torch."""
    worker_seed = torch.initial_seed() % 2**32
    np.random.seed(worker_seed)
    random.seed(worker_seed)


class NoisyDataset(Dataset):
    """Cada acesso soma um ruído do NumPy: uma 'aumentação de dados' aleatória."""

    def __len__(self):
        return 64

    def __getitem__(self, i):
        x = np.full(4, float(i)) + np.random.normal(0.0, 0.1, 4)
        return torch.tensor(x, dtype=torch.float32), torch.tensor([float(i % 2)])


def run(seed):
    seed_everything(seed)
    g = torch.Generator()
    g.manual_seed(seed)  # controla o embaralhamento e as sementes-base dos workers
    loader = DataLoader(NoisyDataset(), batch_size=16, shuffle=True, num_workers=2,
                        worker_init_fn=seed_worker, generator=g)
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Dropout(0.3), nn.Linear(8, 1))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    for _ in range(2):
        for x, y in loader:
            optimizer.zero_grad()
            loss = nn.functional.binary_cross_entropy_with_logits(model(x), y)
            loss.backward()
            optimizer.step()
    return loss.item(), torch.cat([p.detach().flatten() for p in model.parameters()])


if __name__ == "__main__":
    # Antes de usar a GPU: o cuBLAS só é determinístico com esta variável (na CPU, inócua).
    os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
    # Opcional: erro em operações sem versão determinística.
    torch.use_deterministic_algorithms(True)
    try:
        loss_a, params_a = run(seed=0)
        loss_b, params_b = run(seed=0)
        loss_c, params_c = run(seed=1)
    finally:
        # A opção vale para o processo inteiro; o site roda todos os exemplos num
        # só processo, então ela volta ao padrão aqui.
        torch.use_deterministic_algorithms(False)
    print(f"semente 0, 1ª execução: perda final {loss_a:.6f}")
    print(f"semente 0, 2ª execução: perda final {loss_b:.6f}")
    print(f"semente 1:              perda final {loss_c:.6f}")
    assert torch.equal(params_a, params_b)  # bit a bit iguais
    assert not torch.equal(params_a, params_c)
    print("mesma semente -> parâmetros idênticos bit a bit; outra semente -> outros")
