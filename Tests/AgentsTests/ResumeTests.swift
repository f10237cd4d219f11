import Foundation
import Testing
import SwiftletCore
import SwiftletNN
import SwiftletAgents

/// Determinism and bitwise resume, for PPO and DQN, through the public Trainer.
@Suite(.serialized) struct ResumeTests {
    init() { setBLASThreads(1) }

    func tempDir(_ name: String) -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("swiftlet-agents-\(name)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }

    func policy(_ dir: URL) throws -> [String: StoredTensor] {
        try Checkpoint(contentsOf: dir.appendingPathComponent("checkpoints/last.safetensors")).tensors.filter { $0.key.hasPrefix("policy.") }
    }

    func check(_ config: AgentConfiguration, env: String, half: Int) throws {
        let straight = tempDir("straight"), again = tempDir("again"), split = tempDir("split")
        try Trainer.train(configuration: config, envID: env, seed: 5, runDirectory: straight)
        try Trainer.train(configuration: config, envID: env, seed: 5, runDirectory: again)
        var stoppedAt = 0
        let s = try Trainer.train(configuration: config, envID: env, seed: 5, runDirectory: split,
                                  progress: { stoppedAt = $0.timesteps }, shouldStop: { stoppedAt >= half })
        #expect(s.interrupted && s.timesteps < config.totalTimesteps)
        let r = try Trainer.resume(runDirectory: split)
        #expect(!r.interrupted && r.timesteps >= config.totalTimesteps)
        let p1 = try policy(straight), p2 = try policy(again), p3 = try policy(split)
        #expect(!p1.isEmpty)
        #expect(p1 == p2, "same seed and config must give identical weights")
        #expect(p1 == p3, "resumed run must equal the straight run")
        let m1 = try MetricsLogger.reproducibleContent(of: straight.appendingPathComponent("metrics.csv"))
        let m2 = try MetricsLogger.reproducibleContent(of: again.appendingPathComponent("metrics.csv"))
        let m3 = try MetricsLogger.reproducibleContent(of: split.appendingPathComponent("metrics.csv"))
        #expect(m1.split(separator: "\n").count > 3)
        #expect(m1 == m2)
        #expect(m1 == m3)
        // The policy loads for watch/eval.
        let loaded = try loadPolicy(checkpoint: straight)
        #expect(loaded.envID == env && loaded.algorithm == config.algorithm)
    }

    @Test func ppoIsDeterministicAndResumesBitwise() throws {
        var c = PPOConfig.preset(for: "CartPole-v1")
        c.nTimesteps = 4096; c.evalFreq = 2048; c.nEvalEpisodes = 2; c.logInterval = 512; c.nEpochs = 4
        try check(.ppo(c), env: "CartPole-v1", half: 2000)
    }

    @Test func ppoContinuousWithNormalizationResumesBitwise() throws {
        var c = PPOConfig.preset(for: "Pendulum-v1")
        c.nTimesteps = 2048; c.nSteps = 128; c.batchSize = 64; c.nEpochs = 2; c.evalFreq = 1024; c.nEvalEpisodes = 1
        c.logInterval = 512; c.normalizeObservation = true; c.normalizeReward = true; c.clipRangeVf = 0.2
        try check(.ppo(c), env: "Pendulum-v1", half: 1000)
    }

    @Test func dqnIsDeterministicAndResumesBitwise() throws {
        var c = DQNConfig.preset(for: "CartPole-v1")
        c.nTimesteps = 3000; c.learningStarts = 500; c.bufferSize = 2000; c.netArch = [32, 32]; c.gradientSteps = 16
        c.evalFreq = 1500; c.nEvalEpisodes = 2; c.logInterval = 500; c.doubleQ = true; c.nStep = 3; c.dueling = true
        try check(.dqn(c), env: "CartPole-v1", half: 1400)
    }

    @Test func badCheckpointGivesAClearError() throws {
        let d = tempDir("bad")
        let f = d.appendingPathComponent("x.safetensors")
        try Data([1, 2, 3]).write(to: f)
        #expect(throws: TrainingError.self) { try loadPolicy(checkpoint: f) }
        #expect(throws: TrainingError.self) { try loadPolicy(checkpoint: d.appendingPathComponent("missing.safetensors")) }
    }
}
