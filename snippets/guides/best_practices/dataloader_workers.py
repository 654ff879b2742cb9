import torch
from torch.utils.data import DataLoader, Dataset, get_worker_info


class SquaresDataset(Dataset):
    """Amostra i = (i, i ** 2); lembra qual processo a preparou."""

    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        info = get_worker_info()  # None no processo principal
        worker = -1 if info is None else info.id
        return torch.tensor([float(i)]), torch.tensor([float(i * i)]), worker


def main():
    torch.manual_seed(0)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    loader = DataLoader(
        SquaresDataset(100),
        batch_size=32,  # o último lote fica com 100 - 3 * 32 = 4 amostras
        shuffle=True,  # nova ordem a cada época (só no treino)
        num_workers=2,  # 2 processos preparam lotes enquanto o principal treina
        pin_memory=(device == "cuda"),  # só faz sentido quando há cópia para a GPU
        persistent_workers=True,  # não recria os processos a cada época
    )
    print(f"lotes por época: {len(loader)}")
    for epoch in range(2):
        for batch, (x, y, worker) in enumerate(loader):
            x, y = x.to(device), y.to(device)
            first = [int(v) for v in x[:3, 0].tolist()]
            print(f"época {epoch} lote {batch}: {len(x):2d} amostras, "
                  f"primeiras {first}, preparado pelo worker {worker[0].item()}")


# Com num_workers > 0, os workers podem importar este arquivo de novo (Windows,
# macOS e o Linux a partir do Python 3.14 usam "spawn"/"forkserver"): sem esta
# guarda, cada worker tentaria criar o próprio DataLoader.
if __name__ == "__main__":
    main()
