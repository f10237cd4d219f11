import Foundation
import Testing
import SwiftletAgents
import SwiftletEnvironments
import Catch

@Suite struct CatchTests {
    init() { Catch.register() }

    /// A random policy loses most balls (expected return −0.6 on 5 columns);
    /// PPO and DQN trained on the registered id catch them all.
    @Test func ppoAndDqnLearnToCatch() throws {
        let random = try evaluate(envID: "Catch-v0", episodes: 50, seed: 1) { _ in .discrete(Int.random(in: 0..<3)) }
        #expect(random.mean < 0)

        let ppo = try #require(AgentConfiguration.preset(algorithm: "ppo", envID: "Catch-v0")).applying(overrides: [
            "n_timesteps": "20000", "n_envs": "4", "n_steps": "128", "batch_size": "64", "eval_freq": "2000",
            "stop_reward_threshold": "1.0"])
        let p = try Trainer.train(configuration: ppo, envID: "Catch-v0", seed: 0, runDirectory: nil)
        print("PPO Catch: best eval \(p.bestEvaluationMean ?? .nan) after \(p.timesteps) steps")
        #expect((p.bestEvaluationMean ?? -1) >= 1.0)

        let dqn = try #require(AgentConfiguration.preset(algorithm: "dqn", envID: "Catch-v0")).applying(overrides: [
            "n_timesteps": "15000", "learning_starts": "500", "buffer_size": "10000", "target_update_interval": "250",
            "exploration_fraction": "0.3", "learning_rate": "1e-3", "eval_freq": "1500", "stop_reward_threshold": "1.0"])
        let d = try Trainer.train(configuration: dqn, envID: "Catch-v0", seed: 0, runDirectory: nil)
        print("DQN Catch: best eval \(d.bestEvaluationMean ?? .nan) after \(d.timesteps) steps")
        #expect((d.bestEvaluationMean ?? -1) >= 1.0)
    }

    /// Registered ids are unique; the spec makes time-limited, snapshottable copies.
    @Test func registrationAndSnapshots() throws {
        #expect(throws: EnvironmentError.self) {
            try Registry.register(id: "Catch-v0", maxEpisodeSteps: 100) { Catch() }
        }
        let spec = try #require(Registry.spec("Catch-v0"))
        #expect(spec.actionSpace == .discrete(Discrete(3)) && Registry.ids.contains("Catch-v0"))
        let a = spec.makeEnvironment(), b = spec.makeEnvironment()
        _ = a.reset(seed: 5)
        _ = try a.step(2)
        let saved = try #require(a as? any SnapshottableEnvironment).snapshot()
        try #require(b as? any SnapshottableEnvironment).restore(saved)
        for action in [0, 1, 2, 2, 0, 1, 1, 1, 1] {
            let ra = try a.step(action), rb = try b.step(action)
            #expect(ra == rb)
            if ra.done { break }
        }
        let frame = (Catch()).render()
        #expect(frame.width == 250 && frame.height == 500)
    }
}
