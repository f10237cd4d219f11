import Foundation
import Testing
import SwiftletCore
import SwiftletAgents

@Suite struct ConfigTests {
    @Test func yamlLoadsSB3NamesAndScheduleStrings() throws {
        let c = try PPOConfig(yaml: "n_envs: 8\nlearning_rate: lin_0.001\nclip_range: 0.1\nnet_arch_pi: [32, 32]\ntarget_kl: null\n")
        #expect(c.nEnvs == 8 && c.learningRate == 0.001 && c.lrSchedule == .linear)
        #expect(c.clipRange == 0.1 && c.clipRangeSchedule == .constant && c.netArchPi == [32, 32] && c.targetKl == nil)
    }

    @Test func unknownKeyIsAnErrorNamingIt() {
        #expect(throws: ConfigError.self) { try PPOConfig(yaml: "n_env: 8") }
        do { _ = try DQNConfig(yaml: "learning_rat: 1e-3"); Issue.record("no error") } catch {
            #expect("\(error)".contains("learning_rat"))
        }
    }

    @Test func badValuesAreErrorsNamingTheKey() {
        for (key, value) in [("batch_size", "-3"), ("gamma", "1.5"), ("activation_fn", "gelu"), ("double_q", "maybe"),
                             ("net_arch", "[64, -1]"), ("learning_rate", "fast")] {
            do { _ = try DQNConfig().applying(overrides: [key: value]); Issue.record("no error for \(key)=\(value)") } catch {
                #expect("\(error)".contains(key), "\(error)")
            }
        }
        #expect(throws: ConfigError.self) { try PPOConfig().applying(assignments: ["n_steps"]) }
        do { _ = try PPOConfig().applying(overrides: ["sde_sample_freq": "-2"]); Issue.record("no error") } catch {
            #expect("\(error)".contains("sde_sample_freq"), "\(error)")
        }
        // gSDE needs Box actions: a clear error naming the key, at construction.
        do {
            let c = try PPOConfig.preset(for: "CartPole-v1").applying(overrides: ["use_sde": "true"])
            _ = try PPO(envID: "CartPole-v1", config: c, seed: 0)
            Issue.record("no error for use_sde on CartPole")
        } catch {
            #expect("\(error)".contains("use_sde"), "\(error)")
        }
    }

    @Test func overridesAndJSONRoundTrip() throws {
        let c = try DQNConfig.preset(for: "CartPole-v1").applying(overrides: ["double_q": "true", "learning_rate": "1e-3"])
        #expect(c.doubleQ && c.learningRate == 1e-3)
        let back = try JSONDecoder().decode(DQNConfig.self, from: JSONEncoder().encode(c))
        #expect(back == c)
        let fromJSON = try DQNConfig(json: Data(c.jsonString.utf8))
        #expect(fromJSON == c)
        let fromYAML = try DQNConfig(yaml: c.yamlString)
        #expect(fromYAML == c)
    }

    /// Values from rl-baselines3-zoo hyperparams/ppo.yml and dqn.yml.
    @Test func presetsMatchRLZoo() {
        let p = PPOConfig.preset(for: "CartPole-v1")
        #expect(p.nEnvs == 8 && p.nSteps == 32 && p.batchSize == 256 && p.gaeLambda == 0.8 && p.gamma == 0.98)
        #expect(p.nEpochs == 20 && p.learningRate == 1e-3 && p.lrSchedule == .linear && p.clipRange == 0.2
                && p.clipRangeSchedule == .linear && p.nTimesteps == 100_000)
        let d = DQNConfig.preset(for: "CartPole-v1")
        #expect(d.learningRate == 2.3e-3 && d.batchSize == 64 && d.bufferSize == 100_000 && d.learningStarts == 1000)
        #expect(d.gamma == 0.99 && d.targetUpdateInterval == 10 && d.trainFreq == 256 && d.gradientSteps == 128)
        #expect(d.explorationFraction == 0.16 && d.explorationFinalEps == 0.04 && d.netArch == [256, 256] && d.nTimesteps == 50_000)
        let a = DQNConfig.preset(for: "Acrobot-v1")
        #expect(a.learningRate == 6.3e-4 && a.targetUpdateInterval == 250 && a.gradientSteps == -1 && a.explorationFinalEps == 0.1)
        let pen = PPOConfig.preset(for: "Pendulum-v1")
        #expect(pen.nEnvs == 4 && pen.nSteps == 1024 && pen.gamma == 0.9 && pen.learningRate == 1e-3)
    }
}

@Suite struct ScheduleTests {
    /// SB3's get_linear_fn(1.0, 0.05, 0.1) and lin_1e-3.
    @Test func epsilonAndLinearSchedules() {
        let eps = Schedule.linearDecay(start: 1, end: 0.05, endFraction: 0.1)
        #expect(eps.value(progressRemaining: 1) == 1)
        #expect(abs(eps.value(progressRemaining: 0.95) - 0.525) < 1e-12)
        #expect(eps.value(progressRemaining: 0.5) == 0.05)
        #expect(abs(Schedule.linear(from: 1e-3).value(progressRemaining: 0.25) - 2.5e-4) < 1e-15)
        #expect(Schedule.progressRemaining(step: 110, total: 100) == 0)
    }
}

@Suite struct BufferTests {
    @Test func replayBufferWrapsAround() {
        let buf = ReplayBuffer(capacity: 3, observationSize: 2)
        for t in 0..<5 {
            buf.add(observation: [Float(t), 0], action: t % 2, reward: Float(t), nextObservation: [Float(t + 1), 0],
                    terminated: t == 4, truncated: t == 3, discount: 0.99)
        }
        #expect(buf.count == 3 && buf.position == 2)
        #expect(buf.rewards == [3, 4, 2])
        #expect(buf.observations == [3, 0, 4, 0, 2, 0])
        #expect(buf.nextObservations == [4, 0, 5, 0, 3, 0])
        #expect(buf.terminated == [0, 1, 0] && buf.truncated == [1, 0, 0])
        var batch = ReplayBatch(batchSize: 64, observationSize: 2)
        var g = PCG64(seed: 3)
        buf.sample(into: &batch, generator: &g)
        #expect(Set(batch.rewards).isSubset(of: [2, 3, 4]))
        for i in 0..<64 { #expect(batch.nextObservations[2 * i] == batch.observations[2 * i] + 1) }
        var g2 = PCG64(seed: 3)
        var batch2 = ReplayBatch(batchSize: 64, observationSize: 2)
        buf.sample(into: &batch2, generator: &g2)
        #expect(batch2.indices == batch.indices)
    }

    func rollout(terminatedAt: Int? = nil, truncatedAt: Int? = nil) -> RolloutBuffer {
        let b = RolloutBuffer(nSteps: 3, nEnvs: 1, observationSize: 1, actionSize: 1)
        b.rewards = [1, 1, 1]
        b.values = [0.5, 1, 2]
        if let t = terminatedAt { b.terminated[t] = 1 }
        if let t = truncatedAt { b.truncated[t] = 1; b.finalValues[t] = 10 }
        b.computeReturnsAndAdvantages(lastValues: [4], gamma: 0.5, gaeLambda: 0.5)
        return b
    }

    /// Hand-computed: δ₂ = 1 + .5·4 − 2 = 1, δ₁ = 1 + .5·2 − 1 = 1, δ₀ = 1 + .5·1 − .5 = 1;
    /// A₂ = 1, A₁ = 1 + .25·1 = 1.25, A₀ = 1 + .25·1.25 = 1.3125.
    @Test func gaeMatchesHandComputedExample() {
        let b = rollout()
        #expect(b.advantages == [1.3125, 1.25, 1])
        #expect(b.returns == [1.8125, 2.25, 3])
    }

    /// Truncated at step 1 with V(final obs) = 10: δ₁ = 1 + .5·10 − 1 = 5, trace cut: A = [2.25, 5, 1].
    /// Terminated at step 1: δ₁ = 1 − 1 = 0: A = [1, 0, 1]. Treating truncation as termination would give the latter.
    @Test func truncationBootstrapsFromFinalObservationTerminationDoesNot() {
        #expect(rollout(truncatedAt: 1).advantages == [2.25, 5, 1])
        #expect(rollout(terminatedAt: 1).advantages == [1, 0, 1])
    }

    @Test func minibatchesCoverEveryIndexOncePerEpoch() {
        var g = PCG64(seed: 7)
        let batches = MinibatchSampler.epoch(size: 10, batchSize: 4, generator: &g)
        #expect(batches.map(\.count) == [4, 4, 2])
        #expect(batches.flatMap { $0 }.sorted() == Array(0..<10))
        let again = MinibatchSampler.epoch(size: 10, batchSize: 4, generator: &g)
        #expect(again.flatMap { $0 } != batches.flatMap { $0 })
        var g2 = PCG64(seed: 7)
        #expect(MinibatchSampler.epoch(size: 10, batchSize: 4, generator: &g2).flatMap { $0 } == batches.flatMap { $0 })
    }
}

@Suite struct ContinuousReplayTests {
    /// Continuous actions go into the ring with their transition and come out
    /// of a gather with it; the oldest is overwritten when full.
    @Test func continuousActionsFollowTheirTransitions() {
        let buf = ReplayBuffer(capacity: 3, observationSize: 2, actionSize: 2)
        for t in 0..<4 {
            let x = Float(t)
            buf.add(observation: [x, x], action: [x + 0.5, -x], reward: x, nextObservation: [x + 1, x + 1],
                    terminated: false, truncated: false, discount: 0.99)
        }
        #expect(buf.count == 3 && buf.position == 1)
        var batch = ReplayBatch(batchSize: 3, observationSize: 2, actionSize: 2)
        batch.indices = [0, 1, 2]
        buf.gather(into: &batch)
        // Slot 0 now holds transition 3 (overwritten), slots 1 and 2 transitions 1 and 2.
        #expect(batch.rewards == [3, 1, 2])
        #expect(batch.continuousActions == [3.5, -3, 1.5, -1, 2.5, -2])
        #expect(batch.continuousActionTensor.shape == [3, 2] && batch.observationTensor.scalars == [3, 3, 1, 1, 2, 2])
    }
}
