import Foundation
import Testing
import SwiftletCore
import SwiftletAgents

/// The multi-seed verification table (not in CI: enabled by SWIFTLET_VERIFY=1,
/// run by scripts/verify_agents.sh). Prints a Markdown table like RL-Zoo's:
/// final deterministic evaluation (10 episodes) mean ± std over seeds, seeds
/// whose final evaluation reaches the env's threshold, the first step an
/// evaluation reached it, and the wall time per seed (training plus its
/// periodic evaluations, one BLAS thread). Each row is printed as soon as it
/// is done; `# ...` lines report every seed.
///
/// Environment: `SWIFTLET_VERIFY_ROWS` (comma-separated `algo/env` keys of
/// `rows`, default all; `none` for none), `SWIFTLET_VERIFY_EXTRA` (extra rows
/// `key:opt=v,opt=v;…` over a row's settings), `SWIFTLET_VERIFY_SEEDS` (seeds 0..<n, default 5),
/// `SWIFTLET_VERIFY_LOG` (a file that gets every line as it is printed).
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["SWIFTLET_VERIFY"] != nil))
struct VerificationTests {
    init() { setBLASThreads(1) }

    /// key, algorithm, env, threshold, overrides.
    static let rows: [(String, String, String, Double, [String: String])] = [
        ("ppo/CartPole-v1", "ppo", "CartPole-v1", 475, [:]),
        ("dqn/CartPole-v1", "dqn", "CartPole-v1", 475, [:]),
        ("dqn-double/CartPole-v1", "dqn", "CartPole-v1", 475, ["double_q": "true"]),
        ("dqn-per/CartPole-v1", "dqn", "CartPole-v1", 475, ["prioritized_replay": "true"]),
        ("dqn-nstep-linear/CartPole-v1", "dqn", "CartPole-v1", 475, ["n_step": "3", "lr_schedule": "linear"]),
        ("ppo/Pendulum-v1", "ppo", "Pendulum-v1", -200, [:]),
        ("dqn/Acrobot-v1", "dqn", "Acrobot-v1", -100, [:]),
        ("dqn/MountainCar-v0", "dqn", "MountainCar-v0", -110, [:]),
        ("ppo/MountainCarContinuous-v0", "ppo", "MountainCarContinuous-v0", 90, [:]),
        // The presets use gSDE as RL-Zoo does; these rows are the plain Gaussian.
        ("ppo-nosde/Pendulum-v1", "ppo", "Pendulum-v1", -200, ["use_sde": "false"]),
        ("ppo-nosde/MountainCarContinuous-v0", "ppo", "MountainCarContinuous-v0", 90, ["use_sde": "false"]),
    ]

    /// Prints, and appends to `SWIFTLET_VERIFY_LOG` when set (`swift test`
    /// may hold the test's stdout until the end; the file shows progress).
    func say(_ s: String) {
        print(s)
        fflush(stdout)
        if let path = ProcessInfo.processInfo.environment["SWIFTLET_VERIFY_LOG"] {
            if !FileManager.default.fileExists(atPath: path) { FileManager.default.createFile(atPath: path, contents: nil) }
            if let h = FileHandle(forWritingAtPath: path) {
                h.seekToEndOfFile()
                h.write(Data((s + "\n").utf8))
                try? h.close()
            }
        }
    }

    func row(_ algo: String, _ env: String, threshold: Double, overrides: [String: String], seeds: Int) throws -> String {
        var finals: [Double] = [], firsts: [String] = [], secs: [Double] = []
        var reached = 0
        for seed in UInt64(0)..<UInt64(seeds) {
            let config = try AgentConfiguration.preset(algorithm: algo, envID: env)!.applying(overrides: overrides)
            var first: Int? = nil
            let start = Date()
            let s = try Trainer.train(configuration: config, envID: env, seed: seed, runDirectory: nil, progress: { p in
                if let e = p.evaluation, e.mean >= threshold, first == nil { first = p.timesteps }
            })
            let wall = Date().timeIntervalSince(start)
            let final = s.finalEvaluation?.mean ?? .nan
            finals.append(final); secs.append(wall)
            if final >= threshold { reached += 1 }
            firsts.append(first.map(String.init) ?? "–")
            say("# \(algo) \(env) seed \(seed): final \(String(format: "%.1f", final)), first ≥ \(threshold) at \(firsts.last!), \(String(format: "%.1f", wall)) s")
        }
        let n = Double(seeds)
        let mean = finals.reduce(0, +) / n
        let std = (finals.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n).squareRoot()
        let tag = overrides.isEmpty ? "" : " (" + overrides.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: ", ") + ")"
        return "| \(algo.uppercased())\(tag) | \(env) | \(config(algo, env).totalTimesteps) | \(String(format: "%.1f ± %.1f", mean, std)) | "
            + "\(reached)/\(seeds) (≥ \(String(format: "%g", threshold))) | \(firsts.joined(separator: ", ")) | "
            + finals.map { String(format: "%.0f", $0) }.joined(separator: ", ") + " | "
            + String(format: "%.0f", secs.reduce(0, +) / n) + " |"
    }

    func config(_ algo: String, _ env: String) -> AgentConfiguration { AgentConfiguration.preset(algorithm: algo, envID: env)! }

    @Test func table() throws {
        let e = ProcessInfo.processInfo.environment
        let seeds = Int(e["SWIFTLET_VERIFY_SEEDS"] ?? "") ?? 5
        let wanted = e["SWIFTLET_VERIFY_ROWS"].map { Set($0.split(separator: ",").map(String.init)) }
        say("| algo | env | steps | final eval mean ± std | seeds ≥ threshold | first eval ≥ threshold (steps, per seed) | final eval per seed | wall s per seed |")
        say("|---|---|---|---|---|---|---|---|")
        for (key, algo, env, th, ov) in Self.rows where wanted?.contains(key) ?? true {
            say(try row(algo, env, threshold: th, overrides: ov, seeds: seeds))
        }
        // SWIFTLET_VERIFY_EXTRA="dqn/CartPole-v1:double_q=true,dueling=true;…" adds rows
        // with overrides (for trying options against the table's protocol).
        for spec in (e["SWIFTLET_VERIFY_EXTRA"] ?? "").split(separator: ";") {
            let parts = spec.split(separator: ":", maxSplits: 1).map(String.init)
            guard let base = Self.rows.first(where: { $0.0 == parts[0] }) else { continue }
            var ov = base.4
            for kv in (parts.count > 1 ? parts[1] : "").split(separator: ",") {
                let p = kv.split(separator: "=", maxSplits: 1).map(String.init)
                if p.count == 2 { ov[p[0]] = p[1] }
            }
            say(try row(base.1, base.2, threshold: base.3, overrides: ov, seeds: seeds))
        }
    }
}
