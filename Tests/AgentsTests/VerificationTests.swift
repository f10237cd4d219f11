import Foundation
import Testing
import SwiftletCore
import SwiftletAgents

/// The 5-seed verification table (not in CI: enabled by SWIFTLET_VERIFY=1,
/// run by scripts/verify_agents.sh). Prints a Markdown table like RL-Zoo's:
/// final deterministic evaluation (10 episodes) mean ± std per seed, seeds
/// reaching the env's threshold, and the first step an evaluation reached it.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["SWIFTLET_VERIFY"] != nil))
struct VerificationTests {
    init() { setBLASThreads(1) }

    func row(_ algo: String, _ env: String, threshold: Double?, overrides: [String: String] = [:]) throws -> String {
        var finals: [Double] = [], firsts: [String] = []
        var reached = 0
        for seed in UInt64(0)..<5 {
            let config = try AgentConfiguration.preset(algorithm: algo, envID: env)!.applying(overrides: overrides)
            var first: Int? = nil
            let s = try Trainer.train(configuration: config, envID: env, seed: seed, runDirectory: nil, progress: { p in
                if let e = p.evaluation, let th = threshold, e.mean >= th, first == nil { first = p.timesteps }
            })
            let final = s.finalEvaluation?.mean ?? .nan
            finals.append(final)
            if let th = threshold, final >= th { reached += 1 }
            firsts.append(first.map(String.init) ?? "–")
        }
        let mean = finals.reduce(0, +) / 5
        let std = (finals.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 5).squareRoot()
        let tag = overrides.isEmpty ? "" : " (" + overrides.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: ", ") + ")"
        return "| \(algo.uppercased())\(tag) | \(env) | \(String(format: "%.1f ± %.1f", mean, std)) | "
            + "\(threshold.map { _ in "\(reached)/5" } ?? "–") | \(firsts.joined(separator: ", ")) | "
            + finals.map { String(format: "%.0f", $0) }.joined(separator: ", ") + " |"
    }

    @Test func table() throws {
        var lines = ["| algo | env | final eval mean ± std (5 seeds) | seeds ≥ threshold | first eval ≥ threshold (steps) | per seed |",
                     "|---|---|---|---|---|---|"]
        lines.append(try row("ppo", "CartPole-v1", threshold: 475))
        lines.append(try row("dqn", "CartPole-v1", threshold: 475))
        lines.append(try row("dqn", "CartPole-v1", threshold: 475, overrides: ["double_q": "true"]))
        lines.append(try row("ppo", "Pendulum-v1", threshold: nil))
        lines.append(try row("dqn", "Acrobot-v1", threshold: -100))
        lines.append(try row("dqn", "MountainCar-v0", threshold: -110))
        lines.append(try row("ppo", "MountainCarContinuous-v0", threshold: 90))
        print(lines.joined(separator: "\n"))
    }
}
