"""JAX peer for the `agents` benchmark group: PPO on CartPole-v1 for 1e5 steps,
written after PureJaxRL's ppo.py (the whole training loop is one jitted
function: lax.scan over updates, vmapped gymnax environments).

Hyperparameters are RL-Zoo's CartPole-v1 PPO (the same as Swiftlet's run):
8 envs x 32 steps, 20 epochs of one 256-sample minibatch, gamma 0.98,
GAE lambda 0.8, lr 1e-3 and clip 0.2 both annealed linearly to 0, ent_coef 0,
vf_coef 0.5, max_grad_norm 0.5, separate 64-64 tanh actor and critic MLPs with
orthogonal init (sqrt 2 hidden, 0.01 policy head, 1 value head), Adam eps 1e-5
(PureJaxRL's choice, which is also SB3's default for PPO). 1e5 // 256 = 390
updates (99,840 steps; SB3 rounds up to 391).
Where PureJaxRL and SB3 differ we follow SB3, which RL-Zoo runs: the value
loss is unclipped and weighted vf_coef * mean squared error, and truncated
(500-step) episodes bootstrap with V(final observation) rather than being
treated as terminal.

Runs on CPU with one thread. Prints one JSON object on stdout:
  ppo_cartpole_1e5_jax_train_s     median of 3 runs of the compiled function
  ppo_cartpole_1e5_jax_compile_s   median of 3 cold trace+lower+compile
  ppo_cartpole_1e5_jax_final_return  mean return of episodes that ended in the
                                     last 10% of training (stochastic policy)
Progress goes to stderr. Prints {} if jax/gymnax are not installed.
Run: /work/venv/bin/python Benchmarks/peers/ppo_jax_peer.py
Install: pip install jax optax flax six && pip install --no-deps gymnax
(gymnax 1.0.1 pins gymnasium<1.4, which would downgrade the gymnasium==1.4.0
that requirements.txt and the fixtures rely on; it imports six without
declaring it.)
"""
import json
import os
import statistics
import sys
import time

# Must be set before jax is imported: single-threaded CPU, like the Swift run.
os.environ["JAX_PLATFORMS"] = "cpu"
os.environ["OMP_NUM_THREADS"] = "1"
os.environ["XLA_FLAGS"] = (
    os.environ.get("XLA_FLAGS", "")
    + " --xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
).strip()

try:
    import jax
    import jax.numpy as jnp
    import flax.linen as nn
    import gymnax
    import numpy as np
    import optax
except ImportError as error:
    print(f"ppo_jax_peer: skipped ({error})", file=sys.stderr)
    print("{}")
    sys.exit(0)

NUM_ENVS, NUM_STEPS, EPOCHS = 8, 32, 20
TOTAL_STEPS = 100_000
NUM_UPDATES = TOTAL_STEPS // (NUM_ENVS * NUM_STEPS)  # 390
GAMMA, GAE_LAMBDA = 0.98, 0.8
LR, CLIP, VF_COEF, ENT_COEF, MAX_GRAD_NORM = 1e-3, 0.2, 0.5, 0.0, 0.5
REPEATS = 3


class ActorCritic(nn.Module):
    num_actions: int

    @nn.compact
    def __call__(self, x):
        def mlp(h, head, head_gain):
            for _ in range(2):
                h = nn.tanh(nn.Dense(64, kernel_init=nn.initializers.orthogonal(np.sqrt(2)),
                                     bias_init=nn.initializers.zeros)(h))
            return nn.Dense(head, kernel_init=nn.initializers.orthogonal(head_gain),
                            bias_init=nn.initializers.zeros)(h)

        logits = mlp(x, self.num_actions, 0.01)
        value = mlp(x, 1, 1.0)
        return logits, value[..., 0]


def make_train():
    env, env_params = gymnax.make("CartPole-v1")
    net = ActorCritic(env.action_space(env_params).n)
    # One optimiser step per epoch, so the schedule counts EPOCHS steps per update.
    lr = lambda count: LR * (1.0 - (count // EPOCHS) / NUM_UPDATES)
    tx = optax.chain(optax.clip_by_global_norm(MAX_GRAD_NORM), optax.adam(lr, eps=1e-5))
    reset = jax.vmap(env.reset, in_axes=(0, None))
    step = jax.vmap(env.step, in_axes=(0, 0, 0, None))

    def loss_fn(params, batch, clip):
        obs, act, old_logp, adv, ret = batch
        logits, value = net.apply(params, obs)
        logp_all = jax.nn.log_softmax(logits)
        logp = jnp.take_along_axis(logp_all, act[:, None], axis=1)[:, 0]
        adv = (adv - adv.mean()) / (adv.std() + 1e-8)
        ratio = jnp.exp(logp - old_logp)
        policy_loss = -jnp.minimum(ratio * adv, jnp.clip(ratio, 1 - clip, 1 + clip) * adv).mean()
        value_loss = jnp.mean((ret - value) ** 2)
        entropy = -(jnp.exp(logp_all) * logp_all).sum(-1).mean()
        return policy_loss + VF_COEF * value_loss - ENT_COEF * entropy

    def train(rng):
        rng, init_key, reset_key = jax.random.split(rng, 3)
        params = net.init(init_key, jnp.zeros((1, 4)))
        opt_state = tx.init(params)
        obs, env_state = reset(jax.random.split(reset_key, NUM_ENVS), env_params)
        ep_return = jnp.zeros(NUM_ENVS)

        def env_step(carry, _):
            params, env_state, obs, ep_return, rng = carry
            rng, act_key, step_key = jax.random.split(rng, 3)
            logits, value = net.apply(params, obs)
            action = jax.random.categorical(act_key, logits)
            logp = jax.nn.log_softmax(logits)[jnp.arange(NUM_ENVS), action]
            next_obs, env_state, reward, term, trunc, info = step(
                jax.random.split(step_key, NUM_ENVS), env_state, action, env_params)
            # SB3: a time-limit truncation bootstraps from the value of the last real state.
            _, final_value = net.apply(params, info["final_observation"])
            reward_b = reward + GAMMA * final_value * (trunc & ~term)
            done = (term | trunc).astype(jnp.float32)
            ep_return = ep_return + reward
            transition = (obs, action, logp, value, reward_b, done, ep_return)
            ep_return = ep_return * (1.0 - done)
            return (params, env_state, next_obs, ep_return, rng), transition

        def update(carry, update_idx):
            params, opt_state, env_state, obs, ep_return, rng = carry
            (_, env_state, obs, ep_return, rng), traj = jax.lax.scan(
                env_step, (params, env_state, obs, ep_return, rng), None, NUM_STEPS)
            t_obs, t_act, t_logp, t_value, t_reward, t_done, t_epret = traj
            _, last_value = net.apply(params, obs)

            def gae(carry, x):
                adv, next_value = carry
                reward, value, done = x
                delta = reward + GAMMA * next_value * (1 - done) - value
                adv = delta + GAMMA * GAE_LAMBDA * (1 - done) * adv
                return (adv, value), adv

            _, advantages = jax.lax.scan(gae, (jnp.zeros(NUM_ENVS), last_value),
                                         (t_reward, t_value, t_done), reverse=True)
            returns = advantages + t_value
            flat = lambda x: x.reshape((NUM_STEPS * NUM_ENVS,) + x.shape[2:])
            # batch == rollout: one full-batch minibatch per epoch, so no shuffling is needed.
            batch = tuple(map(flat, (t_obs, t_act, t_logp, advantages, returns)))
            clip = CLIP * (1.0 - update_idx / NUM_UPDATES)

            def epoch(carry, _):
                params, opt_state = carry
                grads = jax.grad(loss_fn)(params, batch, clip)
                updates, opt_state = tx.update(grads, opt_state, params)
                return (optax.apply_updates(params, updates), opt_state), None

            (params, opt_state), _ = jax.lax.scan(epoch, (params, opt_state), None, EPOCHS)
            metrics = (t_epret, t_done)
            return (params, opt_state, env_state, obs, ep_return, rng), metrics

        carry = (params, opt_state, env_state, obs, ep_return, rng)
        carry, metrics = jax.lax.scan(update, carry, jnp.arange(NUM_UPDATES))
        return carry[0], metrics

    return train


def final_return(metrics):
    ep_returns, dones = (np.asarray(m) for m in metrics)  # [updates, steps, envs]
    tail = slice(NUM_UPDATES - NUM_UPDATES // 10, NUM_UPDATES)
    finished = ep_returns[tail][dones[tail] > 0.5]
    return float(finished.mean()) if finished.size else float("nan")


def main():
    train = make_train()
    rng = jax.random.PRNGKey(0)
    print(f"ppo_jax_peer: jax {jax.__version__} on {jax.devices()[0]}, {NUM_UPDATES} updates",
          file=sys.stderr)

    compile_times, compiled = [], None
    for i in range(REPEATS):
        jax.clear_caches()  # each repeat is a cold trace + lower + XLA compile
        t0 = time.perf_counter()
        compiled = jax.jit(train).lower(rng).compile()
        compile_times.append(time.perf_counter() - t0)
        print(f"  compile {i}: {compile_times[-1]:.2f} s", file=sys.stderr)

    train_times, returns = [], []
    for i in range(REPEATS):
        t0 = time.perf_counter()
        out = jax.block_until_ready(compiled(rng))
        train_times.append(time.perf_counter() - t0)
        returns.append(final_return(out[1]))
        print(f"  train {i}: {train_times[-1]:.2f} s, final return {returns[-1]:.1f}",
              file=sys.stderr)

    print(json.dumps({
        "ppo_cartpole_1e5_jax_train_s": statistics.median(train_times),
        "ppo_cartpole_1e5_jax_compile_s": statistics.median(compile_times),
        "ppo_cartpole_1e5_jax_final_return": returns[-1],
    }))


if __name__ == "__main__":
    main()
