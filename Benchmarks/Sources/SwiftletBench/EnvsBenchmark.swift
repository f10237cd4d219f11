import Foundation
import SwiftletEnvironments

// Benchmark group `envs`: environment steps per second, with resets, against
// Gymnasium 1.4 (Benchmarks/peers/envs_peer.py does the same work in Python).
//
// single_steps_per_s/<id>: one env with its registered TimeLimit, random
//   actions from a pre-drawn table, reset when an episode ends.
// vector_steps_per_s/<id>/n64[/threads2]: 64 copies in a VectorEnv (same-step
//   autoreset), env-steps per second, serial and on 2 threads; the peer is
//   Gymnasium's SyncVectorEnv (CartPole also has its NumPy CartPoleVectorEnv,
//   compared in vector_steps_per_s/CartPole-v1/n64/vs_numpy_vector and n1024).

private let actionTableSize = 4096

private func discreteTable(_ n: Int) -> [Int] {
    var rng = NumPyGenerator(seed: 123)
    return (0..<actionTableSize).map { _ in Int(rng.integers(0, Int64(n))) }
}

private func continuousTable(_ low: Float, _ high: Float) -> [Float] {
    var rng = NumPyGenerator(seed: 123)
    return (0..<actionTableSize).map { _ in Float(rng.uniform(low: Double(low), high: Double(high))) }
}

/// Steps/s of one env, `steps` steps per repeat.
private func singleEnvRate<E: Environment>(_ env: E, steps: Int) -> Double {
    var obs = [Float](repeating: 0, count: env.observationSize)
    let discrete = env.actionSpace.discreteCount
    let dActs = discrete.map(discreteTable) ?? []
    let cActs: [Float] = env.actionSpace.boxSpace.map { continuousTable($0.low[0], $0.high[0]) } ?? []
    var checksum = 0.0
    let ns = obs.withUnsafeMutableBufferPointer { o -> Double in
        _ = env.reset(seed: 0, options: nil, into: o)
        var k = 0
        return dActs.withUnsafeBufferPointer { da in
            cActs.withUnsafeBufferPointer { ca in
                measureNanoseconds(iterations: 1, repeats: 5, warmup: 1) {
                    for _ in 0..<steps {
                        let t: Transition
                        if discrete != nil {
                            t = env.step(discrete: da[k], into: o)
                        } else {
                            t = env.step(continuous: UnsafeBufferPointer(rebasing: ca[k..<k + 1]), into: o)
                        }
                        k = (k &+ 1) & (actionTableSize - 1)
                        checksum += t.reward
                        if t.terminated || t.truncated { _ = env.reset(seed: nil, options: nil, into: o) }
                    }
                }
            }
        }
    }
    blackHole(checksum)
    return Double(steps) / (ns * 1e-9)
}

/// Env-steps/s of a vector env, `batches` batch steps per repeat.
private func vectorRate(_ venv: any VectorEnvironment, batches: Int) -> Double {
    let n = venv.count
    let discrete = venv.singleActionSpace.discreteCount
    let dActs = discrete.map(discreteTable) ?? []
    let cActs: [Float] = venv.singleActionSpace.boxSpace.map { continuousTable($0.low[0], $0.high[0]) } ?? []
    venv.reset(seed: 0)
    var k = 0
    let ns = dActs.withUnsafeBufferPointer { da in
        cActs.withUnsafeBufferPointer { ca in
            measureNanoseconds(iterations: 1, repeats: 5, warmup: 1) {
                for _ in 0..<batches {
                    if discrete != nil {
                        venv.step(discrete: UnsafeBufferPointer(rebasing: da[k..<k + n]))
                    } else {
                        venv.step(continuous: UnsafeBufferPointer(rebasing: ca[k..<k + n]))
                    }
                    k = (k + n) & (actionTableSize - 1)
                }
            }
        }
    }
    blackHole(venv.rewards[0])
    return Double(batches * n) / (ns * 1e-9)
}

func runEnvsBenchmarks(peers: [String: Double]) {
    func emit(_ figure: String, _ value: Double) {
        print(Figure(group: "envs", figure: figure, unit: "steps/s", swiftlet: value,
                     peer: peers[figure], peerName: peers[figure] == nil ? nil : "gymnasium-1.4",
                     lowerIsBetter: false).jsonLine)
    }
    // Single env: the concrete types `make` builds (TimeLimit over the env).
    emit("single_steps_per_s/CartPole-v1", singleEnvRate(TimeLimit(CartPole(), maxEpisodeSteps: 500), steps: 4_000_000))
    emit("single_steps_per_s/MountainCar-v0", singleEnvRate(TimeLimit(MountainCar(), maxEpisodeSteps: 200), steps: 4_000_000))
    emit("single_steps_per_s/MountainCarContinuous-v0", singleEnvRate(TimeLimit(MountainCarContinuous(), maxEpisodeSteps: 999), steps: 4_000_000))
    emit("single_steps_per_s/Acrobot-v1", singleEnvRate(TimeLimit(Acrobot(), maxEpisodeSteps: 500), steps: 500_000))
    emit("single_steps_per_s/Pendulum-v1", singleEnvRate(TimeLimit(Pendulum(), maxEpisodeSteps: 200), steps: 2_000_000))
    // Type-erased single env (what `make` returns): the cost of existential dispatch.
    if let env = try? make("CartPole-v1") {
        emit("single_steps_per_s/CartPole-v1/any_environment", singleEnvRate(env, steps: 4_000_000))
    }
    for id in Registry.ids {
        let batches = id == "Acrobot-v1" ? 4_000 : 40_000
        for workers in [1, 2] {
            guard let venv = try? makeVector(id, count: 64, workers: workers) else { continue }
            let rate = vectorRate(venv, batches: batches)
            emit("vector_steps_per_s/\(id)/n64" + (workers > 1 ? "/threads\(workers)" : ""), rate)
            if id == "CartPole-v1" && workers == 1 { emit("vector_steps_per_s/CartPole-v1/n64/vs_numpy_vector", rate) }
        }
    }
    // Large batches, one and two worker threads: where threading pays off
    // (a 64-env CartPole step is ~7 µs, less than waking a worker).
    for workers in [1, 2] {
        let suffix = workers > 1 ? "/threads\(workers)" : ""
        if let venv = try? makeVector("CartPole-v1", count: 1024, workers: workers) {
            let rate = vectorRate(venv, batches: 4_000)
            emit("vector_steps_per_s/CartPole-v1/n1024" + suffix, rate)
            // gymnax's jitted CartPole (lax.scan of vmap(step)) on as many threads.
            let gymnax = "vector_steps_per_s/CartPole-v1/n1024/" + (workers == 1 ? "gymnax_1thread" : "gymnax_\(workers)threads")
            print(Figure(group: "envs", figure: gymnax, unit: "steps/s", swiftlet: rate, peer: peers[gymnax],
                         peerName: peers[gymnax] == nil ? nil : "gymnax-jit", lowerIsBetter: false).jsonLine)
        }
        if let venv = try? makeVector("Acrobot-v1", count: 256, workers: workers) {
            emit("vector_steps_per_s/Acrobot-v1/n256" + suffix, vectorRate(venv, batches: 400))
        }
    }
}
