import torch
from torch.nn.utils.rnn import pad_sequence
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
dataset = TensorDataset(torch.arange(10).float().unsqueeze(1), torch.arange(10))

# batch_size agrupa amostras; drop_last=True descarta o último lote incompleto
for drop_last in (False, True):
    loader = DataLoader(dataset, batch_size=4, drop_last=drop_last)
    sizes = [len(labels) for _, labels in loader]
    print(f"drop_last={drop_last!s:<5}: {len(loader)} lotes de tamanhos {sizes}")

# shuffle=True embaralha a cada época; um Generator com semente fixa a ordem
generator = torch.Generator().manual_seed(42)
loader = DataLoader(dataset, batch_size=4, shuffle=True, generator=generator)
for epoch in range(2):
    print(f"época {epoch}: {[labels.tolist() for _, labels in loader]}")

# O collate padrão empilha as amostras: (x, y) de forma (1,) e () -> lote (4, 1) e (4,)
x, y = next(iter(DataLoader(dataset, batch_size=4)))
print(f"lote: x {tuple(x.shape)}, y {tuple(y.shape)}")


# collate_fn próprio: sequências de tamanhos diferentes não se empilham; completa com zeros
def pad_collate(batch):
    sequences, lengths = zip(*[(seq, len(seq)) for seq in batch])
    return pad_sequence(sequences, batch_first=True), torch.tensor(lengths)


sequences = [torch.ones(n) for n in (3, 1, 4, 2)]
padded, lengths = next(iter(DataLoader(sequences, batch_size=4, collate_fn=pad_collate)))
print(f"sequências completadas: forma {tuple(padded.shape)}, tamanhos {lengths.tolist()}")
