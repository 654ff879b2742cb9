# --8<-- [start:ambiente]
import math

import matplotlib.pyplot as plt
import torch
from torch import nn
from torch.distributions import Categorical

torch.manual_seed(0)  # mesmos episódios, mesmos pesos, mesma saída
device = "cuda" if torch.cuda.is_available() else "cpu"


class CartPole:
    """O pêndulo invertido clássico (equações do CartPole do Gym), com N ambientes num tensor.

    Estado: (posição do carro, velocidade, ângulo da haste, velocidade angular).
    Ação: 0 empurra para a esquerda, 1 para a direita. Recompensa: 1 por passo com a haste em pé.
    """

    GRAVITY, CART_MASS, POLE_MASS, HALF_LENGTH, FORCE, DT = 9.8, 1.0, 0.1, 0.5, 10.0, 0.02
    MAX_X, MAX_ANGLE, MAX_STEPS = 2.4, 12 * math.pi / 180, 200

    def __init__(self, n, device="cpu"):
        self.n, self.device = n, device

    def reset(self):
        self.state = (torch.rand(self.n, 4, device=self.device) - 0.5) * 0.1  # perto do equilíbrio
        self.done = torch.zeros(self.n, dtype=torch.bool, device=self.device)
        return self.state

    def step(self, action):
        x, x_dot, theta, theta_dot = self.state.unbind(dim=1)
        force = (action.float() * 2 - 1) * self.FORCE  # 0 -> -10 N, 1 -> +10 N
        total_mass = self.CART_MASS + self.POLE_MASS
        cos, sin = torch.cos(theta), torch.sin(theta)
        temp = (force + self.POLE_MASS * self.HALF_LENGTH * theta_dot**2 * sin) / total_mass
        theta_acc = (self.GRAVITY * sin - cos * temp) / (
            self.HALF_LENGTH * (4 / 3 - self.POLE_MASS * cos**2 / total_mass)
        )
        x_acc = temp - self.POLE_MASS * self.HALF_LENGTH * theta_acc * cos / total_mass
        # Integração de Euler, um passo de 20 ms
        self.state = torch.stack(
            [x + self.DT * x_dot, x_dot + self.DT * x_acc, theta + self.DT * theta_dot, theta_dot + self.DT * theta_acc],
            dim=1,
        )
        reward = (~self.done).float()  # quem já caiu não ganha mais nada
        fell = (self.state[:, 0].abs() > self.MAX_X) | (self.state[:, 2].abs() > self.MAX_ANGLE)
        self.done = self.done | fell
        return self.state, reward, self.done


# Uma política que age ao acaso: quanto tempo a haste fica em pé?
env = CartPole(1000, device)
env.reset()
total = torch.zeros(1000, device=device)
for t in range(CartPole.MAX_STEPS):
    _, reward, done = env.step(torch.randint(2, (1000,), device=device))
    total += reward
    if done.all():
        break
print(f"política aleatória: {total.mean():.1f} passos em média (máximo {total.max():.0f} de {CartPole.MAX_STEPS})")
# --8<-- [end:ambiente]


# --8<-- [start:politica]
# A política: estado (4 números) -> logits das 2 ações
policy = nn.Sequential(nn.Linear(4, 64), nn.Tanh(), nn.Linear(64, 2)).to(device)
optimizer = torch.optim.Adam(policy.parameters(), lr=1e-2)
print(policy)
# --8<-- [end:politica]


# --8<-- [start:episodios]
def run_episodes(env, greedy=False):
    """Joga um episódio em cada ambiente; devolve log-probabilidades e recompensas, passo a passo."""
    state = env.reset()
    log_probs, rewards = [], []
    for t in range(env.MAX_STEPS):
        logits = policy(state)
        if greedy:  # avaliação: sempre a ação mais provável
            action = logits.argmax(dim=1)
        else:  # treino: sorteia, para explorar
            dist = Categorical(logits=logits)
            action = dist.sample()
            log_probs.append(dist.log_prob(action))
        state, reward, done = env.step(action)
        rewards.append(reward)
        if done.all():
            break
    return log_probs, torch.stack(rewards)  # rewards: (passos, ambientes)


def discounted_returns(rewards, gamma=0.99):
    """G_t = r_t + γ r_{t+1} + γ² r_{t+2} + ...: de trás para frente."""
    returns = torch.zeros_like(rewards)
    running = torch.zeros_like(rewards[0])
    for t in reversed(range(len(rewards))):
        running = rewards[t] + gamma * running
        returns[t] = running
    return returns


env = CartPole(64, device)  # 64 episódios por atualização
log_probs, rewards = run_episodes(env)
print(f"passos por episódio, política inicial: {rewards.sum(0).mean():.1f}")
# --8<-- [end:episodios]


# --8<-- [start:treino]
history = []
for update in range(1, 41):
    log_probs, rewards = run_episodes(env)
    returns = discounted_returns(rewards)
    alive = rewards  # 1 enquanto o episódio não acabou: só esses passos contam
    # Linha de base: o retorno médio em cada instante; vantagem = quanto foi melhor que a média
    baseline = (returns * alive).sum(1, keepdim=True) / alive.sum(1, keepdim=True).clamp(min=1)
    advantage = (returns - baseline) * alive
    advantage = advantage / (advantage.std() + 1e-8)
    # REINFORCE: sobe log π(a|s) na proporção da vantagem (por isso o sinal de menos)
    loss = -(torch.stack(log_probs) * advantage).sum() / env.n
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    history.append(rewards.sum(0).mean().item())
    if update % 10 == 0:
        print(f"atualização {update}: {history[-1]:.1f} passos em média")

with torch.no_grad():
    _, rewards = run_episodes(CartPole(1000, device), greedy=True)
lengths = rewards.sum(0)
print(f"política final, ação mais provável, 1000 episódios: {lengths.mean():.1f} passos em média, "
      f"{(lengths == CartPole.MAX_STEPS).float().mean():.0%} chegam a {CartPole.MAX_STEPS}")
# --8<-- [end:treino]


# --8<-- [start:figura]
fig, ax = plt.subplots(figsize=(6, 3))
ax.plot(range(1, len(history) + 1), history)
ax.axhline(CartPole.MAX_STEPS, color="0.5", linestyle="--", linewidth=1)
ax.set_xlabel("atualização (64 episódios cada)")
ax.set_ylabel("passos por episódio")
fig.tight_layout()
fig.savefig("aprendizado.svg")
plt.close(fig)
print("figura salva: aprendizado.svg")
# --8<-- [end:figura]
