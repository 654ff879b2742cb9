import torch

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"

# As contas que produzem inf e NaN em ponto flutuante (nenhuma levanta erro)
one, zero = torch.tensor(1.0, device=device), torch.tensor(0.0, device=device)
big = torch.exp(torch.tensor(100.0, device=device))  # e^100 passa do maior float32 (~3,4e38)
cases = {
    "1 / 0": one / zero,
    "0 / 0": zero / zero,
    "log(0)": torch.log(zero),
    "log(-1)": torch.log(-one),
    "exp(100) em float32": big,
    "inf - inf": big - big,
    "0 * inf": zero * big,
    "sqrt(-1)": torch.sqrt(-one),
}
for expr, value in cases.items():
    print(f"{expr:20} = {value.item()}")

# NaN contamina tudo o que toca, e não é igual nem a si mesmo
batch = torch.randn(1000, device=device)
batch[123] = float("nan")
print("\nsoma de 1000 valores com um NaN:", batch.sum().item())
print("NaN == NaN:", (batch[123] == batch[123]).item())

# Os testes certos: isnan, isinf e isfinite (nem NaN nem ±inf)
t = torch.tensor([1.0, float("nan"), float("inf"), -float("inf"), -2.0], device=device)
print("\nt           ", t.tolist())
print("isnan(t)    ", torch.isnan(t).tolist())
print("isinf(t)    ", torch.isinf(t).tolist())
print("isfinite(t) ", torch.isfinite(t).tolist())
print("todos finitos?", torch.isfinite(t).all().item(), "| posições não finitas:",
      (~torch.isfinite(t)).nonzero().flatten().tolist())

# nan_to_num troca NaN e ±inf por números: útil para limpar DADOS, não para esconder um treino quebrado
print("nan_to_num(t)", torch.nan_to_num(t, nan=0.0, posinf=1e4, neginf=-1e4).tolist())
print("nanmean(t[:2]) ignora o NaN:", torch.nanmean(t[:2]).item())
