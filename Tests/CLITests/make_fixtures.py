"""Fixtures for CLITests, from Gymnasium (the specification).

watch_random.json: episode returns and lengths of a seeded uniform random
policy, as `swiftlet watch <env-id> --seed S --episodes N` plays it: the first
reset with seed S, later resets continue the env's generator; actions from
`action_space.seed(S)` + `action_space.sample()`.

Run: /work/venv/bin/python Tests/CLITests/make_fixtures.py
"""
import json
import os

import gymnasium as gym

CASES = [("CartPole-v1", 0, 3), ("CartPole-v1", 7, 2), ("Acrobot-v1", 1, 1), ("Pendulum-v1", 3, 1),
         ("MountainCar-v0", 2, 1)]

out = []
for env_id, seed, episodes in CASES:
    env = gym.make(env_id)
    env.action_space.seed(seed)
    returns, lengths = [], []
    for ep in range(episodes):
        env.reset(seed=seed if ep == 0 else None)
        total, n = 0.0, 0
        while True:
            _, r, term, trunc, _ = env.step(env.action_space.sample())
            total += float(r)
            n += 1
            if term or trunc:
                break
        returns.append(total)
        lengths.append(n)
    env.close()
    out.append({"env": env_id, "seed": seed, "episodes": episodes, "returns": returns, "lengths": lengths})

registry = []
for env_id in ["CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Acrobot-v1", "Pendulum-v1"]:
    spec = gym.spec(env_id)
    env = gym.make(env_id, render_mode="rgb_array")
    env.reset(seed=0)
    h, w, _ = env.render().shape
    registry.append({"id": env_id, "max_episode_steps": spec.max_episode_steps,
                     "reward_threshold": spec.reward_threshold,
                     "observation_shape": list(env.observation_space.shape),
                     "action_space": str(env.action_space), "frame": [w, h]})
    env.close()

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "Fixtures", "gymnasium.json"), "w") as f:
    json.dump({"watch_random": out, "registry": registry}, f, indent=1)
print(json.dumps(out))
