"""Peer figures for benchmark group `agents`: Stable-Baselines3 PPO and DQN on
CartPole-v1 with RL-Zoo hyperparameters (the same as Swiftlet's presets),
training wall time without evaluation, one torch thread, peak RSS.

Usage: /work/venv/bin/python Benchmarks/peers/agents_peer.py out.json [--quick]
Writes {figure: value}. --quick runs 1/10 of the steps and scales the time
(for a fast sanity check; the README figures use the full runs).
"""
import json
import resource
import sys
import time

import gymnasium as gym
import torch
from stable_baselines3 import DQN, PPO
from stable_baselines3.common.env_util import make_vec_env

torch.set_num_threads(1)


def peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "agents_peer.json"
    scale = 10 if "--quick" in sys.argv else 1
    figures = {}

    venv = make_vec_env("CartPole-v1", n_envs=8, seed=1)
    ppo = PPO("MlpPolicy", venv, n_steps=32, batch_size=256, gae_lambda=0.8, gamma=0.98, n_epochs=20,
              ent_coef=0.0, learning_rate=lambda p: p * 1e-3, clip_range=lambda p: p * 0.2, seed=1, device="cpu")
    t0 = time.perf_counter()
    ppo.learn(total_timesteps=100_000 // scale)
    figures["ppo_cartpole_1e5_train_s"] = (time.perf_counter() - t0) * scale
    figures["ppo_cartpole_peak_mem_mib"] = peak_mib()

    env = gym.make("CartPole-v1")
    dqn = DQN("MlpPolicy", env, learning_rate=2.3e-3, batch_size=64, buffer_size=100_000, learning_starts=1000,
              gamma=0.99, target_update_interval=10, train_freq=256, gradient_steps=128, exploration_fraction=0.16,
              exploration_final_eps=0.04, policy_kwargs=dict(net_arch=[256, 256]), seed=1, device="cpu")
    t0 = time.perf_counter()
    dqn.learn(total_timesteps=50_000 // scale)
    figures["dqn_cartpole_5e4_train_s"] = (time.perf_counter() - t0) * scale
    figures["dqn_cartpole_peak_mem_mib"] = peak_mib()

    with open(out, "w") as f:
        json.dump(figures, f, indent=1)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
