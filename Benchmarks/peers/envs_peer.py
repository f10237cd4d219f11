"""Gymnasium peer for the `envs` benchmark group: the same work as
Benchmarks/Sources/SwiftletBench/EnvsBenchmark.swift, in Gymnasium 1.4.

Prints one JSON object {figure: steps_per_second} on stdout (the format
swiftlet-bench's --peer reads). Run: /work/venv/bin/python Benchmarks/peers/envs_peer.py [--quick]
"""
import json
import os
import sys
import time

import gymnasium as gym
import numpy as np

QUICK = "--quick" in sys.argv
TABLE = 4096


def table(space):
    rng = np.random.default_rng(123)
    if hasattr(space, "n"):
        return [int(a) for a in rng.integers(0, space.n, TABLE)]
    return [np.array([a], dtype=np.float32) for a in rng.uniform(space.low[0], space.high[0], TABLE)]


def best_of(fn, repeats=3):
    return max(fn() for _ in range(repeats))


def single(env_id, steps):
    env = gym.make(env_id)  # TimeLimit(OrderEnforcing(PassiveEnvChecker(env)))
    acts = table(env.action_space)
    env.reset(seed=0)

    def run():
        k = 0
        t0 = time.perf_counter()
        for _ in range(steps):
            _, r, te, tr, _ = env.step(acts[k])
            k = (k + 1) & (TABLE - 1)
            if te or tr:
                env.reset()
        return steps / (time.perf_counter() - t0)

    return best_of(run)


def vector(env_id, n, batches, mode="sync"):
    from gymnasium.vector import AutoresetMode
    kwargs = {"autoreset_mode": AutoresetMode.SAME_STEP} if mode == "sync" else {}
    venv = gym.make_vec(env_id, num_envs=n, vectorization_mode=mode, vector_kwargs=kwargs)
    single_space = venv.single_action_space
    acts = table(single_space)
    batch = []
    for b in range(TABLE // n):
        chunk = acts[b * n:(b + 1) * n]
        batch.append(np.array(chunk) if hasattr(single_space, "n") else np.stack(chunk))
    venv.reset(seed=0)

    def run():
        t0 = time.perf_counter()
        for i in range(batches):
            venv.step(batch[i % len(batch)])
        return batches * n / (time.perf_counter() - t0)

    return best_of(run)


def gymnax_figures():
    """gymnax's jitted CartPole (1024 copies, lax.scan of vmap(step)) on 1 and
    2 threads, each in its own process (XLA reads its thread flags at import);
    {} when jax or gymnax is missing."""
    import subprocess
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "gymnax_envs_peer.py")
    out = {}
    for threads in (1, 2):
        try:
            r = subprocess.run([sys.executable, script, "--threads", str(threads)], capture_output=True, text=True, timeout=900)
            out.update(json.loads(r.stdout.strip().splitlines()[-1]))
        except Exception as e:  # jax/gymnax missing or failing: no figure
            print(f"gymnax peer ({threads} threads) skipped: {e}", file=sys.stderr)
    return out


def main():
    scale = 0.1 if QUICK else 1.0
    out = {}
    single_steps = {"CartPole-v1": 200_000, "MountainCar-v0": 200_000, "MountainCarContinuous-v0": 100_000,
                    "Acrobot-v1": 40_000, "Pendulum-v1": 100_000}
    for env_id, steps in single_steps.items():
        out[f"single_steps_per_s/{env_id}"] = single(env_id, int(steps * scale))
    out["single_steps_per_s/CartPole-v1/any_environment"] = out["single_steps_per_s/CartPole-v1"]
    for env_id, steps in single_steps.items():
        b = max(10, int(steps * scale) // 64)
        out[f"vector_steps_per_s/{env_id}/n64"] = vector(env_id, 64, b)
        out[f"vector_steps_per_s/{env_id}/n64/threads2"] = out[f"vector_steps_per_s/{env_id}/n64"]
    # Gymnasium's own NumPy-vectorised CartPole (the fastest Gymnasium path).
    out["vector_steps_per_s/CartPole-v1/n64/vs_numpy_vector"] = vector("CartPole-v1", 64, int(20_000 * scale), "vector_entry_point")
    out["vector_steps_per_s/CartPole-v1/n1024/threads2"] = vector("CartPole-v1", 1024, int(2_000 * scale), "vector_entry_point")
    out.update(gymnax_figures())
    text = json.dumps(out, indent=1)
    # run.sh passes the output path as the first non-flag argument.
    paths = [a for a in sys.argv[1:] if not a.startswith("--")]
    if paths:
        with open(paths[0], "w") as f:
            f.write(text)
    print(text, file=sys.stderr if paths else sys.stdout)


if __name__ == "__main__":
    main()
