import Foundation
import Testing
import SwiftletCore
import SwiftletNN
import SwiftletAgents
import TestSupport

/// Swiftlet's DQN gradient step against Stable-Baselines3's `DQN.train()`
/// (make_fixtures.py): the same initial weights and the same five replay
/// batches (MountainCar-v0 zoo hyperparameters, a [64, 64] network) must
/// give the same weights after every step, up to float32 rounding — the
/// whole update (target from the target network, Huber loss, clip at 10,
/// Adam with ε = 1e-8) checked at once.
@Suite("DQN update against SB3")
struct SB3UpdateTests {
    struct Step: Decodable {
        let observations: [Float]
        let next_observations: [Float]
        let actions: [Int]
        let terminated: [Float]
        let loss: Double
        let weights_after: [[Double]]
    }
    struct Fixture: Decodable {
        let batch_size: Int
        let gamma: Double
        let initial: [[Double]]
        let target: [[Double]]
        let steps: [Step]
    }

    @Test func fiveUpdatesMatchSB3() throws {
        let f = try loadFixture(Fixture.self, "sb3_dqn_updates.json", bundle: .module)
        var config = DQNConfig.preset(for: "MountainCar-v0")
        config.netArch = [64, 64]
        let dqn = try DQN(envID: "MountainCar-v0", config: config, seed: 0)
        let online = dqn.qNetworkParameters.map(\.parameter), target = dqn.targetNetworkParameters.map(\.parameter)
        #expect(online.count == f.initial.count && target.count == f.target.count)
        for (p, w) in zip(online, f.initial) { p.assign(Tensor(shape: p.shape, scalars: w.map(Float.init))) }
        for (p, w) in zip(target, f.target) { p.assign(Tensor(shape: p.shape, scalars: w.map(Float.init))) }

        let b = f.batch_size
        for (s, step) in f.steps.enumerated() {
            var batch = ReplayBatch(batchSize: b, observationSize: 2)
            batch.observations = step.observations
            batch.nextObservations = step.next_observations
            batch.actions = step.actions
            batch.rewards = [Float](repeating: -1, count: b)
            batch.discounts = [Float](repeating: Float(f.gamma), count: b)
            batch.terminated = step.terminated
            let (loss, _) = try dqn.update(on: batch)
            #expect(abs(loss - step.loss) <= 1e-5 * max(1, abs(step.loss)), "step \(s): loss \(loss) vs SB3 \(step.loss)")
            var worst = 0.0
            for (p, want) in zip(online, step.weights_after) {
                let got = p.value.scalars
                for i in got.indices { worst = max(worst, abs(Double(got[i]) - want[i])) }
            }
            // Adam moves each weight by ≈ lr = 4e-3 a step; rounding differences stay far below.
            #expect(worst < 2e-5, "step \(s): largest weight difference \(worst)")
        }
    }
}
