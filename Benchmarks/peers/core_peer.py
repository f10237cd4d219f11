#!/usr/bin/env python3
"""PyTorch peer for benchmark group `core` (1 thread, float32).

Measures the same work as Benchmarks/Sources/SwiftletBench/CoreBenchmark.swift
and writes {figure: value} JSON (same figure names and units) to the path
given as the first argument (stdout if none).
"""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

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


figures = {}

for label, shape, iterations in [("1", (1,), 20000), ("64x64", (64, 64), 20000)]:
    a, b = torch.rand(shape), torch.rand(shape)
    figures[f"add_{label}_nograd"] = measure_ns(lambda: a + b, iterations)
    ra, rb = a.clone().requires_grad_(), b.clone().requires_grad_()
    figures[f"add_{label}_recorded"] = measure_ns(lambda: ra + rb, iterations)


def mlp(hidden):
    return nn.Sequential(nn.Linear(4, hidden), nn.Tanh(), nn.Linear(hidden, hidden), nn.Tanh(), nn.Linear(hidden, 2))


for label, batch, hidden, iterations in [("b64", 64, 64, 1000), ("b256", 256, 64, 500), ("h256_b64", 64, 256, 300)]:
    net = mlp(hidden)
    opt = torch.optim.SGD(net.parameters(), lr=1e-4)
    x, y = torch.randn(batch, 4), torch.randn(batch, 2)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.mse_loss(net(x), y)
        loss.backward()
        opt.step()

    figures[f"mlp_{label}_step"] = measure_ns(step, iterations) / 1000

net = mlp(64)
x1 = torch.randn(1, 4)


def forward1():
    with torch.no_grad():
        net(x1)


figures["mlp_b1_forward_nograd"] = measure_ns(forward1, 20000) / 1000

text = json.dumps(figures, indent=1)
if len(sys.argv) > 1:
    with open(sys.argv[1], "w") as f:
        f.write(text)
else:
    print(text)
