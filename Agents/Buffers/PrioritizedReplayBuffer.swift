import Foundation
import SwiftletCore

/// Proportional prioritized experience replay (Schaul et al. 2016, "PER"):
/// a `ReplayBuffer` whose transitions are drawn with probability
/// `P(i) = p_i / Σ_k p_k`, where `p_i = (|δ_i| + ε)^α` is set from the
/// transition's last TD error, with importance-sampling weights that undo the
/// bias. Semantics follow OpenAI Baselines' `PrioritizedReplayBuffer`:
///
/// - a new transition gets the largest priority seen so far (initially 1), so
///   it is replayed at least about once before its error is known; that
///   maximum only grows (it is not lowered when its transition is overwritten
///   or re-prioritized);
/// - sampling is stratified: the total mass is cut into `batchSize` equal
///   segments and one uniform draw (`nextDouble`, one per element) from the
///   caller's generator picks a point in each;
/// - weights `w_i = (N·P(i))^(−β) / max_j w_j`, the maximum taken over the
///   whole buffer through the smallest priority, so weights are ≤ 1.
///
/// Priorities live in a `SumTree` and a `MinTree` over the ring's slots
/// (Double). Cost per sampled batch of B: B·O(log n) searches plus the uniform
/// buffer's copy; per priority update O(log n). Memory: the uniform buffer
/// plus `4L` Doubles (`L` = capacity padded to a power of two).
///
/// ```swift
/// let per = PrioritizedReplayBuffer(capacity: 100_000, observationSize: 4, alpha: 0.6, epsilon: 1e-6)
/// per.add(observation: o, action: 1, reward: 1, nextObservation: o2, terminated: false, truncated: false, discount: 0.99)
/// var batch = ReplayBatch(batchSize: 32, observationSize: 4)
/// var weights = [Float](repeating: 0, count: 32)
/// per.sample(into: &batch, weights: &weights, beta: 0.4, generator: &rng)
/// // ... loss = mean(wᵢ · huberᵢ), δᵢ = Q(sᵢ, aᵢ) − targetᵢ
/// per.updatePriorities(indices: batch.indices, tdErrors: δ)
/// ```
public final class PrioritizedReplayBuffer {
    /// The transitions (ring, positions and counts).
    public let storage: ReplayBuffer
    /// Priority exponent (0: uniform).
    public let alpha: Double
    /// Added to |δ| so no transition gets priority 0.
    public let epsilon: Double
    /// `p_i` per slot (0 where nothing is stored).
    @exclusivity(unchecked) public private(set) var sums: SumTree
    /// `p_i` per slot (+∞ where nothing is stored).
    @exclusivity(unchecked) public private(set) var mins: MinTree
    /// Largest priority seen (already raised to α): what new transitions get.
    @exclusivity(unchecked) public private(set) var maxPriority: Double = 1

    public var capacity: Int { storage.capacity }
    public var count: Int { storage.count }

    public init(capacity: Int, observationSize: Int, alpha: Double, epsilon: Double) {
        precondition(alpha >= 0 && alpha.isFinite, "PrioritizedReplayBuffer: alpha \(alpha) must be finite and ≥ 0")
        precondition(epsilon > 0 && epsilon.isFinite, "PrioritizedReplayBuffer: epsilon \(epsilon) must be finite and > 0")
        storage = ReplayBuffer(capacity: capacity, observationSize: observationSize)
        self.alpha = alpha
        self.epsilon = epsilon
        sums = SumTree(capacity: capacity)
        mins = MinTree(capacity: capacity)
    }

    /// The priority of a transition with TD error `tdError`: `(|δ| + ε)^α`.
    @inlinable
    public func priority(tdError: Float) -> Double {
        Foundation.pow(Double(Swift.abs(tdError)) + epsilon, alpha)
    }

    /// Appends one transition with priority `maxPriority`, overwriting the oldest when full.
    public func add(observation: UnsafeBufferPointer<Float>, action: Int, reward: Float,
                    nextObservation: UnsafeBufferPointer<Float>, terminated: Bool, truncated: Bool,
                    discount: Float) {
        let slot = storage.position
        storage.add(observation: observation, action: action, reward: reward, nextObservation: nextObservation,
                    terminated: terminated, truncated: truncated, discount: discount)
        sums.update(slot, maxPriority)
        mins.update(slot, maxPriority)
    }

    /// Array convenience for `add`.
    public func add(observation: [Float], action: Int, reward: Float, nextObservation: [Float],
                    terminated: Bool, truncated: Bool, discount: Float) {
        observation.withUnsafeBufferPointer { o in
            nextObservation.withUnsafeBufferPointer { n in
                add(observation: o, action: action, reward: reward, nextObservation: n,
                    terminated: terminated, truncated: truncated, discount: discount)
            }
        }
    }

    /// Fills `batch` with `batch.batchSize` stratified proportional draws
    /// (with replacement; element b falls in segment b of the mass) and
    /// `weights[b]` with its importance-sampling weight for exponent `beta`.
    public func sample(into batch: inout ReplayBatch, weights: inout [Float], beta: Double, generator: inout PCG64) {
        precondition(storage.count > 0, "PrioritizedReplayBuffer.sample: the buffer is empty")
        precondition(weights.count == batch.batchSize,
                     "PrioritizedReplayBuffer.sample: \(weights.count) weights for batch size \(batch.batchSize)")
        precondition(beta >= 0 && beta.isFinite, "PrioritizedReplayBuffer.sample: beta \(beta) must be finite and ≥ 0")
        let total = sums.total
        let segment = total / Double(batch.batchSize)
        for b in 0..<batch.batchSize {
            let mass = generator.nextDouble() * segment + Double(b) * segment
            batch.indices[b] = sums.prefixSearch(mass)
        }
        storage.gather(into: &batch)
        let n = Double(storage.count)
        let maxWeight = Foundation.pow(mins.minimum / total * n, -beta)
        for b in 0..<batch.batchSize {
            let p = sums[batch.indices[b]] / total
            weights[b] = Float(Foundation.pow(p * n, -beta) / maxWeight)
        }
    }

    /// Sets the priority of slot `indices[b]` to `(|tdErrors[b]| + ε)^α`, in
    /// order (a slot drawn twice keeps its last error), and raises `maxPriority`.
    public func updatePriorities(indices: [Int], tdErrors: [Float]) {
        precondition(indices.count == tdErrors.count,
                     "PrioritizedReplayBuffer.updatePriorities: \(indices.count) indices, \(tdErrors.count) errors")
        for (i, d) in zip(indices, tdErrors) {
            precondition(i >= 0 && i < storage.count,
                         "PrioritizedReplayBuffer.updatePriorities: index \(i) out of range 0..<\(storage.count)")
            precondition(d.isFinite, "PrioritizedReplayBuffer.updatePriorities: TD error \(d) at index \(i) is not finite")
            let p = priority(tdError: d)
            sums.update(i, p)
            mins.update(i, p)
            if p > maxPriority { maxPriority = p }
        }
    }

    /// Restores the priorities saved from `sums.leaves` and `maxPriority`
    /// (checkpoint resume; call after `storage.restore`). Rebuilds both trees
    /// bottom-up, which gives the same bits as the trees that were saved.
    public func restorePriorities(_ priorities: [Double], maxPriority m: Double) {
        precondition(priorities.count == capacity,
                     "PrioritizedReplayBuffer.restorePriorities: \(priorities.count) priorities for capacity \(capacity)")
        precondition(m > 0 && m.isFinite, "PrioritizedReplayBuffer.restorePriorities: max priority \(m) must be finite and > 0")
        sums.setLeaves(priorities)
        let c = storage.count
        mins.setLeaves(priorities.enumerated().map { $0.offset < c ? $0.element : .infinity })
        maxPriority = m
    }
}
