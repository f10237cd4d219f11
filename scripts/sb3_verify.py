"""SB3 reference runs for the verification table (not in CI).

Trains Stable-Baselines3's DQN with RL-Zoo's dqn.yml hyperparameters (or,
with a `ppo:` prefix, PPO with ppo.yml's, gSDE included) on one env for
several seeds and prints, per seed, the deterministic evaluation
(10 episodes on a separate env seeded seed + 1_000_000, as Swiftlet's
verification) at every n_timesteps/10 steps and at the end, so the two
tables compare the same protocol.

    /work/venv/bin/python scripts/sb3_verify.py MountainCar-v0 0 1 2 3 4
    /work/venv/bin/python scripts/sb3_verify.py ppo:Pendulum-v1 0 1 2 3 4
"""
import sys
import time

import gymnasium as gym
import numpy as np
import torch
from stable_baselines3 import DQN, PPO
from stable_baselines3.common.env_util import make_vec_env
from stable_baselines3.common.evaluation import evaluate_policy

ZOO = {
    "MountainCar-v0": dict(n_timesteps=120_000, learning_rate=4e-3, batch_size=128, buffer_size=10_000,
                           learning_starts=1000, gamma=0.98, target_update_interval=600, train_freq=16,
                           gradient_steps=8, exploration_fraction=0.2, exploration_final_eps=0.07,
                           policy_kwargs=dict(net_arch=[256, 256])),
    "Acrobot-v1": dict(n_timesteps=100_000, learning_rate=6.3e-4, batch_size=128, buffer_size=50_000,
                       learning_starts=0, gamma=0.99, target_update_interval=250, train_freq=4,
                       gradient_steps=-1, exploration_fraction=0.12, exploration_final_eps=0.1,
                       policy_kwargs=dict(net_arch=[256, 256])),
    "CartPole-v1": dict(n_timesteps=50_000, learning_rate=2.3e-3, batch_size=64, buffer_size=100_000,
                        learning_starts=1000, gamma=0.99, target_update_interval=10, train_freq=256,
                        gradient_steps=128, exploration_fraction=0.16, exploration_final_eps=0.04,
                        policy_kwargs=dict(net_arch=[256, 256])),
}

PPO_ZOO = {
    "Pendulum-v1": dict(n_timesteps=100_000, n_envs=4, n_steps=1024, gae_lambda=0.95, gamma=0.9, n_epochs=10,
                        ent_coef=0.0, learning_rate=1e-3, clip_range=0.2, use_sde=True, sde_sample_freq=4),
}


def main():
    algo, env_id = ("ppo", sys.argv[1][4:]) if sys.argv[1].startswith("ppo:") else ("dqn", sys.argv[1])
    seeds = [int(s) for s in sys.argv[2:]] or [0, 1, 2, 3, 4]
    torch.set_num_threads(1)
    hp = dict((PPO_ZOO if algo == "ppo" else ZOO)[env_id])
    total = hp.pop("n_timesteps")
    finals = []
    for seed in seeds:
        t0 = time.time()
        if algo == "ppo":
            n_envs = hp.pop("n_envs") if "n_envs" in hp else 1
            model = PPO("MlpPolicy", make_vec_env(env_id, n_envs=n_envs, seed=seed), seed=seed, verbose=0, **hp)
            hp["n_envs"] = n_envs
        else:
            model = DQN("MlpPolicy", gym.make(env_id), seed=seed, verbose=0, **hp)
        evals = []
        step = total // 10
        for k in range(1, 11):
            model.learn(total_timesteps=step if k < 10 else total - 9 * step, reset_num_timesteps=False)
            eval_env = gym.make(env_id)
            eval_env.reset(seed=seed + 1_000_000)
            mean, _ = evaluate_policy(model, eval_env, n_eval_episodes=10, deterministic=True)
            evals.append((model.num_timesteps, mean))
        finals.append(evals[-1][1])
        print(f"# sb3 {algo} {env_id} seed {seed}: final {evals[-1][1]:.1f}, evals "
              + ", ".join(f"{s}: {m:.0f}" for s, m in evals) + f", {time.time() - t0:.0f} s", flush=True)
    print(f"| SB3 {algo.upper()} | {env_id} | {total} | {np.mean(finals):.1f} ± {np.std(finals):.1f} | "
          + ", ".join(f"{f:.0f}" for f in finals) + " |", flush=True)


if __name__ == "__main__":
    main()
