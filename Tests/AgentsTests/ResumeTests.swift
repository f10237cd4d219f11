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
        // The files themselves are byte-identical (canonical metadata), resumed or not.
        for file in ["checkpoints/last.safetensors", "checkpoints/best.safetensors", "config.yml"] {
            let b1 = try Data(contentsOf: straight.appendingPathComponent(file))
            #expect(b1 == (try Data(contentsOf: again.appendingPathComponent(file))), "\(file) differs between two seeded runs")
            #expect(b1 == (try Data(contentsOf: split.appendingPathComponent(file))), "\(file) differs after a resume")
        }
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

    /// The Pendulum preset above runs gSDE (matrices every 4 steps); these
    /// are the plain Gaussian and gSDE with one sigma per feature and expln.
    @Test(arguments: [false, true])
    func ppoGaussianVariantsResumeBitwise(_ sde: Bool) throws {
        var c = PPOConfig.preset(for: "Pendulum-v1")
        c.nTimesteps = 2048; c.nSteps = 128; c.batchSize = 64; c.nEpochs = 2; c.evalFreq = 1024; c.nEvalEpisodes = 1
        c.logInterval = 512
        c.useSde = sde; c.fullStd = false; c.useExpln = true; c.sdeSampleFreq = -1; c.logStdInit = 0.3
        try check(.ppo(c), env: "Pendulum-v1", half: 1000)
    }

    @Test func dqnIsDeterministicAndResumesBitwise() throws {
        var c = DQNConfig.preset(for: "CartPole-v1")
        c.nTimesteps = 3000; c.learningStarts = 500; c.bufferSize = 2000; c.netArch = [32, 32]; c.gradientSteps = 16
        c.evalFreq = 1500; c.nEvalEpisodes = 2; c.logInterval = 500; c.doubleQ = true; c.nStep = 3; c.dueling = true
        try check(.dqn(c), env: "CartPole-v1", half: 1400)
    }

    /// Prioritized replay: the priorities (sum-tree leaves) and the running
    /// maximum travel in the checkpoint; without them the resumed run would
    /// sample different transitions and diverge.
    @Test func dqnWithPrioritizedReplayResumesBitwise() throws {
        var c = DQNConfig.preset(for: "CartPole-v1")
        c.nTimesteps = 3000; c.learningStarts = 500; c.bufferSize = 2000; c.netArch = [32, 32]; c.gradientSteps = 16
        c.evalFreq = 1500; c.nEvalEpisodes = 2; c.logInterval = 500; c.doubleQ = true; c.nStep = 3; c.dueling = true
        c.prioritizedReplay = true
        try check(.dqn(c), env: "CartPole-v1", half: 1400)
        // The split checkpoint really carried non-trivial priorities.
        let d = tempDir("per-probe")
        var at = 0
        try Trainer.train(configuration: .dqn(c), envID: "CartPole-v1", seed: 5, runDirectory: d,
                          progress: { at = $0.timesteps }, shouldStop: { at >= 1400 })
        let t = try Checkpoint(contentsOf: d.appendingPathComponent("checkpoints/last.safetensors")).tensors
        guard case .float64(let p)? = t["replay.priorities"], case .float64(let m)? = t["replay.max_priority"] else {
            Issue.record("replay.priorities / replay.max_priority missing"); return
        }
        #expect(p.count == 2000 && m.count == 1)
        #expect(Set(p.scalars.filter { $0 > 0 }).count > 100, "priorities were updated from TD errors")
        #expect(m.scalars[0] >= p.scalars.max()!)
    }

    /// `best.safetensors` carries no resume state; with normalize_observation
    /// it must still carry the statistics, or a loaded policy sees raw inputs.
    /// Evaluating the loaded `best` policy with the trainer's evaluation seed
    /// must reproduce the evaluation that made it best.
    @Test func bestCheckpointKeepsObservationNormalization() throws {
        var c = PPOConfig.preset(for: "Pendulum-v1")
        c.nTimesteps = 2048; c.nSteps = 128; c.batchSize = 64; c.nEpochs = 2; c.evalFreq = 1024; c.nEvalEpisodes = 2
        c.logInterval = 1024; c.normalizeObservation = true
        let d = tempDir("best-norm")
        let s = try Trainer.train(configuration: .ppo(c), envID: "Pendulum-v1", seed: 3, runDirectory: d)
        let bestFile = d.appendingPathComponent("checkpoints/best.safetensors")
        let ckpt = try Checkpoint(contentsOf: bestFile)
        #expect(ckpt.metadata["resume_state"] == nil)
        #expect(ckpt.tensors["obs_rms.mean"] != nil && ckpt.tensors["obs_rms.var"] != nil && ckpt.tensors["obs_rms.count"] != nil)
        let best = try loadPolicy(checkpoint: bestFile)
        let r = try evaluate(envID: "Pendulum-v1", episodes: 2, seed: 3 + 1_000_000) { best.act($0) }
        let target = try #require(s.bestEvaluationMean)
        #expect(r.mean == target, "loaded best policy gives \(r.mean), its training evaluation gave \(target)")
    }

    /// A checkpoint that falls on the step right after a reset: MountainCarContinuous
    /// then still holds a float64 state (float32 after its first step). One env,
    /// 333-step rollouts: the 999-step time limit ends the episode exactly at the split.
    @Test func ppoResumesBitwiseRightAfterAReset() throws {
        var c = PPOConfig.preset(for: "MountainCarContinuous-v0")
        c.nTimesteps = 1998; c.nSteps = 333; c.batchSize = 111; c.nEpochs = 2; c.evalFreq = 999; c.nEvalEpisodes = 1
        c.logInterval = 333
        c.useSde = false  // the plain Gaussian at this seed never reaches the goal, so the time limit ends the episode
        let probe = tempDir("mcc-probe")
        var at = 0
        try Trainer.train(configuration: .ppo(c), envID: "MountainCarContinuous-v0", seed: 5, runDirectory: probe,
                          progress: { at = $0.timesteps }, shouldStop: { at >= 999 })
        let meta = try Checkpoint(contentsOf: probe.appendingPathComponent("checkpoints/last.safetensors")).metadata
        let resumeText = try #require(meta["resume_state"])
        let resume = try #require(try JSONSerialization.jsonObject(with: Data(resumeText.utf8)) as? [String: Any])
        let env0 = try #require(((resume["envs"] as? [String: Any])?["environments"] as? [[String: Any]])?.first)
        #expect(env0["elapsedSteps"] as? Int == 0 && env0["flags"] as? [Int] == [0],
                "the split must fall right after a reset (float64 state): \(env0)")
        try check(.ppo(c), env: "MountainCarContinuous-v0", half: 999)
    }

    /// NaN guard: resuming from a checkpoint whose Adam second moments were
    /// poisoned (negative) makes the first update write NaN weights and the next
    /// loss NaN. Training must stop naming the step, and leave `last` untouched.
    @Test func nonFiniteLossStopsAndKeepsTheLastGoodCheckpoint() throws {
        var c = DQNConfig.preset(for: "CartPole-v1")
        c.nTimesteps = 1000; c.learningStarts = 200; c.trainFreq = 100; c.gradientSteps = 10; c.bufferSize = 1000
        c.netArch = [16, 16]; c.checkpointFreq = 200; c.evalFreq = 0; c.logInterval = 100
        let d = tempDir("nan")
        var at = 0
        try Trainer.train(configuration: .dqn(c), envID: "CartPole-v1", seed: 2, runDirectory: d,
                          progress: { at = $0.timesteps }, shouldStop: { at >= 400 })
        let last = d.appendingPathComponent("checkpoints/last.safetensors")
        let good = try Data(contentsOf: last)
        var poisoned = try Checkpoint(contentsOf: last)
        var n = 0
        for (k, v) in poisoned.tensors where k.hasSuffix(".exp_avg_sq") {
            guard case .float32(let t) = v else { continue }
            poisoned.tensors[k] = .float32(Tensor(shape: t.shape, scalars: [Float](repeating: -1e30, count: t.count)))
            n += 1
        }
        #expect(n > 0)
        let bad = d.appendingPathComponent("poisoned.safetensors")
        try poisoned.write(to: bad)
        do {
            try Trainer.resume(runDirectory: d, checkpoint: bad)
            Issue.record("training on NaN weights did not stop")
        } catch let e as TrainingError {
            guard case let .nonFinite(quantity, value, timestep, update) = e else { Issue.record("wrong error \(e)"); return }
            // Updates 0-19 ran at steps 300 and 400; update 20 (step 500) wrote NaN weights.
            #expect(quantity == "loss" && value.isNaN && timestep == 500 && update == 21, "\(e)")
            #expect(e.description.contains("timestep 500"), "\(e.description)")
        }
        #expect(try Data(contentsOf: last) == good, "the last good checkpoint must be left as it was")
        let p = try loadPolicy(checkpoint: last)
        #expect(p.timesteps == 400)
        _ = p.act([0, 0, 0, 0])
        let resumed = try Trainer.resume(runDirectory: d)
        #expect(resumed.timesteps == 1000)
    }

    @Test func badCheckpointGivesAClearError() throws {
        let d = tempDir("bad")
        let f = d.appendingPathComponent("x.safetensors")
        try Data([1, 2, 3]).write(to: f)
        #expect(throws: TrainingError.self) { try loadPolicy(checkpoint: f) }
        #expect(throws: TrainingError.self) { try loadPolicy(checkpoint: d.appendingPathComponent("missing.safetensors")) }
    }
}
