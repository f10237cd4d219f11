import SwiftletCore
import SwiftletNN

/// A preallocated ring of transitions for off-policy agents: float
/// observations and next observations, discrete actions (DQN) or continuous
/// action vectors (`actionSize` > 0: SAC, TD3), rewards, the
/// per-transition discount (γ, or γᵏ for n-step transitions) and the
/// terminated and truncated flags kept apart, so a time-limit end still
/// bootstraps from its true final observation.
///
/// Memory: `capacity × (2·obs + actionSize + 5)` words, allocated once;
/// adding and sampling allocate nothing.
///
/// ```swift
/// let buf = ReplayBuffer(capacity: 100_000, observationSize: 4)
/// buf.add(observation: o, action: 1, reward: 1, nextObservation: o2, terminated: false, truncated: false, discount: 0.99)
/// var batch = ReplayBatch(batchSize: 64, observationSize: 4)
/// var rng = PCG64(seed: 0)
/// buf.sample(into: &batch, generator: &rng)
///
/// let continuous = ReplayBuffer(capacity: 100_000, observationSize: 3, actionSize: 1)   // Pendulum
/// continuous.add(observation: o, action: [0.5], reward: -1, nextObservation: o2, terminated: false, truncated: false, discount: 0.99)
/// ```
public final class ReplayBuffer {
    public let capacity: Int
    public let observationSize: Int
    /// Floats per continuous action; 0 for discrete actions.
    public let actionSize: Int
    /// Flat storage, `capacity × observationSize`.
    @exclusivity(unchecked) public internal(set) var observations: [Float]
    @exclusivity(unchecked) public internal(set) var nextObservations: [Float]
    @exclusivity(unchecked) public internal(set) var actions: [Int32]
    /// Continuous actions, `capacity × actionSize` (empty for discrete actions).
    @exclusivity(unchecked) public internal(set) var continuousActions: [Float]
    @exclusivity(unchecked) public internal(set) var rewards: [Float]
    @exclusivity(unchecked) public internal(set) var discounts: [Float]
    @exclusivity(unchecked) public internal(set) var terminated: [Float]
    @exclusivity(unchecked) public internal(set) var truncated: [Float]
    /// Next slot to write.
    @exclusivity(unchecked) public internal(set) var position = 0
    /// Transitions stored (≤ capacity).
    @exclusivity(unchecked) public internal(set) var count = 0

    /// A buffer for discrete actions (`actionSize` 0) or continuous action
    /// vectors of `actionSize` floats.
    public init(capacity: Int, observationSize: Int, actionSize: Int = 0) {
        precondition(capacity > 0 && observationSize > 0 && actionSize >= 0,
                     "ReplayBuffer: capacity \(capacity), observationSize \(observationSize) must be positive, actionSize \(actionSize) ≥ 0")
        self.capacity = capacity
        self.observationSize = observationSize
        self.actionSize = actionSize
        continuousActions = [Float](repeating: 0, count: capacity * actionSize)
        observations = [Float](repeating: 0, count: capacity * observationSize)
        nextObservations = observations
        actions = [Int32](repeating: 0, count: capacity)
        rewards = [Float](repeating: 0, count: capacity)
        discounts = rewards
        terminated = rewards
        truncated = rewards
    }

    /// Appends one transition, overwriting the oldest when full.
    public func add(observation: UnsafeBufferPointer<Float>, action: Int, reward: Float,
                    nextObservation: UnsafeBufferPointer<Float>, terminated term: Bool, truncated trunc: Bool,
                    discount: Float) {
        precondition(actionSize == 0, "ReplayBuffer.add: this buffer stores continuous actions of \(actionSize) floats")
        actions[position] = Int32(action)
        store(observation, reward: reward, nextObservation, terminated: term, truncated: trunc, discount: discount)
    }

    /// Appends one transition with a continuous action of `actionSize` floats.
    public func add(observation: UnsafeBufferPointer<Float>, action: UnsafeBufferPointer<Float>, reward: Float,
                    nextObservation: UnsafeBufferPointer<Float>, terminated term: Bool, truncated trunc: Bool,
                    discount: Float) {
        precondition(actionSize > 0 && action.count == actionSize,
                     "ReplayBuffer.add: action of \(action.count) floats, the buffer stores \(actionSize > 0 ? "\(actionSize) floats" : "discrete actions")")
        let a = position &* actionSize
        continuousActions.withUnsafeMutableBufferPointer { p in
            for i in 0..<actionSize { p[a &+ i] = action[i] }
        }
        store(observation, reward: reward, nextObservation, terminated: term, truncated: trunc, discount: discount)
    }

    /// Array convenience for the continuous `add`.
    public func add(observation: [Float], action: [Float], reward: Float, nextObservation: [Float],
                    terminated: Bool, truncated: Bool, discount: Float) {
        observation.withUnsafeBufferPointer { o in
            action.withUnsafeBufferPointer { a in
                nextObservation.withUnsafeBufferPointer { n in
                    add(observation: o, action: a, reward: reward, nextObservation: n,
                        terminated: terminated, truncated: truncated, discount: discount)
                }
            }
        }
    }

    private func store(_ observation: UnsafeBufferPointer<Float>, reward: Float, _ nextObservation: UnsafeBufferPointer<Float>,
                       terminated term: Bool, truncated trunc: Bool, discount: Float) {
        precondition(observation.count == observationSize && nextObservation.count == observationSize,
                     "ReplayBuffer.add: observation sizes \(observation.count)/\(nextObservation.count) != \(observationSize)")
        let base = position &* observationSize
        observations.withUnsafeMutableBufferPointer { p in
            for i in 0..<observationSize { p[base &+ i] = observation[i] }
        }
        nextObservations.withUnsafeMutableBufferPointer { p in
            for i in 0..<observationSize { p[base &+ i] = nextObservation[i] }
        }
        rewards[position] = reward
        discounts[position] = discount
        terminated[position] = term ? 1 : 0
        truncated[position] = trunc ? 1 : 0
        position = (position &+ 1) % capacity
        count = Swift.min(count &+ 1, capacity)
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

    /// Fills `batch` with `batch.batchSize` transitions drawn uniformly with
    /// replacement (one generator draw each, usually).
    public func sample(into batch: inout ReplayBatch, generator: inout PCG64) {
        precondition(count > 0, "ReplayBuffer.sample: the buffer is empty")
        precondition(batch.observationSize == observationSize,
                     "ReplayBuffer.sample: batch observation size \(batch.observationSize) != \(observationSize)")
        for b in 0..<batch.batchSize { batch.indices[b] = generator.nextInt(below: count) }
        gather(into: &batch)
    }

    /// Fills `batch` with the transitions at `batch.indices` (each in
    /// `0..<count`); samplers that choose indices their own way (prioritized
    /// replay) share this copy.
    public func gather(into batch: inout ReplayBatch) {
        precondition(batch.observationSize == observationSize && batch.actionSize == actionSize,
                     "ReplayBuffer.gather: batch of \(batch.observationSize) observation / \(batch.actionSize) action floats, buffer \(observationSize) / \(actionSize)")
        for b in 0..<batch.batchSize {
            precondition(batch.indices[b] >= 0 && batch.indices[b] < count,
                         "ReplayBuffer.gather: index \(batch.indices[b]) out of range 0..<\(count)")
        }
        let n = observationSize
        observations.withUnsafeBufferPointer { so in
        nextObservations.withUnsafeBufferPointer { sn in
        batch.observations.withUnsafeMutableBufferPointer { bo in
        batch.nextObservations.withUnsafeMutableBufferPointer { bn in
            for b in 0..<batch.batchSize {
                let src = batch.indices[b] &* n, dst = b &* n
                for i in 0..<n { bo[dst &+ i] = so[src &+ i]; bn[dst &+ i] = sn[src &+ i] }
            }
        }}}}
        if actionSize > 0 {
            let d = actionSize
            continuousActions.withUnsafeBufferPointer { sa in
            batch.continuousActions.withUnsafeMutableBufferPointer { ba in
                for b in 0..<batch.batchSize {
                    let src = batch.indices[b] &* d, dst = b &* d
                    for i in 0..<d { ba[dst &+ i] = sa[src &+ i] }
                }
            }}
        }
        for b in 0..<batch.batchSize {
            let i = batch.indices[b]
            batch.actions[b] = Int(actions[i])
            batch.rewards[b] = rewards[i]
            batch.discounts[b] = discounts[i]
            batch.terminated[b] = terminated[i]
            batch.truncated[b] = truncated[i]
        }
    }

    /// Restores contents saved from `observations` etc. (checkpoint resume).
    public func restore(observations o: [Float], nextObservations n: [Float], actions a: [Int32], rewards r: [Float],
                        discounts d: [Float], terminated te: [Float], truncated tr: [Float], position p: Int, count c: Int,
                        continuousActions ca: [Float] = []) {
        precondition(ca.count == continuousActions.count,
                     "ReplayBuffer.restore: \(ca.count) continuous action values, the buffer holds \(continuousActions.count)")
        precondition(o.count == observations.count && n.count == nextObservations.count && a.count == capacity
                     && r.count == capacity && d.count == capacity && te.count == capacity && tr.count == capacity,
                     "ReplayBuffer.restore: arrays do not match capacity \(capacity) × \(observationSize)")
        precondition(p >= 0 && p < capacity && c >= 0 && c <= capacity, "ReplayBuffer.restore: position \(p) / count \(c) out of range")
        observations = o; nextObservations = n; actions = a; rewards = r; discounts = d
        terminated = te; truncated = tr; position = p; count = c; continuousActions = ca
    }
}

/// A reusable minibatch of transitions (row-major `[batchSize, observationSize]`),
/// with `observationTensor` etc. as tensors for the update's graph.
public struct ReplayBatch {
    public let batchSize: Int
    public let observationSize: Int
    /// Floats per continuous action; 0 for discrete actions.
    public let actionSize: Int
    public var indices: [Int]
    /// Continuous actions `[batchSize, actionSize]` (empty for discrete actions).
    public var continuousActions: [Float]
    public var observations: [Float]
    public var nextObservations: [Float]
    public var actions: [Int]
    public var rewards: [Float]
    public var discounts: [Float]
    public var terminated: [Float]
    public var truncated: [Float]

    public init(batchSize: Int, observationSize: Int, actionSize: Int = 0) {
        self.batchSize = batchSize
        self.observationSize = observationSize
        self.actionSize = actionSize
        continuousActions = [Float](repeating: 0, count: batchSize * actionSize)
        indices = [Int](repeating: 0, count: batchSize)
        observations = [Float](repeating: 0, count: batchSize * observationSize)
        nextObservations = observations
        actions = [Int](repeating: 0, count: batchSize)
        rewards = [Float](repeating: 0, count: batchSize)
        discounts = rewards
        terminated = rewards
        truncated = rewards
    }
}

extension ReplayBatch {
    /// Observations `[batchSize, observationSize]`.
    public var observationTensor: Tensor<Float> { Tensor(shape: [batchSize, observationSize], scalars: observations) }
    /// Next observations `[batchSize, observationSize]`.
    public var nextObservationTensor: Tensor<Float> { Tensor(shape: [batchSize, observationSize], scalars: nextObservations) }
    /// Continuous actions `[batchSize, actionSize]`.
    public var continuousActionTensor: Tensor<Float> { Tensor(shape: [batchSize, actionSize], scalars: continuousActions) }
    /// Rewards, discounts and terminated flags `[batchSize]`.
    public var rewardTensor: Tensor<Float> { Tensor(shape: [batchSize], scalars: rewards) }
    public var discountTensor: Tensor<Float> { Tensor(shape: [batchSize], scalars: discounts) }
    public var terminatedTensor: Tensor<Float> { Tensor(shape: [batchSize], scalars: terminated) }
}
