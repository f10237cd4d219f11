import Testing
import SwiftletCore
import SwiftletAgents
import SwiftletEnvironments
import ComposedPolicy

@Suite struct ComposedPolicyTests {
    /// The built-in PPO trains a policy written from elementary ops: RL-Zoo's
    /// CartPole preset reaches the task's 475 (seeded).
    @Test func ppoWithAComposedPolicySolvesCartPole() throws {
        let spec = try #require(Registry.spec("CartPole-v1"))
        var g = derivedGenerator(seed: 3, stream: 0)
        let policy = ComposedPolicy(observationSize: 4, actionCount: 2, generator: &g)
        #expect(policy.namedParameters().map(\.name).prefix(2) == ["pi.0.weight", "pi.0.bias"])
        var config = PPOConfig.preset(for: "CartPole-v1")
        config.stopRewardThreshold = 475
        let ppo = try PPO(environment: spec, config: config, seed: 3, policy: policy)
        let s = try Trainer.train(agent: ppo, runDirectory: nil)
        print("PPO with ComposedPolicy: best eval \(s.bestEvaluationMean ?? .nan) after \(s.timesteps) steps")
        #expect((s.bestEvaluationMean ?? 0) >= 475)
    }

    @Test func aPolicyOfTheWrongShapeIsRejected() throws {
        let spec = try #require(Registry.spec("CartPole-v1"))
        var g = derivedGenerator(seed: 0, stream: 0)
        let wrong = ComposedPolicy(observationSize: 4, actionCount: 3, generator: &g)
        #expect(throws: TrainingError.self) { try PPO(environment: spec, config: .preset(for: "CartPole-v1"), seed: 0, policy: wrong) }
    }
}
