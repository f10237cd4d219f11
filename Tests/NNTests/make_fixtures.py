"""Fixtures for NNTests, computed with PyTorch / safetensors (the spec).

Run from the repository root:  /work/venv/bin/python Tests/NNTests/make_fixtures.py
Writes Tests/NNTests/Fixtures/{optimizers,mlp_training,distributions,gsde,torch_mlp}.json,
python_written.safetensors (+ .json with its expected values) and torch_mlp.safetensors.
If Fixtures/swift_written.safetensors exists (written by the Swift test
`swiftWrittenCheckpointMatchesCommittedFile` when NN_WRITE_FIXTURES=1), it is
opened with Python's safetensors and checked against the values the Swift test
encodes; a mismatch raises.
"""
import json, math, os
import numpy as np
import torch
from safetensors.numpy import load_file as np_load_file, save_file as np_save_file
from safetensors.torch import save_file as torch_save_file
from safetensors import safe_open

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Fixtures")
torch.set_num_threads(1)


def tolist(t):
    return [float(x) for x in t.detach().reshape(-1).tolist()]


def dump(name, obj):
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(obj, f, separators=(",", ":"))


# ---------------------------------------------------------------- optimizers
def optimizer_cases():
    return [
        ("sgd_plain", "sgd", dict(lr=0.1)),
        ("sgd_momentum", "sgd", dict(lr=0.05, momentum=0.9)),
        ("sgd_dampening_wd", "sgd", dict(lr=0.05, momentum=0.9, dampening=0.1, weight_decay=0.01)),
        ("sgd_nesterov_wd", "sgd", dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.05)),
        ("adam_default", "adam", dict()),
        ("adam_lr", "adam", dict(lr=0.05)),
        ("adam_wd_betas", "adam", dict(lr=0.02, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1)),
        ("adam_amsgrad", "adam", dict(lr=0.03, amsgrad=True)),
        ("rmsprop_default", "rmsprop", dict()),
        ("rmsprop_centered", "rmsprop", dict(lr=0.01, centered=True)),
        ("rmsprop_momentum", "rmsprop", dict(lr=0.005, momentum=0.9, eps=1e-5)),
        ("rmsprop_all", "rmsprop", dict(lr=0.01, alpha=0.9, momentum=0.5, centered=True, weight_decay=0.02)),
    ]


def run_optimizer(kind, hyper, dtype, steps=6, seed=0):
    g = torch.Generator().manual_seed(seed)
    shapes = [[3, 4], [4], [2]]
    init = [torch.randn(s, generator=g, dtype=torch.float64).to(dtype) for s in shapes]
    params = [torch.nn.Parameter(t.clone()) for t in init]
    cls = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam, "rmsprop": torch.optim.RMSprop}[kind]
    opt = cls(params, **hyper)
    base_lr = opt.param_groups[0]["lr"]
    record = {"init": [tolist(t) for t in init], "shapes": shapes, "steps": []}
    for k in range(steps):
        lr = base_lr if k < 3 else base_lr * 0.5          # exercises settable learning rates
        opt.param_groups[0]["lr"] = lr
        grads = []
        for i, p in enumerate(params):
            if i == 2 and k < 2:                          # param 2 has no grad for two steps
                p.grad = None
                grads.append(None)
                continue
            gr = (torch.randn(p.shape, generator=g, dtype=torch.float64) * (1 + k)).to(dtype)
            p.grad = gr.clone()
            grads.append(tolist(gr))
        opt.step()
        record["steps"].append({"lr": lr, "grads": grads, "params": [tolist(p) for p in params]})
    state = {}
    for i, p in enumerate(params):
        for key, v in opt.state[p].items():
            state[f"state.{i}.{key}"] = tolist(v) if key != "step" else [float(v)]
    record["state"] = state
    return record


def make_optimizers():
    out = []
    for name, kind, hyper in optimizer_cases():
        for dtype, dname in [(torch.float32, "float32"), (torch.float64, "float64")]:
            rec = run_optimizer(kind, hyper, dtype)
            h = dict(hyper)
            if "betas" in h:
                h["betas"] = list(h["betas"])
            out.append({"name": name, "optimizer": kind, "hyper": h, "dtype": dname, **rec})
    dump("optimizers.json", out)


# ------------------------------------------------ MLP training, autograd end to end
def make_mlp_training():
    torch.manual_seed(1)
    sizes = [3, 8, 8, 2]
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]).double())
        if i < len(sizes) - 2:
            layers.append(torch.nn.Tanh())
    net = torch.nn.Sequential(*layers)
    x = torch.randn(16, 3, dtype=torch.float64)
    y = torch.randn(16, 2, dtype=torch.float64)
    init = {k: tolist(v) for k, v in net.state_dict().items()}
    shapes = {k: list(v.shape) for k, v in net.state_dict().items()}
    opt = torch.optim.Adam(net.parameters(), lr=0.01)
    losses, norms, params = [], [], []
    for _ in range(5):
        opt.zero_grad()
        loss = ((net(x) - y) ** 2).mean()
        loss.backward()
        norm = torch.nn.utils.clip_grad_norm_(net.parameters(), 0.5)
        opt.step()
        losses.append(float(loss))
        norms.append(float(norm))
        params.append({k: tolist(v) for k, v in net.state_dict().items()})
    dump("mlp_training.json", {"sizes": sizes, "init": init, "shapes": shapes, "x": tolist(x), "y": tolist(y),
                               "losses": losses, "norms": norms, "params": params})


# ------------------------------------------------------------------ distributions
def make_distributions():
    g = torch.Generator().manual_seed(2)
    dt = torch.float64
    B, A = 5, 4
    logits = (torch.randn(B, A, generator=g, dtype=dt) * 2).requires_grad_()
    actions = torch.tensor([0, 3, 1, 2, 3])
    w = torch.randn(B, generator=g, dtype=dt)
    d = torch.distributions.Categorical(logits=logits)
    lp = d.log_prob(actions)
    ent = d.entropy()
    (lp * w).sum().add(0.3 * ent.sum()).backward()
    cat = {"logits": tolist(logits), "shape": [B, A], "actions": actions.tolist(), "weights": tolist(w),
           "log_prob": tolist(lp), "entropy": tolist(ent), "probs": tolist(d.probs), "mode": d.mode.tolist(),
           "grad": tolist(logits.grad)}

    # Masked, as sb3_contrib's MaskableCategorical: logits → -1e8 where masked,
    # entropy terms of masked actions are zeroed.
    mask = torch.tensor([[1, 1, 0, 1], [0, 1, 1, 1], [1, 0, 0, 0], [1, 1, 1, 1], [0, 0, 1, 1]], dtype=torch.bool)
    actions_m = torch.tensor([1, 3, 0, 2, 2])
    logits2 = logits.detach().clone().requires_grad_()
    ml = torch.where(mask, logits2, torch.tensor(-1e8, dtype=dt))
    dm = torch.distributions.Categorical(logits=ml)
    lpm = dm.log_prob(actions_m)
    p_log_p = dm.logits * dm.probs
    p_log_p = torch.where(mask, p_log_p, torch.tensor(0.0, dtype=dt))
    entm = -p_log_p.sum(-1)
    (lpm * w).sum().add(0.3 * entm.sum()).backward()
    masked = {"mask": mask.reshape(-1).tolist(), "actions": actions_m.tolist(), "log_prob": tolist(lpm),
              "entropy": tolist(entm), "probs": tolist(dm.probs), "mode": dm.mode.tolist(), "grad": tolist(logits2.grad)}

    # Extreme logits: stability of log-sum-exp.
    big = torch.tensor([[1000.0, 0.0, -1000.0], [-500.0, -500.0, -501.0]], dtype=dt, requires_grad=True)
    db = torch.distributions.Categorical(logits=big)
    lpb = db.log_prob(torch.tensor([1, 2]))
    entb = db.entropy()
    (lpb.sum() + entb.sum()).backward()
    extreme = {"logits": tolist(big), "shape": [2, 3], "actions": [1, 2], "log_prob": tolist(lpb),
               "entropy": tolist(entb), "grad": tolist(big.grad)}

    # Diagonal normal with a state-independent log_std (SB3's layout) and a full one.
    mean = torch.randn(B, 3, generator=g, dtype=dt).requires_grad_()
    log_std = (torch.randn(3, generator=g, dtype=dt) * 0.5).requires_grad_()
    acts = torch.randn(B, 3, generator=g, dtype=dt)
    n = torch.distributions.Normal(mean, log_std.exp())
    nlp = n.log_prob(acts).sum(-1)
    nent = n.entropy().sum(-1)
    (nlp * w).sum().add(0.7 * nent.sum()).backward()
    normal = {"mean": tolist(mean), "shape": [B, 3], "log_std": tolist(log_std), "actions": tolist(acts),
              "weights": tolist(w), "log_prob": tolist(nlp), "entropy": tolist(nent),
              "grad_mean": tolist(mean.grad), "grad_log_std": tolist(log_std.grad)}
    dump("distributions.json", {"categorical": cat, "masked": masked, "extreme": extreme, "normal": normal})


# --------------------------------------------------------------- gSDE
def make_gsde():
    """SB3's StateDependentNoiseDistribution (the spec for gSDE): log-prob,
    entropy and their gradients in mean and log_std, and the noise of given
    exploration matrices, for full_std with exp and one-sigma-per-feature
    with expln (log_std values on both sides of 0)."""
    from stable_baselines3.common.distributions import StateDependentNoiseDistribution
    torch.set_default_dtype(torch.float64)
    g = torch.Generator().manual_seed(11)
    cases = {}
    for name, full_std, use_expln, (B, H, D) in [("full_exp", True, False, (6, 5, 3)),
                                                ("column_expln", False, True, (4, 7, 2))]:
        dist = StateDependentNoiseDistribution(D, full_std=full_std, use_expln=use_expln)
        dist.proba_distribution_net(H, log_std_init=0.0)
        log_std = (torch.randn(H, D if full_std else 1, generator=g) * 0.8).requires_grad_()
        mean = torch.randn(B, D, generator=g).requires_grad_()
        latent = torch.randn(B, H, generator=g).tanh()
        actions = torch.randn(B, D, generator=g)
        w = torch.randn(B, generator=g)
        dist.proba_distribution(mean, log_std, latent)
        lp = dist.log_prob(actions)
        ent = dist.entropy()
        (lp * w).sum().add(0.4 * ent.sum()).backward()
        dist.sample_weights(log_std.detach(), batch_size=B)
        noise_batch = dist.get_noise(latent)          # one matrix per row
        noise_single = torch.mm(latent, dist.exploration_mat)
        cases[name] = {"B": B, "H": H, "D": D, "full_std": full_std, "use_expln": use_expln,
                       "log_std": tolist(log_std), "mean": tolist(mean), "latent": tolist(latent),
                       "actions": tolist(actions), "weights": tolist(w),
                       "log_prob": tolist(lp), "entropy": tolist(ent),
                       "grad_mean": tolist(mean.grad), "grad_log_std": tolist(log_std.grad),
                       "std": tolist(dist.get_std(log_std.detach())),
                       "matrices": tolist(dist.exploration_matrices), "noise": tolist(noise_batch),
                       "matrix": tolist(dist.exploration_mat), "noise_single": tolist(noise_single)}
    torch.set_default_dtype(torch.float32)
    dump("gsde.json", cases)


# --------------------------------------------------------------- safetensors files
def make_python_written():
    tensors = {
        "f32": np.array([[1.5, -2.25, 3.0], [1e-8, -0.0, 65504.0]], dtype=np.float32),
        "f64": np.array([1.0 / 3.0, -2.5e300, 5e-324, math.pi], dtype=np.float64),
        "i64": np.array([-(2 ** 62), 0, 2 ** 40 + 7], dtype=np.int64),
        "i32": np.array([[-2147483648, 1], [2, 2147483647]], dtype=np.int32),
        "u8": np.array([0, 1, 127, 128, 255], dtype=np.uint8),
        "flags": np.array([True, False, True], dtype=np.bool_),
        "f16": np.array([1.0, -0.5, 65504.0, 6e-8], dtype=np.float16),
        "i16": np.array([-32768, 5, 32767], dtype=np.int16),
        "i8": np.array([-128, 0, 127], dtype=np.int8),
        "scalar": np.array(2.5, dtype=np.float32),
        "empty": np.zeros((0, 3), dtype=np.float32),
        "nested.name.0.weight": np.arange(6, dtype=np.float32).reshape(2, 3) / 7,
    }
    meta = {"format": "np", "config": "env: CartPole-v1\nlr: 0.0003", "note": "quote \" and \\ and λ"}
    np_save_file(tensors, os.path.join(HERE, "python_written.safetensors"), metadata=meta)
    # BF16 through torch (numpy has no bfloat16).
    bt = {"bf16": torch.tensor([1.0, -3.5, 0.0078125], dtype=torch.bfloat16)}
    torch_save_file(bt, os.path.join(HERE, "python_written_bf16.safetensors"))
    expected = {k: {"shape": list(v.shape), "values": [float(x) if v.dtype.kind == "f" else (bool(x) if v.dtype == np.bool_ else int(x)) for x in v.reshape(-1)]}
                for k, v in tensors.items()}
    expected["bf16"] = {"shape": [3], "values": [1.0, -3.5, 0.0078125]}
    dump("python_written.json", {"tensors": expected, "metadata": meta})


def make_torch_mlp():
    torch.manual_seed(3)
    net = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.Tanh(), torch.nn.Linear(8, 8), torch.nn.ReLU(), torch.nn.Linear(8, 2))
    torch_save_file(net.state_dict(), os.path.join(HERE, "torch_mlp.safetensors"), metadata={"arch": "4-8-8-2"})
    x = torch.randn(3, 4)
    with torch.no_grad():
        y = net(x)
    dump("torch_mlp.json", {"x": tolist(x), "y": tolist(y)})


# The tensors the Swift test `swiftWrittenCheckpointMatchesCommittedFile` writes.
SWIFT_WRITTEN = {
    "model.0.weight": ("F32", [2, 3], [0.5, -1.25, 3.0, 1e-8, -0.0, 65504.0]),
    "model.0.bias": ("F64", [2], [1.0 / 3.0, -2.5e300]),
    "steps": ("I64", [], [123456789012]),
    "counts": ("I32", [3], [-1, 0, 2147483647]),
    "pixels": ("U8", [2, 2], [0, 7, 128, 255]),
    "mask": ("BOOL", [3], [True, False, True]),
    "empty": ("F32", [0, 4], []),
}
SWIFT_METADATA = {"config": "env: CartPole-v1\nlr: 3e-4", "quote": "a \"quoted\" \\ value", "unicode": "λ→✓"}


def check_swift_written():
    path = os.path.join(HERE, "swift_written.safetensors")
    if not os.path.exists(path):
        print("swift_written.safetensors not present; skipped the Python-side check")
        return
    loaded = np_load_file(path)
    assert set(loaded) == set(SWIFT_WRITTEN), (sorted(loaded), sorted(SWIFT_WRITTEN))
    np_dtype = {"F32": np.float32, "F64": np.float64, "I64": np.int64, "I32": np.int32, "U8": np.uint8, "BOOL": np.bool_}
    for name, (dt, shape, values) in SWIFT_WRITTEN.items():
        a = loaded[name]
        assert a.dtype == np_dtype[dt], (name, a.dtype)
        assert list(a.shape) == shape, (name, a.shape)
        want = np.array(values, dtype=np_dtype[dt]).reshape(shape)
        assert np.array_equal(a, want), (name, a, want)
    with safe_open(path, framework="np") as f:
        assert f.metadata() == SWIFT_METADATA, f.metadata()
    # And through torch, as a user would.
    from safetensors.torch import load_file as torch_load_file
    t = torch_load_file(path)
    assert t["model.0.weight"].dtype == torch.float32 and t["steps"].item() == 123456789012
    print("swift_written.safetensors: loaded by Python safetensors with the expected values and metadata")


if __name__ == "__main__":
    import sys
    os.makedirs(HERE, exist_ok=True)
    if sys.argv[1:] == ["gsde"]:  # only the gSDE fixture
        make_gsde()
        sys.exit(0)
    make_gsde()
    make_optimizers()
    make_mlp_training()
    make_distributions()
    make_python_written()
    make_torch_mlp()
    check_swift_written()
