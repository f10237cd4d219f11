import Foundation
import Testing
import SwiftletCore
import SwiftletAgents

/// Prioritized replay: the trees against brute force, sampling frequencies
/// and stratification, importance weights and priority updates against the
/// formulas of Schaul et al. (2016) computed here independently, determinism,
/// the weighted loss and its gradient, and the config keys. (Bitwise resume is
/// in ResumeTests.)
@Suite struct PrioritizedReplayTests {
    /// Inclusive cumulative sums in index order (the brute-force reference).
    func cumulative(_ v: [Double]) -> [Double] {
        var out: [Double] = [], s = 0.0
        for x in v { s += x; out.append(s) }
        return out
    }

    /// Smallest j with cum[j] > mass (the definition of the prefix search).
    func bruteSearch(_ cum: [Double], _ mass: Double) -> Int? { cum.firstIndex { $0 > mass } }

    @Test func sumAndMinTreesMatchBruteForceOnRandomPriorities() {
        var g = PCG64(seed: 11)
        for capacity in [1, 2, 3, 5, 8, 13, 64, 100, 1000] {
            var sum = SumTree(capacity: capacity), mins = MinTree(capacity: capacity)
            var leaves = [Double](repeating: 0, count: capacity)
            var set = [Bool](repeating: false, count: capacity)
            // Integer-valued priorities keep every partial sum exact, so the
            // search must agree with the brute force everywhere, boundaries included.
            for _ in 0..<(3 * capacity + 5) {
                let i = g.nextInt(below: capacity)
                let v = g.nextInt(below: 5) == 0 ? 0 : Double(1 + g.nextInt(below: 1000))
                sum.update(i, v); mins.update(i, v)
                leaves[i] = v; set[i] = true
            }
            let cum = cumulative(leaves)
            #expect(sum.total == cum.last!)
            #expect(sum.leaves == leaves)
            for j in 0..<capacity { #expect(sum[j] == leaves[j]) }
            let setValues = zip(leaves, set).filter { $0.1 }.map { $0.0 }
            #expect(mins.minimum == (setValues.min() ?? .infinity))
            guard sum.total > 0 else { continue }
            var masses = (0..<200).map { _ in g.nextDouble() * sum.total }
            masses += ([0] + cum).filter { $0 < sum.total }       // exact interval starts
            for m in masses {
                let j = sum.prefixSearch(m)
                #expect(j == bruteSearch(cum, m), "capacity \(capacity), mass \(m)")
                #expect(leaves[j] > 0)
            }
            // Mass at or past the total: the last non-zero leaf.
            let lastPositive = leaves.lastIndex { $0 > 0 }!
            #expect(sum.prefixSearch(sum.total) == lastPositive)
            #expect(sum.prefixSearch(sum.total * 2) == lastPositive)
            // A rebuild from the leaves (checkpoint restore) gives the same tree.
            var rebuilt = SumTree(capacity: capacity)
            rebuilt.setLeaves(leaves)
            #expect(rebuilt.total == sum.total)
            for _ in 0..<50 { let m = g.nextDouble() * sum.total; #expect(rebuilt.prefixSearch(m) == sum.prefixSearch(m)) }
        }
    }

    @Test func sumTreeSearchOnRealPrioritiesLandsInTheRightInterval() {
        var g = PCG64(seed: 12)
        let capacity = 777
        var sum = SumTree(capacity: capacity)
        var leaves = [Double](repeating: 0, count: capacity)
        for i in 0..<capacity {
            let v = g.nextInt(below: 10) == 0 ? 0 : Foundation.pow(g.nextDouble() + 1e-6, 3) * 50
            sum.update(i, v); leaves[i] = v
        }
        // Overwrite half of them again (ancestors are recomputed, not patched).
        for _ in 0..<400 { let i = g.nextInt(below: capacity); let v = g.nextDouble(); sum.update(i, v); leaves[i] = v }
        let cum = cumulative(leaves)
        let total = cum.last!
        #expect(abs(sum.total - total) <= 1e-12 * total)
        let tol = 1e-9 * total
        for _ in 0..<2000 {
            let m = g.nextDouble() * total
            let j = sum.prefixSearch(m)
            #expect(leaves[j] > 0)
            let lo = j == 0 ? 0 : cum[j - 1]
            #expect(lo - tol <= m && m < cum[j] + tol, "mass \(m) outside leaf \(j)'s interval [\(lo), \(cum[j]))")
        }
    }

    /// A buffer of `count` transitions whose observation is [slot, −slot], with
    /// priorities from the TD errors `deltas` (one per slot).
    func filled(capacity: Int, count: Int, deltas: [Float], alpha: Double = 0.6, eps: Double = 1e-6) -> PrioritizedReplayBuffer {
        let per = PrioritizedReplayBuffer(capacity: capacity, observationSize: 2, alpha: alpha, epsilon: eps)
        for t in 0..<count {
            per.add(observation: [Float(t), -Float(t)], action: t % 3, reward: Float(t), nextObservation: [Float(t) + 1, 0],
                    terminated: false, truncated: false, discount: 0.99)
        }
        per.updatePriorities(indices: Array(0..<count), tdErrors: deltas)
        return per
    }

    func expectedPriorities(_ deltas: [Float], alpha: Double, eps: Double) -> [Double] {
        deltas.map { Foundation.pow(Double(abs($0)) + eps, alpha) }
    }

    @Test func newTransitionsGetTheMaximumPriorityAndUpdatesFollowTheFormula() {
        let per = PrioritizedReplayBuffer(capacity: 8, observationSize: 1, alpha: 0.7, epsilon: 0.01)
        for t in 0..<3 { per.add(observation: [Float(t)], action: 0, reward: 0, nextObservation: [0], terminated: false, truncated: false, discount: 1) }
        #expect(per.sums.leaves == [1, 1, 1, 0, 0, 0, 0, 0])
        #expect(per.sums.total == 3 && per.mins.minimum == 1)
        per.updatePriorities(indices: [0, 2, 0], tdErrors: [-5, 0.5, 2])   // slot 0 drawn twice: last error wins
        let p0 = Foundation.pow(2.01, 0.7), p2 = Foundation.pow(0.51, 0.7), big = Foundation.pow(5.01, 0.7)
        #expect(per.sums[0] == p0 && per.sums[1] == 1 && per.sums[2] == p2)
        #expect(per.maxPriority == big, "the maximum only grows: (5 + 0.01)^0.7 stays after slot 0 is lowered")
        #expect(per.mins.minimum == p2)
        per.add(observation: [3], action: 0, reward: 0, nextObservation: [0], terminated: false, truncated: false, discount: 1)
        #expect(per.sums[3] == big)
        #expect(abs(per.sums.total - (p0 + 1 + p2 + big)) < 1e-12)
    }

    @Test func samplingFrequenciesAreProportionalToPrioritiesToTheAlpha() {
        let capacity = 32, count = 20, alpha = 0.6, eps = 1e-6
        var g = PCG64(seed: 5)
        // Small errors too, but every expected count stays large (≥ ~500) for the χ² approximation.
        let deltas = (0..<count).map { i in Float(i % 4 == 0 ? 0.05 : 0.1 + g.nextDouble() * 4) }
        let per = filled(capacity: capacity, count: count, deltas: deltas, alpha: alpha, eps: eps)
        let p = expectedPriorities(deltas, alpha: alpha, eps: eps)
        let total = p.reduce(0, +)
        let cum = cumulative(p)
        let batchSize = 32, rounds = 3000
        var batch = ReplayBatch(batchSize: batchSize, observationSize: 2)
        var weights = [Float](repeating: 0, count: batchSize)
        var counts = [Int](repeating: 0, count: count)
        var outside = 0, wrongRows = 0
        var rng = PCG64(seed: 99)
        for _ in 0..<rounds {
            per.sample(into: &batch, weights: &weights, beta: 0.4, generator: &rng)
            for b in 0..<batchSize {
                let i = batch.indices[b]
                guard i >= 0 && i < count else { Issue.record("index \(i) beyond the stored transitions"); return }
                counts[i] += 1
                if !(batch.observations[2 * b] == Float(i) && batch.observations[2 * b + 1] == -Float(i)
                     && batch.rewards[b] == Float(i) && batch.actions[b] == i % 3) { wrongRows += 1 }
                // Stratified: element b comes from segment b of the mass.
                let lo = i == 0 ? 0 : cum[i - 1]
                let segLo = Double(b) * total / Double(batchSize), segHi = Double(b + 1) * total / Double(batchSize)
                if !(lo <= segHi * (1 + 1e-12) && cum[i] >= segLo * (1 - 1e-12)) { outside += 1 }
            }
        }
        #expect(wrongRows == 0, "batch rows that are not the transition at their index")
        #expect(outside == 0, "\(outside) draws fell outside their element's segment of the mass")
        let n = Double(batchSize * rounds)
        func chiSquare(_ expectedP: [Double]) -> Double {
            zip(counts, expectedP).reduce(0) { acc, e in
                let exp = n * e.1
                return acc + (Double(e.0) - exp) * (Double(e.0) - exp) / exp
            }
        }
        // 19 degrees of freedom: P(χ² > 45.6) = 0.0005 for independent draws
        // (stratification only lowers it).
        let chi = chiSquare(p.map { $0 / total })
        #expect(chi < 45.6, "χ² = \(chi) against P ∝ (|δ|+ε)^α")
        // The statistic does tell the alternatives apart.
        let linear = deltas.map { Double(abs($0)) + eps }, linearTotal = linear.reduce(0, +)
        #expect(chiSquare(linear.map { $0 / linearTotal }) > 1000, "α ignored would not be detected")
        #expect(chiSquare([Double](repeating: 1 / Double(count), count: count)) > 1000, "uniform would not be detected")
    }

    @Test func importanceWeightsMatchTheFormula() {
        // Hand example: α = 1, priorities 1 and 3 (ε negligible), N = 2, β = 1:
        // P = 1/4, 3/4; (N·P)^−1 = 2, 2/3; normalized by the max: 1, 1/3.
        // Four segments of mass 1: [0, 1) is slot 0, the other three slot 1.
        let two = filled(capacity: 4, count: 2, deltas: [1, 3], alpha: 1, eps: 1e-12)
        var b2 = ReplayBatch(batchSize: 4, observationSize: 2)
        var w2: [Float] = [0, 0, 0, 0]
        var r = PCG64(seed: 1)
        two.sample(into: &b2, weights: &w2, beta: 1, generator: &r)
        #expect(b2.indices == [0, 1, 1, 1])
        #expect(abs(w2[0] - 1) < 1e-6 && w2[1...].allSatisfy { abs($0 - 1.0 / 3) < 1e-6 }, "\(w2)")

        let capacity = 64, count = 50, alpha = 0.6, eps = 1e-6
        var g = PCG64(seed: 8)
        let deltas = (0..<count).map { _ in Float(g.nextDouble() * 10 - 5) }
        let per = filled(capacity: capacity, count: count, deltas: deltas, alpha: alpha, eps: eps)
        let p = expectedPriorities(deltas, alpha: alpha, eps: eps)
        let total = p.reduce(0, +), nn = Double(count)
        var batch = ReplayBatch(batchSize: 16, observationSize: 2)
        var weights = [Float](repeating: 0, count: 16)
        var rng = PCG64(seed: 3)
        for beta in [0.0, 0.4, 0.7, 1.0] {
            per.sample(into: &batch, weights: &weights, beta: beta, generator: &rng)
            let maxW = p.map { Foundation.pow(nn * $0 / total, -beta) }.max()!
            for b in 0..<16 {
                let i = batch.indices[b]
                let w = Foundation.pow(nn * p[i] / total, -beta) / maxW
                #expect(abs(Double(weights[b]) - w) <= 1e-6 * w, "β \(beta), slot \(i): \(weights[b]) vs \(w)")
                #expect(weights[b] <= 1)
            }
        }
    }

    @Test func samplingIsDeterministicInTheSeed() {
        let deltas: [Float] = (0..<30).map { Float($0 % 7) - 3 }
        let a = filled(capacity: 40, count: 30, deltas: deltas), b = filled(capacity: 40, count: 30, deltas: deltas)
        var ba = ReplayBatch(batchSize: 8, observationSize: 2), bb = ReplayBatch(batchSize: 8, observationSize: 2)
        var wa = [Float](repeating: 0, count: 8), wb = wa
        var ga = PCG64(seed: 21), gb = PCG64(seed: 21), gc = PCG64(seed: 22)
        var seqA: [Int] = [], seqB: [Int] = [], seqC: [Int] = []
        for _ in 0..<20 {
            a.sample(into: &ba, weights: &wa, beta: 0.5, generator: &ga)
            b.sample(into: &bb, weights: &wb, beta: 0.5, generator: &gb)
            #expect(wa == wb)
            seqA += ba.indices; seqB += bb.indices
            b.sample(into: &bb, weights: &wb, beta: 0.5, generator: &gc)
            seqC += bb.indices
        }
        #expect(seqA == seqB)
        #expect(seqA != seqC)
        #expect(ga == gb, "one draw per element: the generators stay in step")
    }

    @Test func weightedLossAndGradientMatchBruteForce() {
        let pred: [Double] = [0.2, -3, 1.5, 0.99, -0.4, 2]
        let target: [Double] = [0, 0.5, -1, 0, 0.3, 2]
        let w: [Double] = [1, 0.5, 0.25, 0.8, 0.1, 0.7]
        let x = Tensor<Double>(pred).requiringGrad()
        let loss = weightedSmoothL1Loss(x, Tensor(target), weights: Tensor(w))
        loss.backward()
        let n = Double(pred.count)
        var expected = 0.0
        var grad: [Double] = []
        for i in 0..<pred.count {
            let d = pred[i] - target[i]
            expected += w[i] * (abs(d) < 1 ? 0.5 * d * d : abs(d) - 0.5) / n
            grad.append(w[i] * (abs(d) < 1 ? d : (d > 0 ? 1 : -1)) / n)
        }
        #expect(abs(loss.scalar - expected) < 1e-14)
        let gx = x.grad!.scalars
        for i in 0..<pred.count { #expect(abs(gx[i] - grad[i]) < 1e-14, "grad[\(i)] \(gx[i]) vs \(grad[i])") }
        let ones = weightedSmoothL1Loss(Tensor(pred), Tensor(target), weights: Tensor([Double](repeating: 1, count: 6)))
        #expect(abs(ones.scalar - smoothL1Loss(Tensor(pred), Tensor(target)).scalar) < 1e-14)
    }

    /// lr 0 keeps the online (and target) network fixed, so the TD errors of
    /// the first gradient step can be recomputed here from the stored
    /// transitions: every slot that was drawn must hold (|δ|+ε)^α, every other
    /// slot still the initial priority 1.
    @Test func dqnWritesTheBatchTDErrorsAsPriorities() throws {
        var c = DQNConfig.preset(for: "CartPole-v1")
        c.nTimesteps = 1000; c.learningStarts = 50; c.trainFreq = 64; c.gradientSteps = 1; c.batchSize = 16
        c.bufferSize = 500; c.netArch = [16]; c.learningRate = 0; c.targetUpdateInterval = 10_000
        c.prioritizedReplay = true; c.prioritizedReplayAlpha = 0.6; c.prioritizedReplayEps = 1e-6
        let dqn = try DQN(envID: "CartPole-v1", config: c, seed: 4)
        try dqn.iterate()
        let per = try #require(dqn.prioritizedReplayBuffer)
        let buf = dqn.replayBuffer
        #expect(per.storage === buf && buf.count == 64 && dqn.updates == 1)
        let q = dqn.qValues(Array(buf.observations[0..<(64 * 4)]))
        let qNext = dqn.qValues(Array(buf.nextObservations[0..<(64 * 4)]))
        var changed = 0
        for i in 0..<64 {
            let p = per.sums[i]
            if p == 1 { continue }
            changed += 1
            let a = Int(buf.actions[i])
            let next = Double(max(qNext[2 * i], qNext[2 * i + 1]))
            let target = Double(buf.rewards[i]) + (1 - Double(buf.terminated[i])) * Double(buf.discounts[i]) * next
            let delta = Double(q[2 * i + a]) - target
            let expected = Foundation.pow(abs(delta) + 1e-6, 0.6)
            #expect(abs(p - expected) <= 1e-5 * expected, "slot \(i): priority \(p), (|δ|+ε)^α = \(expected)")
        }
        #expect(changed >= 1 && changed <= 16, "\(changed) slots re-prioritized by one batch of 16")
        let maxP = (0..<64).map { per.sums[$0] }.max()!
        #expect(per.maxPriority == max(1, maxP))
        #expect(dqn.prioritizedReplayBeta > 0.4 && dqn.prioritizedReplayBeta < 1)
        #expect(abs(dqn.prioritizedReplayBeta - (0.4 + 0.064 * 0.6)) < 1e-12, "β linear from 0.4 to 1 over n_timesteps")
    }

    @Test func configKeysValidateAndNameTheKey() throws {
        let c = try DQNConfig().applying(overrides: ["prioritized_replay": "true", "prioritized_replay_alpha": "0.7",
                                                     "prioritized_replay_beta0": "0.5", "prioritized_replay_beta_final": "0.9",
                                                     "prioritized_replay_eps": "1e-5"])
        #expect(c.prioritizedReplay && c.prioritizedReplayAlpha == 0.7 && c.prioritizedReplayBeta0 == 0.5
                && c.prioritizedReplayBetaFinal == 0.9 && c.prioritizedReplayEps == 1e-5)
        let d = DQNConfig()
        #expect(!d.prioritizedReplay && d.prioritizedReplayAlpha == 0.6 && d.prioritizedReplayBeta0 == 0.4
                && d.prioritizedReplayBetaFinal == 1 && d.prioritizedReplayEps == 1e-6)
        #expect(try DQNConfig(yaml: c.yamlString) == c)
        for (key, value) in [("prioritized_replay", "maybe"), ("prioritized_replay_alpha", "1.5"),
                             ("prioritized_replay_alpha", "-0.1"), ("prioritized_replay_beta0", "-1"),
                             ("prioritized_replay_beta_final", "2"), ("prioritized_replay_eps", "0"),
                             ("prioritized_replay_eps", "abc")] {
            do { _ = try DQNConfig().applying(overrides: [key: value]); Issue.record("no error for \(key)=\(value)") } catch {
                #expect("\(error)".contains(key), "\(error)")
            }
        }
        do { _ = try DQNConfig(yaml: "prioritized_replay_beta: 0.5"); Issue.record("no error") } catch {
            #expect("\(error)".contains("prioritized_replay_beta"))
        }
    }
}
