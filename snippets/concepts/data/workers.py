import torch
from torch.utils.data import DataLoader, Dataset, get_worker_info


class TaggedSamples(Dataset):
    """Cada amostra diz qual processo a carregou (-1: o processo principal)."""

    def __len__(self):
        return 12

    def __getitem__(self, index):
        info = get_worker_info()  # None fora de um worker
        worker = info.id if info is not None else -1
        return torch.tensor(float(index)), worker


def main():
    torch.manual_seed(0)
    dataset = TaggedSamples()
    for num_workers in (0, 2):
        loader = DataLoader(
            dataset,
            batch_size=3,
            shuffle=True,
            generator=torch.Generator().manual_seed(0),
            num_workers=num_workers,  # 0: tudo no processo principal
        )
        print(f"num_workers={num_workers}")
        for x, workers in loader:
            print(f"  amostras {x.int().tolist()} carregadas pelo worker {workers.unique().tolist()}")


# Com num_workers > 0, o DataLoader inicia processos filhos. Nos métodos de início
# "spawn" (Windows, macOS) e "forkserver" (Linux a partir do Python 3.14), cada filho
# importa este arquivo de novo: sem a guarda, ele criaria DataLoaders e workers sem fim.
if __name__ == "__main__":
    main()
