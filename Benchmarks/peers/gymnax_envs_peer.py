"""gymnax peer for the `envs` group: 1024 jitted CartPole-v1 copies stepped
as `lax.scan` of `vmap(step)` with random actions (gymnax's auto-reset),
compile time excluded. Run once per thread count, because XLA reads its
thread flags at import:

    python gymnax_envs_peer.py --threads 1   # prints {"...gymnax_1thread": steps/s}

envs_peer.py runs it (when jax and gymnax import) and merges the figures.
"""
import json
import os
import sys
import time

threads = int(sys.argv[sys.argv.index("--threads") + 1]) if "--threads" in sys.argv else 1
os.environ["XLA_FLAGS"] = (f"--xla_cpu_multi_thread_eigen={'true' if threads > 1 else 'false'} "
                           f"intra_op_parallelism_threads={threads}")
os.environ.setdefault("JAX_PLATFORMS", "cpu")
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, set(range(min(threads, os.cpu_count() or 1))))

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import gymnax  # noqa: E402

N, T = 1024, 2000
env, params = gymnax.make("CartPole-v1")


def rollout(key):
    keys = jax.random.split(key, N)
    _, state = jax.vmap(env.reset, in_axes=(0, None))(keys, params)

    def body(carry, _):
        state, key = carry
        key, k_act, k_step = jax.random.split(key, 3)
        actions = jax.random.randint(k_act, (N,), 0, 2)
        # (obs, state, reward, done, info), or with terminated and truncated apart in newer gymnax.
        out = jax.vmap(env.step, in_axes=(0, 0, 0, None))(jax.random.split(k_step, N), state, actions, params)
        state, reward = out[1], out[2]
        return (state, key), reward.sum()

    (_, _), rewards = jax.lax.scan(body, (state, key), None, length=T)
    return rewards.sum()


run = jax.jit(rollout)
run(jax.random.PRNGKey(0)).block_until_ready()  # compile
best = 0.0
for r in range(3):
    t0 = time.perf_counter()
    run(jax.random.PRNGKey(r + 1)).block_until_ready()
    best = max(best, N * T / (time.perf_counter() - t0))
suffix = "gymnax_1thread" if threads == 1 else f"gymnax_{threads}threads"
print(json.dumps({f"vector_steps_per_s/CartPole-v1/n1024/{suffix}": best}))
