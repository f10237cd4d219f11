import Foundation
import Testing
import SwiftletAgents
import SwiftletEnvironments
import A2C

@Suite struct A2CTests {
    init() { Algorithms.register(A2C.self) }

    /// RL-Zoo's CartPole-v1 preset (8 envs, n_steps 5, RMSprop 7e-4), seeded:
    /// the trainer's deterministic evaluation must reach the task's 475.
    @Test func a2cSolvesCartPole() throws {
        var c = A2CConfig.preset(for: "CartPole-v1")
        c.stopRewardThreshold = 475
        c.evalFreq = 10_000
        let s = try Trainer.train(configuration: AgentConfiguration(c), envID: "CartPole-v1", seed: 1, runDirectory: nil)
        print("A2C CartPole: best eval \(s.bestEvaluationMean ?? .nan) after \(s.timesteps) steps")
        #expect((s.bestEvaluationMean ?? 0) >= 475)
    }

    /// The registered algorithm goes through the whole trainer: config by
    /// name with `--set`-style overrides, run folder, and a resume that equals
    /// the uninterrupted run bit for bit (weights and metrics).
    @Test func registeredA2CResumesBitwise() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("a2c-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let config = try #require(AgentConfiguration.preset(algorithm: "a2c", envID: "CartPole-v1"))
            .applying(overrides: ["n_timesteps": "4000", "eval_freq": "1000", "n_eval_episodes": "2", "log_interval": "200"])
        let full = root.appendingPathComponent("full"), half = root.appendingPathComponent("half")
        try Trainer.train(configuration: config, envID: "CartPole-v1", seed: 7, runDirectory: full)
        var calls = 0
        let stopped = try Trainer.train(configuration: config, envID: "CartPole-v1", seed: 7, runDirectory: half,
                                        progress: { _ in calls += 1 }, shouldStop: { calls >= 40 })
        #expect(stopped.interrupted)
        try Trainer.resume(runDirectory: half)
        let a = try loadPolicy(checkpoint: full.appendingPathComponent("checkpoints/last.safetensors"))
        let b = try loadPolicy(checkpoint: half.appendingPathComponent("checkpoints/last.safetensors"))
        #expect(a.algorithm == "a2c" && a.timesteps == 4000 && b.timesteps == 4000)
        let wa = a.agent.policyTensors(), wb = b.agent.policyTensors()
        #expect(wa.keys.sorted() == wb.keys.sorted() && wa.keys.contains("pi.0.weight"))
        for k in wa.keys { #expect(wa[k]!.scalars == wb[k]!.scalars, "\(k)") }
        let ma = try MetricsLogger.reproducibleContent(of: full.appendingPathComponent("metrics.csv"))
        let mb = try MetricsLogger.reproducibleContent(of: half.appendingPathComponent("metrics.csv"))
        #expect(ma == mb)
        #expect(ma.hasPrefix("timesteps,episodes,ep_return_mean,ep_length_mean,eval_mean,eval_std,loss,policy_loss"))
    }

    @Test func unknownKeyNamesTheAlgorithm() throws {
        let c = try #require(AgentConfiguration.preset(algorithm: "a2c", envID: "CartPole-v1"))
        #expect(throws: ConfigError.self) { try c.applying(overrides: ["clip_range": "0.2"]) }
    }
}
