"""Peer figures for benchmark group `agents`: Stable-Baselines3 PPO and DQN on
CartPole-v1 with RL-Zoo hyperparameters (the same as Swiftlet's presets),
training wall time without evaluation, one torch thread, peak RSS.

Also runs Benchmarks/peers/ppo_jax_peer.py (PureJaxRL-style PPO, same
hyperparameters) in a subprocess when jax is importable, and merges its
figures (ppo_cartpole_1e5_jax_train_s, ppo_cartpole_1e5_jax_compile_s,
ppo_cartpole_1e5_jax_final_return).

Usage: /work/venv/bin/python Benchmarks/peers/agents_peer.py out.json [--quick] [--no-sb3] [--no-jax]
Writes {figure: value}. The SB3 runs are full (1e5 PPO steps, 5e4 DQN steps,
about a minute each here). --quick runs 1/10 of the SB3 steps and writes the
scaled times under keys ending in `_quick_estimate`, which the Swift
benchmark does not compare against (a sanity check only, not for the README).
--no-sb3 / --no-jax skip a peer.
"""
import importlib.util
import json
import os
import resource
import subprocess
import sys
import time

import gymnasium as gym
import torch
from stable_baselines3 import DQN, PPO
from stable_baselines3.common.env_util import make_vec_env

torch.set_num_threads(1)


def peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def jax_figures():
    """Runs ppo_jax_peer.py in its own process (it must set JAX's thread
    flags before importing jax) and returns its JSON object ({} on failure)."""
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ppo_jax_peer.py")
    r = subprocess.run([sys.executable, script], stdout=subprocess.PIPE, text=True)
    lines = [l for l in r.stdout.splitlines() if l.startswith("{")]
    if r.returncode != 0 or not lines:
        print(f"agents_peer: ppo_jax_peer.py failed (exit {r.returncode})", file=sys.stderr)
        return {}
    return json.loads(lines[-1])


def sb3_figures(scale):
    suffix = "_quick_estimate" if scale != 1 else ""
    figures = {}

    venv = make_vec_env("CartPole-v1", n_envs=8, seed=1)
    ppo = PPO("MlpPolicy", venv, n_steps=32, batch_size=256, gae_lambda=0.8, gamma=0.98, n_epochs=20,
              ent_coef=0.0, learning_rate=lambda p: p * 1e-3, clip_range=lambda p: p * 0.2, seed=1, device="cpu")
    t0 = time.perf_counter()
    ppo.learn(total_timesteps=100_000 // scale)
    figures["ppo_cartpole_1e5_train_s" + suffix] = (time.perf_counter() - t0) * scale
    figures["ppo_cartpole_peak_mem_mib" + suffix] = peak_mib()

    env = gym.make("CartPole-v1")
    dqn = DQN("MlpPolicy", env, learning_rate=2.3e-3, batch_size=64, buffer_size=100_000, learning_starts=1000,
              gamma=0.99, target_update_interval=10, train_freq=256, gradient_steps=128, exploration_fraction=0.16,
              exploration_final_eps=0.04, policy_kwargs=dict(net_arch=[256, 256]), seed=1, device="cpu")
    t0 = time.perf_counter()
    dqn.learn(total_timesteps=50_000 // scale)
    figures["dqn_cartpole_5e4_train_s" + suffix] = (time.perf_counter() - t0) * scale
    figures["dqn_cartpole_peak_mem_mib" + suffix] = peak_mib()
    return figures


def main():
    out = sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("--") else "agents_peer.json"
    figures = {}
    if "--no-jax" not in sys.argv and importlib.util.find_spec("jax") is not None:
        figures.update(jax_figures())
    if "--no-sb3" not in sys.argv:
        figures.update(sb3_figures(10 if "--quick" in sys.argv else 1))
    with open(out, "w") as f:
        json.dump(figures, f, indent=1)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
