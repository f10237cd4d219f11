import Foundation
import Testing
import SwiftletAgents
import SwiftletEnvironments
import SwiftletCore

/// Learning tests: fixed seeds, RL-Zoo hyperparameters, deterministic
/// evaluation on a separate env. They fail if the agent does not learn.
@Suite(.serialized) struct LearningTests {
    init() { setBLASThreads(1) }
    @Test func ppoCartPoleReaches475Within1e5Steps() throws {
        let config = PPOConfig.preset(for: "CartPole-v1")
        let ppo = try PPO(envID: "CartPole-v1", config: config, seed: 1)
        var best = -Double.infinity
        var reachedAt: Int? = nil
        var nextEval = 10_000
        while ppo.timesteps < 100_000 {
            let row = try ppo.iterate()
            if ppo.timesteps >= nextEval {
                nextEval += 10_000
                let r = try evaluate(envID: "CartPole-v1", episodes: 10, seed: 10_000) { ppo.act($0, deterministic: true) }
                print("PPO step \(ppo.timesteps) eval \(r.mean) ± \(r.std) train \(row.episodeReturnMean ?? .nan) kl \(row["approx_kl"] ?? .nan)")
                best = max(best, r.mean)
                if r.mean >= 475 && reachedAt == nil { reachedAt = ppo.timesteps }
            }
        }
        print("PPO CartPole: best eval \(best), first ≥ 475 at \(reachedAt.map(String.init) ?? "never")")
        #expect(best >= 475)
    }
}

extension LearningTests {
    @Test func dqnCartPoleReaches475Within5e4Steps() throws {
        let config = DQNConfig.preset(for: "CartPole-v1")
        let dqn = try DQN(envID: "CartPole-v1", config: config, seed: 1)
        var best = -Double.infinity
        var nextEval = 5_000
        while dqn.timesteps < 50_000 {
            let row = try dqn.iterate()
            if dqn.timesteps >= nextEval {
                nextEval += 5_000
                let r = try evaluate(envID: "CartPole-v1", episodes: 10, seed: 10_000) { dqn.act($0, deterministic: true) }
                print("DQN step \(dqn.timesteps) eval \(r.mean) ± \(r.std) train \(row.episodeReturnMean ?? .nan) eps \(row["epsilon"] ?? .nan) loss \(row["loss"] ?? .nan)")
                best = max(best, r.mean)
            }
        }
        print("DQN CartPole: best eval \(best)")
        #expect(best >= 475)
    }
}
