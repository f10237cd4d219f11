#!/usr/bin/env bash
# Checks that Swiftlet works as a versioned dependency: a package that says
# `.package(url: "file://<clone>", from: "0.1.0")` resolves it (SwiftPM
# refuses that for any package with `.unsafeFlags`), builds it in release,
# and uses the library products SwiftletCore, SwiftletNN,
# SwiftletEnvironments and SwiftletAgents through their public API.
#
# Uses the committed HEAD of this checkout (uncommitted edits are not
# seen): clones it into a temporary folder, tags the clone 0.1.0, builds a
# tiny app against it, runs it and checks its output. Exits non-zero on any
# failure; removes its temporary folder either way.
#
#   .ci/check-versioned-dependency.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
head="$(git -C "$root" rev-parse HEAD)"
work="$(mktemp -d -t swiftlet-versioned-dep.XXXXXX)"
trap 'rm -rf "$work"' EXIT

fail() { echo "check-versioned-dependency: FAILED: $*" >&2; exit 1; }

echo "check-versioned-dependency: Swiftlet ${head:0:12} as 0.1.0 in $work" >&2
git clone --quiet --no-checkout "$root" "$work/swiftlet"
git -C "$work/swiftlet" checkout --quiet --detach "$head"
# Only our tag: SwiftPM resolves `from: "0.1.0"` against the clone's tags.
tags="$(git -C "$work/swiftlet" tag)"
if [[ -n "$tags" ]]; then git -C "$work/swiftlet" tag -d $tags >/dev/null; fi
git -C "$work/swiftlet" tag 0.1.0 "$head"

mkdir -p "$work/app/Sources/app"
cat > "$work/app/Package.swift" <<SWIFT
// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "app",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "file://$work/swiftlet", from: "0.1.0"),
    ],
    targets: [
        .executableTarget(name: "app", dependencies: [
            .product(name: "SwiftletCore", package: "swiftlet"),
            .product(name: "SwiftletNN", package: "swiftlet"),
            .product(name: "SwiftletEnvironments", package: "swiftlet"),
            .product(name: "SwiftletAgents", package: "swiftlet"),
        ]),
    ]
)
SWIFT

cat > "$work/app/Sources/app/main.swift" <<'SWIFT'
import SwiftletAgents
import SwiftletCore
import SwiftletEnvironments
import SwiftletNN

// SwiftletCore: a tensor op and its backward. d/dx Σ (x·x) = 2x.
let x = Tensor<Float>([1, 2, 3]).requiringGrad()
(x * x).sum().backward()
print("core.grad=\(x.grad!.scalars)")

// SwiftletNN: one Adam step on a linear layer.
var rng = PCG64(seed: 0)
let layer = Linear<Float>(3, 2, generator: &rng)
let adam = Adam(layer.parameters, learningRate: 1e-2)
let before = layer.parameters.map { $0.value.scalars }
layer(Tensor<Float>([[1, 2, 3]])).sum().backward()
adam.step()
print("nn.changed=\(layer.parameters.map { $0.value.scalars } != before)")

// SwiftletEnvironments: CartPole-v1, reset with a seed and step it.
let env = try make("CartPole-v1")
let start = env.reset(seed: 42).observation
var steps = 0, done = false
while !done {
    let r = try env.step(steps % 2)
    steps += 1
    done = r.terminated || r.truncated
}
print("env.obs=\(start.count) env.steps=\(steps)")

// SwiftletAgents: PPO on CartPole-v1 for a few thousand steps.
var config = PPOConfig()
config.nSteps = 512
config.nEpochs = 4
let ppo = try PPO(envID: "CartPole-v1", config: config, seed: 1)
var row = try ppo.iterate()
while row.timesteps < 4096 { row = try ppo.iterate() }
let mean = row.episodeReturnMean ?? 0
print("ppo.timesteps=\(row.timesteps) ppo.episodes=\(row.episodes) ppo.returnFinite=\(mean.isFinite && mean > 0)")
SWIFT

echo "check-versioned-dependency: building the app in release" >&2
(cd "$work/app" && swift build -c release) >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; fail "swift build"; }
out="$("$work/app/.build/release/app")" || fail "the app exited with $?"
echo "$out"

expect() { grep -qxF -- "$1" <<<"$out" || fail "expected the line '$1'"; }
expect "core.grad=[2.0, 4.0, 6.0]"
expect "nn.changed=true"
grep -qE '^env\.obs=4 env\.steps=[0-9]+$' <<<"$out" || fail "CartPole output"
grep -qE '^ppo\.timesteps=4096 ppo\.episodes=[1-9][0-9]* ppo\.returnFinite=true$' <<<"$out" || fail "PPO output"
echo "check-versioned-dependency: OK" >&2
