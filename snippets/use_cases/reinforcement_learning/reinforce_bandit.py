import torch

torch.manual_seed(0)  # mesma saída a cada execução

# Um "caça-níqueis" com 3 braços; cada braço paga uma recompensa média diferente.
# O agente não conhece as médias: aprende só puxando braços e vendo o que ganha.
MEAN_REWARDS = torch.tensor([0.2, 0.5, 0.8])  # o braço 2 é o melhor

logits = torch.zeros(3, requires_grad=True)  # a política: preferência por braço
optimizer = torch.optim.SGD([logits], lr=0.1)
baseline = 0.0  # média móvel da recompensa, reduz a variância do gradiente

for episode in range(1, 301):
    policy = torch.distributions.Categorical(logits=logits)
    action = policy.sample()
    reward = MEAN_REWARDS[action] + 0.1 * torch.randn(())

    # REINFORCE: sobe a log-probabilidade da ação na proporção da vantagem
    advantage = reward.item() - baseline
    loss = -policy.log_prob(action) * advantage
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    baseline = 0.9 * baseline + 0.1 * reward.item()

    if episode in (1, 50, 100, 200, 300):
        probs = torch.softmax(logits, dim=0).detach()
        print(f"episódio {episode:3d}: P(braço) = {[round(p, 3) for p in probs.tolist()]}")

best = torch.softmax(logits, dim=0)[2].item()
assert best > 0.6, best
print(f"probabilidade do melhor braço: {1 / 3:.3f} -> {best:.3f}")
