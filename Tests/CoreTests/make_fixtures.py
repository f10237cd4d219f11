#!/usr/bin/env python3
"""Generates the PyTorch and NumPy reference fixtures for CoreTests.

Run from the repository root with a Python that has torch and numpy
(`pip install torch numpy`):

    /work/venv/bin/python Tests/CoreTests/make_fixtures.py

Writes Tests/CoreTests/Fixtures/ops.json (forward values and gradients of
every differentiable op in float64, for a fixed upstream gradient) and
Tests/CoreTests/Fixtures/pcg64.json (NumPy PCG64 streams). The Swift tests
(OpFixtureTests.swift, RandomTests.swift) name each case; the two lists must
match.
"""
import json
import os

import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Fixtures")
rng = np.random.default_rng(20240607)


def uni(shape, lo=-1.0, hi=1.0):
    return rng.uniform(lo, hi, size=shape)


def away(shape, lo=0.2, hi=1.5):
    """Values with |x| in [lo, hi) and random sign (away from kinks at 0)."""
    return rng.uniform(lo, hi, size=shape) * rng.choice([-1.0, 1.0], size=shape)


def enc(t):
    t = torch.as_tensor(t)
    return {"shape": list(t.shape), "data": [float(v) for v in t.detach().reshape(-1).tolist()]}


cases = {}


def case(name, inputs, fn, indices=(), grad=True):
    xs = [torch.tensor(np.asarray(x, dtype=np.float64), requires_grad=grad) for x in inputs]
    idx = [torch.tensor(np.asarray(i, dtype=np.int64)) for i in indices]
    out = fn(*xs, *idx)
    entry = {"inputs": [enc(x) for x in xs], "indices": [enc(i.double()) for i in idx], "output": enc(out)}
    if grad:
        up = torch.tensor(uni(tuple(out.shape)))
        out.backward(up)
        entry["upstream"] = enc(up)
        entry["grads"] = [enc(x.grad) if x.grad is not None else enc(torch.zeros_like(x)) for x in xs]
    cases[name] = entry


# Arithmetic, broadcasting
case("add_bcast", [uni((3, 1)), uni((1, 4))], lambda a, b: a + b)
case("add_rank", [uni((2, 3, 4)), uni((4,))], lambda a, b: a + b)
case("add_scalar_tensor", [uni((2, 3)), uni(())], lambda a, b: a + b)
case("sub_bcast", [uni((2, 3, 4)), uni((3, 1))], lambda a, b: a - b)
case("mul_bcast", [uni((2, 3)), uni((2, 1))], lambda a, b: a * b)
case("mul_same", [uni((3, 4)), uni((3, 4))], lambda a, b: a * b)
case("div_bcast", [uni((3, 4)), uni((4,), 0.5, 2.0)], lambda a, b: a / b)
case("scalar_ops", [uni((5,))], lambda a: (2.0 - a) * 3.0 + 1.0 / (a + 3.0) - a / 4.0 + (a - 0.5) * (0.5 + a))
case("neg", [uni((2, 3))], lambda a: -a)

# Elementwise
case("pow3", [uni((3, 4))], lambda a: a.pow(3))
case("pow_half", [uni((3, 4), 0.2, 2.0)], lambda a: a.pow(0.5))
case("pow_neg", [uni((3, 4), 0.2, 2.0)], lambda a: a.pow(-1.5))
case("square", [uni((3, 4))], lambda a: a.square())
case("sqrt", [uni((3, 4), 0.1, 3.0)], lambda a: a.sqrt())
case("exp", [uni((3, 4), -3, 3)], lambda a: a.exp())
case("log", [uni((3, 4), 0.1, 5.0)], lambda a: a.log())
case("abs", [away((3, 4))], lambda a: a.abs())
case("tanh", [uni((3, 4), -4, 4)], lambda a: a.tanh())
case("relu", [away((3, 4))], lambda a: a.relu())
case("sigmoid", [uni((3, 4), -30, 30)], lambda a: a.sigmoid())
case("softplus", [np.array([[-30.0, -2.0, -0.3, 0.0], [0.7, 5.0, 19.5, 25.0]])], lambda a: F.softplus(a))
case("clamp", [np.array([[-2.0, -0.5, -0.1, 0.0], [0.2, 0.35, 0.9, 3.0]])], lambda a: a.clamp(-0.3, 0.4))
case("clamp_min", [away((3, 4))], lambda a: a.clamp(min=0.1))
ta = uni((3, 4)); tb = uni((4,)); ta[1, :] = tb  # a row of exact ties: half gradient each
case("maximum_ties", [ta, tb], lambda a, b: torch.maximum(a, b))
case("minimum_ties", [ta, tb], lambda a, b: torch.minimum(a, b))
case("maximum", [uni((3, 4)), uni((3, 1))], lambda a, b: torch.maximum(a, b))
case("minimum", [uni((3, 4)), uni((3, 1))], lambda a, b: torch.minimum(a, b))
case("where", [away((3, 4)), uni((4,))], lambda a, b: torch.where(a > 0, a, b))

# Matrix products
case("matmul_2d", [uni((3, 4)), uni((4, 5))], lambda a, b: a @ b)
case("matmul_batched", [uni((2, 3, 4)), uni((2, 4, 5))], lambda a, b: a @ b)
case("matmul_shared", [uni((2, 3, 4)), uni((4, 5))], lambda a, b: a @ b)
case("matmul_vec_mat", [uni((4,)), uni((4, 5))], lambda a, b: a @ b)
case("matmul_mat_vec", [uni((3, 4)), uni((4,))], lambda a, b: a @ b)
case("matmul_dot", [uni((4,)), uni((4,))], lambda a, b: a @ b)
case("matmul_transposed", [uni((4, 3)), uni((5, 4))], lambda a, b: a.t() @ b.t())
case("linear", [uni((5, 4)), uni((3, 4)), uni((3,))], lambda x, w, b: F.linear(x, w, b))
case("linear_nobias", [uni((5, 4)), uni((3, 4))], lambda x, w: F.linear(x, w))
case("linear_vec", [uni((4,)), uni((3, 4)), uni((3,))], lambda x, w, b: F.linear(x, w, b))
case("linear_batched", [uni((2, 5, 4)), uni((3, 4)), uni((3,))], lambda x, w, b: F.linear(x, w, b))

# Shapes
case("reshape", [uni((2, 3, 4))], lambda a: a.reshape(4, -1) * torch.arange(6.0))
case("permute", [uni((2, 3, 4))], lambda a: a.permute(2, 0, 1))
case("transpose", [uni((3, 4))], lambda a: a.t())
case("unsqueeze_squeeze", [uni((3, 1, 4))], lambda a: a.squeeze(1).unsqueeze(0) * torch.arange(4.0))
case("expand", [uni((3, 1))], lambda a: a.expand(2, 3, 4))
case("flatten", [uni((2, 3, 4))], lambda a: a.flatten(1))
case("narrow", [uni((3, 5))], lambda a: a.narrow(1, 1, 3))
case("narrow_dim0", [uni((4, 3))], lambda a: a.narrow(0, 2, 2))
case("rows", [uni((5, 3))], lambda a: a[1:4])
case("row", [uni((5, 3))], lambda a: a[2])
case("concat", [uni((2, 3)), uni((2, 1)), uni((2, 2))], lambda a, b, c: torch.cat([a, b, c], dim=1))
case("concat_dim0", [uni((2, 3)), uni((1, 3))], lambda a, b: torch.cat([a, b], dim=0))
case("stack", [uni((2, 3)), uni((2, 3)), uni((2, 3))], lambda a, b, c: torch.stack([a, b, c], dim=1))
case("stack_last", [uni((2, 3)), uni((2, 3))], lambda a, b: torch.stack([a, b], dim=-1))

# Reductions
case("sum_all", [uni((3, 4))], lambda a: a.sum())
case("sum_dims_keep", [uni((2, 3, 4))], lambda a: a.sum(dim=(0, 2), keepdim=True))
case("sum_dim", [uni((2, 3, 4))], lambda a: a.sum(dim=1))
case("mean_all", [uni((3, 4))], lambda a: a.mean())
case("mean_dim_keep", [uni((3, 4))], lambda a: a.mean(dim=1, keepdim=True))
case("max_dim", [uni((3, 5))], lambda a: a.max(dim=1).values)
case("max_dim_keep", [uni((3, 4, 2))], lambda a: a.max(dim=1, keepdim=True).values)
case("min_dim", [uni((4, 3))], lambda a: a.min(dim=0).values)
case("min_dim_keep", [uni((3, 4))], lambda a: a.min(dim=-1, keepdim=True).values)
case("max_all", [uni((3, 4))], lambda a: a.max())
case("min_all", [uni((3, 4))], lambda a: a.min())
tie = uni((3, 4)); tie[0, 1] = tie[2, 3] = tie.max() + 0.5
case("max_all_ties", [tie], lambda a: a.max())
tie2 = uni((3, 4)); tie2[1, 0] = tie2[1, 2] = tie2[2, 2] = tie2.min() - 0.5
case("min_all_ties", [tie2], lambda a: a.min())
dtie = uni((2, 4)); dtie[0, 1] = dtie[0, 3] = 2.0
case("max_dim_ties", [dtie], lambda a: a.max(dim=1).values)
case("logsumexp", [uni((3, 5), -3, 3)], lambda a: torch.logsumexp(a, dim=1))
case("logsumexp_keep0", [uni((3, 5), -3, 3)], lambda a: torch.logsumexp(a, dim=0, keepdim=True))
case("logsumexp_large", [uni((2, 4), 990, 1010)], lambda a: torch.logsumexp(a, dim=-1))
case("softmax", [uni((3, 5), -3, 3)], lambda a: torch.softmax(a, dim=-1))
case("softmax_dim0", [uni((3, 5), -3, 3)], lambda a: torch.softmax(a, dim=0))
case("softmax_large", [uni((2, 4), -1010, -990)], lambda a: torch.softmax(a, dim=1))
case("log_softmax", [uni((3, 5), -3, 3)], lambda a: torch.log_softmax(a, dim=1))
case("log_softmax_mid", [uni((2, 3, 4), -3, 3)], lambda a: torch.log_softmax(a, dim=1))
case("log_softmax_large", [uni((2, 4), 990, 1010)], lambda a: torch.log_softmax(a, dim=-1))

# Losses (mean reduction)
case("mse", [uni((4, 3)), uni((4, 3))], lambda p, t: F.mse_loss(p, t))
case("mse_bcast", [uni((4, 1)), uni((4,))], lambda p, t: F.mse_loss(p, t.reshape(4, 1)))
case("smooth_l1", [uni((4, 3), -3, 3), uni((4, 3))], lambda p, t: F.smooth_l1_loss(p, t))
case("smooth_l1_beta", [uni((4, 3), -2, 2), uni((4, 3))], lambda p, t: F.smooth_l1_loss(p, t, beta=0.5))
case("huber", [uni((4, 3), -3, 3), uni((4, 3))], lambda p, t: F.huber_loss(p, t))
case("huber_delta", [uni((4, 3), -3, 3), uni((4, 3))], lambda p, t: F.huber_loss(p, t, delta=2.0))

# Indexing
case("gather_q", [uni((5, 3))], lambda q, i: q.gather(1, i), indices=[rng.integers(0, 3, size=(5, 1))])
case("gather_dim0", [uni((4, 3))], lambda q, i: q.gather(0, i), indices=[rng.integers(0, 4, size=(2, 3))])
case("gather_3d", [uni((2, 4, 3))], lambda q, i: q.gather(1, i), indices=[rng.integers(0, 4, size=(2, 5, 2))])
case("index_select", [uni((4, 3))], lambda a, i: a.index_select(0, i), indices=[np.array([3, 0, 3, 1, 1])])
case("index_select_dim1", [uni((2, 4, 3))], lambda a, i: a.index_select(1, i), indices=[np.array([2, 2, 0])])

# Non-contiguous inputs (results of transpose / permute / narrow) fed to other ops
case("nc_tanh_transposed", [uni((3, 4))], lambda a: a.t().tanh())
case("nc_softmax_permuted", [uni((2, 3, 4))], lambda a: torch.softmax(a.permute(1, 2, 0), dim=1))
case("nc_mul_narrowed", [uni((4, 5)), uni((4, 2))], lambda a, b: a.narrow(1, 2, 2) * b)
case("nc_matmul_narrowed_t", [uni((5, 4)), uni((3, 4))], lambda a, b: a.narrow(0, 1, 3).t() @ b)
case("nc_max_transposed", [uni((3, 4))], lambda a: a.t().max(dim=1).values)
case("nc_logsumexp_permuted", [uni((2, 3, 4))], lambda a: torch.logsumexp(a.permute(2, 1, 0), dim=2, keepdim=True))
case("composite_mlp", [uni((6, 4)), uni((8, 4)), uni((8,)), uni((2, 8)), uni((2,)), uni((6, 2))],
     lambda x, w1, b1, w2, b2, y: F.mse_loss(F.linear(F.linear(x, w1, b1).tanh(), w2, b2), y))

# Forward-only (integer / boolean results)
argm = uni((3, 4)); argm[1, 0] = argm[1, 2] = 5.0
cases["argmax"] = {"inputs": [enc(torch.tensor(argm))], "indices": [],
                   "output": enc(torch.tensor(argm).argmax(dim=1).double())}
cases["argmax_dim0_keep"] = {"inputs": [enc(torch.tensor(argm))], "indices": [],
                             "output": enc(torch.tensor(argm).argmax(dim=0, keepdim=True).double())}
cases["argmax_all"] = {"inputs": [enc(torch.tensor(argm))], "indices": [],
                       "output": enc(torch.tensor(argm).argmax().double())}
oh = np.array([[2, 0], [1, 3]])
cases["one_hot"] = {"inputs": [], "indices": [enc(torch.tensor(oh).double())],
                    "output": enc(F.one_hot(torch.tensor(oh), 4).double())}

os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, "ops.json"), "w") as f:
    json.dump(cases, f, separators=(",", ":"))

# PCG64 streams: seed through NumPy's SeedSequence, record the four seeding
# words (initstate high/low, initseq high/low), the resulting raw state, and
# the outputs.
streams = []
for seed in [0, 1, 42, 12345, 2**63 + 7]:
    words = [int(w) for w in np.random.SeedSequence(seed).generate_state(4, np.uint64)]
    bg = np.random.PCG64(seed)
    st = bg.state["state"]
    raw = [int(v) for v in bg.random_raw(16)]
    g = np.random.Generator(np.random.PCG64(seed))
    doubles = [float(v) for v in g.random(8)]
    g = np.random.Generator(np.random.PCG64(seed))
    floats = [float(v) for v in g.random(9, dtype=np.float32)]
    bg2 = np.random.PCG64(seed)
    bg2.advance(1000003)
    advanced = [int(v) for v in bg2.random_raw(4)]
    streams.append({"seed": str(seed), "words": [str(w) for w in words],
                    "state": str(st["state"]), "inc": str(st["inc"]),
                    "raw": [str(v) for v in raw], "doubles": doubles, "floats": floats,
                    "advance": "1000003", "advanced": [str(v) for v in advanced]})
with open(os.path.join(OUT, "pcg64.json"), "w") as f:
    json.dump(streams, f, indent=1)
print(f"wrote {len(cases)} op cases and {len(streams)} PCG64 streams to {OUT}")
