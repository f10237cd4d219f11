"""Fixture for AgentsTests (not run in CI): Stable-Baselines3's DQN update,
step by step, on fixed replay batches.

Builds SB3's DQN with RL-Zoo's MountainCar-v0 hyperparameters, records the
Q-network's initial weights (net_arch [64, 64] instead of the zoo's [256, 256], to keep the file small), then runs `model.train(gradient_steps=1)` five
times with the replay sampler replaced by fixed batches (random states in
the observation box, random actions, rewards -1, some terminal), recording
the weights and loss after each step. The Swift test loads the same weights
into Swiftlet's DQN, feeds the same batches through its gradient step and
compares.

    /work/venv/bin/python Tests/AgentsTests/make_fixtures.py
"""
import json
import os

import gymnasium as gym
import numpy as np
import torch
from stable_baselines3 import DQN
from stable_baselines3.common.logger import configure
from stable_baselines3.common.type_aliases import ReplayBufferSamples

torch.set_num_threads(1)
env = gym.make("MountainCar-v0")
model = DQN("MlpPolicy", env, learning_rate=4e-3, batch_size=128, buffer_size=10_000, learning_starts=1000,
            gamma=0.98, target_update_interval=600, train_freq=16, gradient_steps=8, exploration_fraction=0.2,
            exploration_final_eps=0.07, policy_kwargs=dict(net_arch=[64, 64]), seed=3, verbose=0)
model.set_logger(configure(folder=None, format_strings=[]))

def weights(net):
    return [p.detach().numpy().astype(np.float64).ravel().tolist() for p in net.parameters()]

rng = np.random.default_rng(11)
B = 128
out = {"batch_size": B, "gamma": 0.98, "learning_rate": 4e-3,
       "initial": weights(model.q_net), "target": weights(model.q_net_target), "steps": []}
for step in range(5):
    obs = rng.uniform(env.observation_space.low, env.observation_space.high, size=(B, 2)).astype(np.float32)
    nxt = rng.uniform(env.observation_space.low, env.observation_space.high, size=(B, 2)).astype(np.float32)
    act = rng.integers(0, 3, size=(B, 1))
    rew = -np.ones((B, 1), dtype=np.float32)
    done = (rng.random((B, 1)) < 0.1).astype(np.float32)
    samples = ReplayBufferSamples(observations=torch.tensor(obs), actions=torch.tensor(act),
                                  next_observations=torch.tensor(nxt), dones=torch.tensor(done),
                                  rewards=torch.tensor(rew))
    model.replay_buffer.sample = lambda batch_size, env=None, s=samples: s
    with torch.no_grad():
        q_before = model.q_net(torch.tensor(obs)).gather(1, torch.tensor(act)).numpy()
    model.train(gradient_steps=1, batch_size=B)
    out["steps"].append({"observations": obs.ravel().tolist(), "next_observations": nxt.ravel().tolist(),
                         "actions": act.ravel().tolist(), "terminated": done.ravel().tolist(),
                         "loss": float(model.logger.name_to_value.get("train/loss", float("nan"))),
                         "weights_after": weights(model.q_net)})
path = os.path.join(os.path.dirname(__file__), "Fixtures", "sb3_dqn_updates.json")
with open(path, "w") as f:
    json.dump(out, f)
print("wrote", path)
