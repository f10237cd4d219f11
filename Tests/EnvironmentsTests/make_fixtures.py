"""Records Gymnasium 1.4 / NumPy reference data for SwiftletEnvironments tests.

Run: /work/venv/bin/python Tests/EnvironmentsTests/make_fixtures.py
Writes Tests/EnvironmentsTests/Fixtures/*.json. Floats are stored as the hex of
their IEEE bits (float32: 8 hex digits, float64: 16), concatenated per array, so
the Swift tests compare bit for bit.
"""
import json
import os
import struct

import gymnasium as gym
import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Fixtures")
os.makedirs(OUT, exist_ok=True)


def h32(values):
    return "".join(struct.pack(">f", float(v)).hex() for v in np.asarray(values, dtype=np.float32).ravel())


def h64(values):
    return "".join(struct.pack(">d", float(v)).hex() for v in np.asarray(values, dtype=np.float64).ravel())


def dump(name, obj):
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(obj, f, separators=(",", ":"))
    print(name, os.path.getsize(os.path.join(OUT, name)), "bytes")


# ---------------------------------------------------------------- NumPy RNG
def numpy_fixture():
    seeds = [0, 1, 2, 42, 123, 2**31 - 1, 2**32 - 1, 2**32, 2**40 + 7, 2**63 + 5, 2**64 - 1]
    out = {"seed_sequence": [], "pcg64": [], "uniform": [], "integers": [], "float32_trig": {}}
    for s in seeds:
        ss = np.random.SeedSequence(s)
        out["seed_sequence"].append({"seed": str(s), "state32": [int(x) for x in ss.generate_state(8, np.uint32)],
                                     "pool": [int(x) for x in ss.pool]})
        bg = np.random.PCG64(s)
        out["pcg64"].append({"seed": str(s), "next64": [str(int(x)) for x in bg.random_raw(8)]})
        g = np.random.default_rng(s)
        draws = []
        for lo, hi in [(-0.05, 0.05), (-0.6, -0.4), (-1.0, 1.0), (0.0, 1.0), (-np.pi, np.pi), (3.0, 1e6)]:
            draws.append(g.uniform(lo, hi))
        out["uniform"].append({"seed": str(s), "values": h64(draws),
                               "bounds": h64([(-0.05), 0.05, -0.6, -0.4, -1.0, 1.0, 0.0, 1.0, -np.pi, np.pi, 3.0, 1e6])})
    # integers(low, high) (exclusive high, int64) as Discrete/MultiDiscrete use them
    for s in [0, 7, 99]:
        g = np.random.default_rng(s)
        calls = []
        for lo, hi in [(0, 2), (0, 3), (0, 5), (0, 1), (0, 100), (-5, 5), (0, 2**32), (0, 2**32 + 1), (0, 2**40), (0, 7), (10, 2**62)]:
            v = int(g.integers(lo, hi))
            calls.append([str(lo), str(hi), str(v)])
        # mixed stream: integers then uniform then integers (buffered 32-bit halves)
        mixed = [str(int(g.integers(0, 3))), h64([g.uniform(0, 1)]), str(int(g.integers(0, 3))), str(int(g.integers(0, 3)))]
        out["integers"].append({"seed": s, "calls": calls, "mixed": mixed})
    rng = np.random.default_rng(5)
    xs = np.concatenate([rng.uniform(-0.1, 0.1, 3000), rng.uniform(-4, 4, 3000), rng.uniform(-200, 200, 500)]).astype(np.float32)
    out["float32_trig"] = {"x": h32(xs), "cos": h32(np.cos(xs)), "sin": h32(np.sin(xs))}
    dump("numpy_random.json", out)


# ---------------------------------------------------------------- spaces
def spaces_fixture():
    from gymnasium import spaces
    out = {"discrete": [], "box": [], "multi_discrete": []}
    for n, start in [(2, 0), (3, 0), (5, 0), (7, -3), (100, 0), (1, 0)]:
        for s in [0, 1, 42, 2024]:
            sp = spaces.Discrete(n, start=start)
            sp.seed(s)
            out["discrete"].append({"n": n, "start": start, "seed": s, "samples": [int(sp.sample()) for _ in range(40)]})
    boxes = [(np.array([-2.0], np.float32), np.array([2.0], np.float32)),
             (np.array([-1.0], np.float32), np.array([1.0], np.float32)),
             (np.array([-1.0, -2.0, 0.0], np.float32), np.array([1.0, 3.0, 10.0], np.float32))]
    for lo, hi in boxes:
        for s in [0, 3, 77]:
            sp = spaces.Box(lo, hi, dtype=np.float32)
            sp.seed(s)
            out["box"].append({"low": h32(lo), "high": h32(hi), "seed": s,
                               "samples": h32(np.stack([sp.sample() for _ in range(20)]))})
    for nvec in [[2, 3], [5, 2, 7]]:
        sp = spaces.MultiDiscrete(nvec)
        sp.seed(11)
        out["multi_discrete"].append({"nvec": nvec, "seed": 11, "samples": [[int(v) for v in sp.sample()] for _ in range(20)]})
    dump("spaces.json", out)


# ---------------------------------------------------------------- environments
def internal_state(env_id, u):
    s = u.state
    if env_id == "MountainCar-v0":
        return h64([float(s[0]), float(s[1])])
    if env_id == "MountainCarContinuous-v0":
        return h64([float(s[0]), float(s[1])])
    return h64(np.asarray(s, dtype=np.float64))


def set_state(env_id, u, st):
    if env_id == "MountainCarContinuous-v0":
        u.state = np.array(st, dtype=np.float32)       # as after a step
    elif env_id == "MountainCar-v0":
        u.state = (np.float64(st[0]), np.float64(st[1]))
    else:
        u.state = np.array(st, dtype=np.float64)
    if env_id == "CartPole-v1":
        u.steps_beyond_terminated = None


def set_states(env_id, rng):
    """20 set states per env, chosen to reach terminations, walls and bounds."""
    out = []
    if env_id == "CartPole-v1":
        for i in range(20):
            if i < 6:
                out.append([rng.uniform(-2.3, 2.3), rng.uniform(-2, 2), rng.uniform(-0.2, 0.2), rng.uniform(-2, 2)])
            elif i < 12:  # near the track edges moving outwards
                side = 1 if i % 2 else -1
                out.append([side * rng.uniform(2.2, 2.39), side * rng.uniform(0.5, 2.0), rng.uniform(-0.05, 0.05), rng.uniform(-0.3, 0.3)])
            else:  # pole falling
                out.append([rng.uniform(-1, 1), rng.uniform(-1, 1), rng.uniform(-0.2, 0.2), rng.uniform(-3, 3)])
    elif env_id in ("MountainCar-v0", "MountainCarContinuous-v0"):
        for i in range(20):
            if i < 7:  # left wall with negative velocity
                out.append([rng.uniform(-1.2, -1.05), -rng.uniform(0.0, 0.07)])
            elif i < 14:  # near the goal
                out.append([rng.uniform(0.3, 0.59), rng.uniform(-0.02, 0.07)])
            else:
                out.append([rng.uniform(-1.2, 0.6), rng.uniform(-0.07, 0.07)])
        out[0] = [-1.2, -0.05]
        out[1] = [float(np.float32(-1.2)), -0.01]
        out[2] = [0.6, 0.07]
    elif env_id == "Acrobot-v1":
        for i in range(20):
            vel = (4 + i) if i >= 10 else 1.0
            out.append([rng.uniform(-np.pi, np.pi), rng.uniform(-np.pi, np.pi),
                        rng.uniform(-vel, vel) * (3 if i >= 15 else 1), rng.uniform(-vel, vel) * (3 if i >= 15 else 1)])
    elif env_id == "Pendulum-v1":
        for i in range(20):
            out.append([rng.uniform(-4 * np.pi, 4 * np.pi), rng.uniform(-8, 8)])
    return out


def random_action(env_id, rng, wide):
    if env_id == "CartPole-v1":
        return int(rng.integers(0, 2))
    if env_id in ("MountainCar-v0", "Acrobot-v1"):
        return int(rng.integers(0, 3))
    bound = 1.0 if env_id == "MountainCarContinuous-v0" else 2.0
    scale = 1.6 if wide else 1.0
    a = np.array([rng.uniform(-bound * scale, bound * scale)], dtype=np.float32)
    if wide and rng.uniform() < 0.1:
        a[0] = np.float32(rng.choice([bound, -bound]))
    return a


def encode_actions(env_id, actions):
    if env_id in ("CartPole-v1", "MountainCar-v0", "Acrobot-v1"):
        return actions
    return h32(np.array([a[0] for a in actions], dtype=np.float32))


def env_fixture(env_id, seed_base):
    env = gym.make(env_id)
    u = env.unwrapped
    rng = np.random.default_rng(seed_base)
    cases = []
    set_list = set_states(env_id, rng)
    n_cases = 26
    for c in range(n_cases):
        steps = 200
        case = {}
        if c < 6:
            u.reset(seed=1000 + c)
            case["reset_seed"] = 1000 + c
        else:
            u.reset(seed=0)
            st = set_list[c - 6]
            set_state(env_id, u, st)
            case["state"] = internal_state(env_id, u)
        wide = c % 2 == 1
        cont_after_term = env_id == "CartPole-v1" and c in (7, 9, 11)
        actions, obs, rew, term, states = [], [], [], [], []
        extra = 0
        for t in range(steps):
            a = random_action(env_id, rng, wide)
            o, r, te, tr, _ = u.step(a)
            actions.append(a)
            obs.append(o)
            rew.append(float(r))
            term.append(bool(te))
            states.append(internal_state(env_id, u))
            if te:
                if cont_after_term and extra < 4:
                    extra += 1
                    continue
                break
        case.update({"actions": encode_actions(env_id, actions), "obs": h32(np.stack(obs)), "rewards": h64(rew),
                     "terminated": [int(x) for x in term], "states": "".join(states)})
        cases.append(case)
    # reset observations for seeds 0..99, plus unseeded resets continuing the stream
    resets = []
    for s in range(100):
        o, _ = u.reset(seed=s)
        first = h32(o)
        st = internal_state(env_id, u)
        o2, _ = u.reset()
        resets.append({"seed": s, "obs": first, "state": st, "next_obs": h32(o2)})
    opts = []
    if env_id == "Pendulum-v1":
        o, _ = u.reset(seed=5, options={"x_init": 1.0, "y_init": 0.5})
        opts.append({"seed": 5, "x_init": 1.0, "y_init": 0.5, "obs": h32(o)})
    else:
        o, _ = u.reset(seed=5, options={"low": -0.2, "high": 0.3})
        opts.append({"seed": 5, "low": -0.2, "high": 0.3, "obs": h32(o)})
    spec = env.spec
    meta = {"id": env_id, "max_episode_steps": spec.max_episode_steps, "reward_threshold": spec.reward_threshold,
            "obs_low": h32(u.observation_space.low), "obs_high": h32(u.observation_space.high)}
    if hasattr(u.action_space, "n"):
        meta["action_n"] = int(u.action_space.n)
    else:
        meta["action_low"] = h32(u.action_space.low)
        meta["action_high"] = h32(u.action_space.high)
    dump(f"env_{env_id}.json", {"meta": meta, "cases": cases, "resets": resets, "reset_options": opts})


# ---------------------------------------------------------------- wrappers
def wrappers_fixture():
    out = {}
    rng = np.random.default_rng(3)
    # NormalizeObservation (float32 running stats) + NormalizeReward (float64) on CartPole-v1 with TimeLimit
    env = gym.make("CartPole-v1")
    env = gym.wrappers.NormalizeReward(gym.wrappers.NormalizeObservation(env), gamma=0.99)
    acts, obs, rews, dones = [], [], [], []
    o, _ = env.reset(seed=9)
    first = h32(o)
    for t in range(400):
        a = int(rng.integers(0, 2))
        o, r, te, tr, _ = env.step(a)
        acts.append(a); obs.append(o); rews.append(float(r)); dones.append(int(te or tr))
        if te or tr:
            o, _ = env.reset()
            obs.append(o)
    nobs = env.env
    out["normalize"] = {"seed": 9, "actions": acts, "first_obs": first, "obs": h32(np.stack(obs)), "rewards": h64(rews),
                        "dones": dones, "obs_mean": h32(nobs.obs_rms.mean), "obs_var": h32(nobs.obs_rms.var),
                        "obs_count": h64([nobs.obs_rms.count]), "ret_mean": h64([env.return_rms.mean]),
                        "ret_var": h64([env.return_rms.var]), "ret_count": h64([env.return_rms.count])}
    # RecordEpisodeStatistics over MountainCar-v0 (time limit 200) and CartPole-v1
    eps = []
    for env_id in ["CartPole-v1", "MountainCar-v0"]:
        env = gym.wrappers.RecordEpisodeStatistics(gym.make(env_id))
        env.reset(seed=21)
        acts = []
        records = []
        for t in range(1500):
            a = int(rng.integers(0, env.action_space.n))
            acts.append(a)
            _, _, te, tr, info = env.step(a)
            if te or tr:
                records.append([t, float(info["episode"]["r"]), int(info["episode"]["l"]), int(te), int(tr)])
                env.reset()
        eps.append({"id": env_id, "seed": 21, "actions": acts, "episodes": records})
    out["episode_statistics"] = eps
    # FrameStackObservation(Pendulum, 3), padding "reset"
    env = gym.wrappers.FrameStackObservation(gym.make("Pendulum-v1"), 3)
    o, _ = env.reset(seed=4)
    frames = [o]
    acts = []
    for t in range(5):
        a = np.array([rng.uniform(-2, 2)], np.float32)
        acts.append(a)
        o, *_ = env.step(a)
        frames.append(o)
    out["frame_stack"] = {"seed": 4, "actions": h32(np.array([a[0] for a in acts])), "frames": h32(np.stack(frames))}
    # RescaleAction(Pendulum, -1, 1): the action the base env receives
    env = gym.wrappers.RescaleAction(gym.make("Pendulum-v1"), -1.0, 1.0)
    ins = np.array([-1.0, -0.5, 0.0, 0.3, 1.0, 0.77], np.float32)
    outs = [env.action(np.array([x], np.float32))[0] for x in ins]
    out["rescale_action"] = {"in": h32(ins), "out": h32(np.array(outs, np.float32))}
    dump("wrappers.json", out)


# ---------------------------------------------------------------- vector envs
def vector_fixture():
    from gymnasium.vector import AutoresetMode
    out = {}
    rng = np.random.default_rng(8)
    for mode_name, mode in [("same_step", AutoresetMode.SAME_STEP), ("next_step", AutoresetMode.NEXT_STEP)]:
        for env_id in ["CartPole-v1", "Pendulum-v1"]:
            n = 4
            venv = gym.make_vec(env_id, num_envs=n, vectorization_mode="sync", vector_kwargs={"autoreset_mode": mode})
            o, _ = venv.reset(seed=42)
            steps = 260 if env_id == "CartPole-v1" else 230
            acts, obs, rews, terms, truncs, finals = [], [o], [], [], [], []
            for t in range(steps):
                if env_id == "CartPole-v1":
                    a = rng.integers(0, 2, size=n)
                else:
                    a = rng.uniform(-2, 2, size=(n, 1)).astype(np.float32)
                o, r, te, tr, info = venv.step(a)
                acts.append(a); obs.append(o); rews.append(r); terms.append(te); truncs.append(tr)
                if mode == AutoresetMode.SAME_STEP and "final_obs" in info:
                    for i in range(n):
                        if info["_final_obs"][i]:
                            finals.append([t, i, h32(info["final_obs"][i])])
            enc = [int(x) for x in np.array(acts).ravel()] if env_id == "CartPole-v1" else h32(np.array(acts))
            out[f"{env_id}/{mode_name}"] = {"n": n, "seed": 42, "actions": enc, "obs": h32(np.stack(obs)),
                                           "rewards": h64(np.stack(rews)), "terminated": [int(x) for x in np.stack(terms).ravel()],
                                           "truncated": [int(x) for x in np.stack(truncs).ravel()], "finals": finals}
    dump("vector.json", out)


# ---------------------------------------------------------------- state API
def set_state_as_reset(env_id, u, st):
    """Assigns `st` with the dtype each env's reset gives its state (the
    contract of StatefulEnvironment.setState): float32 for Acrobot, float64
    arrays otherwise (MountainCarContinuous then steps in float64 once)."""
    if env_id == "Acrobot-v1":
        u.state = np.array(st, dtype=np.float64).astype(np.float32)
    else:
        u.state = np.array(st, dtype=np.float64)
    if env_id == "CartPole-v1":
        u.steps_beyond_terminated = None


def current_obs(env_id, u):
    if env_id == "Acrobot-v1":
        return u._get_ob()
    if env_id == "Pendulum-v1":
        return u._get_obs()
    return np.array(u.state, dtype=np.float32)


def state_api_fixture():
    out = {}
    rng = np.random.default_rng(77)
    for i, env_id in enumerate(["CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Acrobot-v1", "Pendulum-v1"]):
        u = gym.make(env_id).unwrapped
        cases = []
        for st in set_states(env_id, np.random.default_rng(300 + i))[:8]:
            u.reset(seed=0)
            set_state_as_reset(env_id, u, st)
            case = {"set": h64(st), "state": internal_state(env_id, u), "obs0": h32(current_obs(env_id, u))}
            actions, obs, rew, term, states = [], [], [], [], []
            for t in range(30):
                a = random_action(env_id, rng, False)
                o, r, te, tr, _ = u.step(a)
                actions.append(a); obs.append(o); rew.append(float(r)); term.append(bool(te))
                states.append(internal_state(env_id, u))
                if te:
                    break
            case.update({"actions": encode_actions(env_id, actions), "obs": h32(np.stack(obs)), "rewards": h64(rew),
                         "terminated": [int(x) for x in term], "states": "".join(states)})
            cases.append(case)
        out[env_id] = cases
    dump("state_api.json", out)


if __name__ == "__main__":
    import sys
    if sys.argv[1:] == ["state_api"]:      # only the state API fixture
        state_api_fixture()
        sys.exit(0)
    state_api_fixture()
    numpy_fixture()
    spaces_fixture()
    for i, e in enumerate(["CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Acrobot-v1", "Pendulum-v1"]):
        env_fixture(e, 100 + i)
    wrappers_fixture()
    vector_fixture()
