#!/usr/bin/env python3
"""PyTorch peer for benchmark group `nn` (1 thread, float32).

Measures the same work as Benchmarks/Sources/SwiftletBench/NNBenchmark.swift
and writes {figure: value} JSON (same figure names and units) to the path
given as the first argument (stdout if none).
"""
import json
import os
import sys
import tempfile
import time

import torch
import torch.nn as nn
import torch.nn.functional as F
from safetensors.torch import load_file, save_file

torch.set_num_threads(1)
torch.manual_seed(0)


def measure_ns(body, iterations, repeats=5, warmup=None):
    """Median over `repeats` runs of the mean time per iteration (ns)."""
    for _ in range(warmup if warmup is not None else max(1, iterations // 10)):
        body()
    samples = []
    for _ in range(repeats):
        t0 = time.perf_counter_ns()
        for _ in range(iterations):
            body()
        samples.append((time.perf_counter_ns() - t0) / iterations)
    samples.sort()
    return samples[len(samples) // 2]


def mlp(sizes, act=nn.Tanh):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(act())
    return nn.Sequential(*layers)


figures = {}

for hidden, batch, iterations in [(64, 64, 2000), (64, 256, 1000), (256, 64, 500), (256, 256, 200)]:
    net = mlp([4, hidden, hidden, 2])
    opt = torch.optim.Adam(net.parameters(), lr=1e-4)
    x, y = torch.randn(batch, 4), torch.randn(batch, 2)

    def step():
        opt.zero_grad()
        loss = F.mse_loss(net(x), y)
        loss.backward()
        opt.step()

    figures[f"mlp_h{hidden}_b{batch}_train_step"] = measure_ns(step, iterations) / 1000

net = mlp([4, 64, 64, 2])
for p in net.parameters():
    p.grad = torch.randn_like(p)
opt = torch.optim.Adam(net.parameters(), lr=1e-4)
figures["adam_step_h64"] = measure_ns(opt.step, 5000) / 1000

x1 = torch.randn(1, 4)


def forward_nograd():
    with torch.no_grad():
        net(x1)


figures["mlp_h64_b1_forward_nograd"] = measure_ns(forward_nograd, 20000) / 1000

logits = torch.randn(64, 4, requires_grad=True)
actions = torch.arange(64) % 4


def categorical():
    d = torch.distributions.Categorical(logits=logits)
    loss = d.log_prob(actions).mean() + d.entropy().mean()
    loss.backward()
    logits.grad = None


figures["categorical_b64_logprob_entropy_backward"] = measure_ns(categorical, 2000) / 1000

big = mlp([512, 1024, 512])
megabytes = sum(p.numel() for p in big.parameters()) * 4 / 1e6
with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "model.safetensors")
    state = big.state_dict()
    save_ns = measure_ns(lambda: save_file(state, path), 20, warmup=3)
    figures["checkpoint_1M_save"] = megabytes / (save_ns / 1e9)

    def load():
        big.load_state_dict(load_file(path))

    figures["checkpoint_1M_load"] = megabytes / (measure_ns(load, 20, warmup=3) / 1e9)
    with open(path, "rb") as f:
        blob = f.read()
    from safetensors.torch import load as load_bytes
    figures["checkpoint_1M_decode_in_memory"] = megabytes / (measure_ns(lambda: load_bytes(blob), 50, warmup=5) / 1e9)

out = json.dumps(figures, indent=1)
if len(sys.argv) > 1:
    with open(sys.argv[1], "w") as f:
        f.write(out)
else:
    print(out)
