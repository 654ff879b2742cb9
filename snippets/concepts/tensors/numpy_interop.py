import numpy as np
import torch

# torch.from_numpy: o tensor usa a MESMA memória do array (nenhuma cópia)
arr = np.array([1.0, 2.0, 3.0])
t = torch.from_numpy(arr)
arr[0] = 100.0                 # muda o array...
print("t depois de mudar arr:", t.tolist())  # ...e o tensor vê a mudança
t[1] = -5.0                    # muda o tensor...
print("arr depois de mudar t:", arr.tolist())  # ...e o array vê a mudança
print("dtype preservado:", t.dtype)           # float64, como o array

# .numpy(): o caminho inverso, também sem cópia (só para tensores na CPU)
u = torch.zeros(3)
view = u.numpy()
u.add_(7)
print("u.numpy() depois de u.add_(7):", view.tolist())

# torch.tensor(array) COPIA: as duas estruturas ficam independentes
copy = torch.tensor(arr)
arr[2] = 0.0
print("arr:", arr.tolist(), "| cópia:", copy.tolist())

# Tensores que exigem gradiente ou estão na GPU: .detach().cpu().numpy()
g = torch.ones(2, requires_grad=True)
print("detach().cpu().numpy():", g.detach().cpu().numpy())
