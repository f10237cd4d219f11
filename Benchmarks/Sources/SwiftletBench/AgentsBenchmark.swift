import Foundation
import SwiftletCore
import SwiftletAgents
import SwiftletEnvironments
#if canImport(Glibc)
import Glibc
#endif

/// Peak resident memory in MiB (getrusage maxrss, KiB on Linux).
private func peakMemoryMiB() -> Double {
    var u = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &u)
    return Double(u.ru_maxrss) / 1024
}

/// Benchmark group `agents`: wall time of training with RL-Zoo hyperparameters,
/// evaluation excluded, one BLAS thread. Peers (Benchmarks/peers/agents_peer.py):
/// SB3 PPO/DQN on the same hyperparameters, and (ppo_jax_peer.py, run by
/// agents_peer.py when jax is installed) a PureJaxRL-style jitted PPO, compared
/// without and with its compile time.
func runAgentsBenchmarks(peers: [String: Double]) {
    // The median of `--repeats` (default 3) whole training runs, the statistic
    // the JAX peer reports; this VM's speed drifts ±20% over minutes.
    let repeats = max(1, Int(option("--repeats") ?? "") ?? 3)
    func run(_ name: String, _ body: () throws -> Int) -> Double {
        var times: [Double] = []
        for _ in 0..<repeats {
            let t0 = nowNanoseconds()
            let steps = (try? body()) ?? 0
            let s = Double(nowNanoseconds() - t0) / 1e9
            FileHandle.standardError.write("agents: \(name) \(steps) steps in \(String(format: "%.2f", s)) s\n".data(using: .utf8)!)
            times.append(s)
        }
        return times.sorted()[times.count / 2]
    }
    // `--only ppo|dqn` runs one of the two (for profiling; with `--repeats 1`).
    let only = option("--only")
    // `--timesteps N` shortens both runs (for profiling; the figures then mean nothing).
    let timesteps = option("--timesteps").flatMap { Int($0) }
    if only != "dqn" {
    let ppoSeconds = run("ppo_cartpole") {
        var config = PPOConfig.preset(for: "CartPole-v1")
        if let t = timesteps { config.nTimesteps = t }
        let ppo = try PPO(envID: "CartPole-v1", config: config, seed: 1)
        while ppo.timesteps < ppo.config.nTimesteps { try ppo.iterate() }
        return ppo.timesteps
    }
    let ppoMem = peakMemoryMiB()
    print(Figure(group: "agents", figure: "ppo_cartpole_1e5_train_s", unit: "s", swiftlet: ppoSeconds,
                 peer: peers["ppo_cartpole_1e5_train_s"], peerName: "sb3", lowerIsBetter: true).jsonLine)
    if let jax = peers["ppo_cartpole_1e5_jax_train_s"] {
        print(Figure(group: "agents", figure: "ppo_cartpole_1e5_train_s_vs_jax", unit: "s", swiftlet: ppoSeconds,
                     peer: jax, peerName: "purejaxrl", lowerIsBetter: true).jsonLine)
        if let compile = peers["ppo_cartpole_1e5_jax_compile_s"] {
            print(Figure(group: "agents", figure: "ppo_cartpole_1e5_train_s_vs_jax_with_compile", unit: "s", swiftlet: ppoSeconds,
                         peer: jax + compile, peerName: "purejaxrl", lowerIsBetter: true).jsonLine)
        }
    }
    print(Figure(group: "agents", figure: "ppo_cartpole_peak_mem_mib", unit: "MiB", swiftlet: ppoMem,
                 peer: peers["ppo_cartpole_peak_mem_mib"], peerName: "sb3", lowerIsBetter: true).jsonLine)
    // The same training with a policy a user writes from public elementary ops
    // (Examples/ExtendingSwiftlet's ComposedPolicy: matmul, +, tanh on
    // Parameters) against the built-in fused ActorCritic: ratio = built-in / composed.
    let composedSeconds = run("ppo_cartpole_composed_policy") {
        var config = PPOConfig.preset(for: "CartPole-v1")
        if let t = timesteps { config.nTimesteps = t }
        var g = derivedGenerator(seed: 1, stream: 0)
        let policy = ComposedPolicy(observationSize: 4, actionCount: 2, generator: &g)
        let ppo = try PPO(environment: Registry.spec("CartPole-v1")!, config: config, seed: 1, policy: policy)
        while ppo.timesteps < ppo.config.nTimesteps { try ppo.iterate() }
        return ppo.timesteps
    }
    print(Figure(group: "agents", figure: "ppo_cartpole_1e5_composed_policy_train_s", unit: "s", swiftlet: composedSeconds,
                 peer: ppoSeconds, peerName: "swiftlet_builtin_policy", lowerIsBetter: true).jsonLine)
    }
    if only == "ppo" { return }
    let dqnSeconds = run("dqn_cartpole") {
        var config = DQNConfig.preset(for: "CartPole-v1")
        if let t = timesteps { config.nTimesteps = t }
        let dqn = try DQN(envID: "CartPole-v1", config: config, seed: 1)
        while dqn.timesteps < dqn.config.nTimesteps { try dqn.iterate() }
        return dqn.timesteps
    }
    print(Figure(group: "agents", figure: "dqn_cartpole_5e4_train_s", unit: "s", swiftlet: dqnSeconds,
                 peer: peers["dqn_cartpole_5e4_train_s"], peerName: "sb3", lowerIsBetter: true).jsonLine)
    print(Figure(group: "agents", figure: "dqn_cartpole_peak_mem_mib", unit: "MiB", swiftlet: peakMemoryMiB(),
                 peer: peers["dqn_cartpole_peak_mem_mib"], peerName: "sb3", lowerIsBetter: true).jsonLine)
}
