import torch
from torch.utils.data import Dataset, TensorDataset


class SquaresDataset(Dataset):
    """Dataset "map-style": sabe seu tamanho e devolve a amostra de um índice."""

    def __init__(self, n):
        self.x = torch.arange(n, dtype=torch.float32)

    def __len__(self):
        return len(self.x)

    def __getitem__(self, index):
        # Uma amostra: (entrada, rótulo). Aqui se leria um arquivo, se decodificaria
        # uma imagem etc.; o Dataset carrega uma amostra por vez, sob demanda.
        x = self.x[index]
        return x, x**2


squares = SquaresDataset(10)
print(f"len(squares) = {len(squares)}")
print(f"squares[3]   = {squares[3]}")

# Com os dados já em tensores, TensorDataset faz o mesmo sem escrever uma classe:
# a amostra i é (features[i], labels[i]); todos os tensores têm o mesmo tamanho na dimensão 0
torch.manual_seed(0)
features = torch.randn(100, 4)
labels = torch.randint(0, 3, (100,))
dataset = TensorDataset(features, labels)
x, label = dataset[0]
print(f"len(dataset) = {len(dataset)}; amostra 0: x de forma {tuple(x.shape)}, rótulo {label.item()}")
