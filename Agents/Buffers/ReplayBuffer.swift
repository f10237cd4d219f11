import SwiftletCore
import SwiftletNN

/// A preallocated ring of transitions for off-policy agents (DQN): float
/// observations and next observations, discrete actions, rewards, the
/// per-transition discount (γ, or γᵏ for n-step transitions) and the
/// terminated and truncated flags kept apart, so a time-limit end still
/// bootstraps from its true final observation.
///
/// Memory: `capacity × (2·obs + 4)` words, allocated once; adding and
/// sampling allocate nothing.
///
/// ```swift
/// let buf = ReplayBuffer(capacity: 100_000, observationSize: 4)
/// buf.add(observation: o, action: 1, reward: 1, nextObservation: o2, terminated: false, truncated: false, discount: 0.99)
/// var batch = ReplayBatch(batchSize: 64, observationSize: 4)
/// var rng = PCG64(seed: 0)
/// buf.sample(into: &batch, generator: &rng)
/// ```
public final class ReplayBuffer {
    public let capacity: Int
    public let observationSize: Int
    /// Flat storage, `capacity × observationSize`.
    @exclusivity(unchecked) public internal(set) var observations: [Float]
    @exclusivity(unchecked) public internal(set) var nextObservations: [Float]
    @exclusivity(unchecked) public internal(set) var actions: [Int32]
    @exclusivity(unchecked) public internal(set) var rewards: [Float]
    @exclusivity(unchecked) public internal(set) var discounts: [Float]
    @exclusivity(unchecked) public internal(set) var terminated: [Float]
    @exclusivity(unchecked) public internal(set) var truncated: [Float]
    /// Next slot to write.
    @exclusivity(unchecked) public internal(set) var position = 0
    /// Transitions stored (≤ capacity).
    @exclusivity(unchecked) public internal(set) var count = 0

    public init(capacity: Int, observationSize: Int) {
        precondition(capacity > 0 && observationSize > 0,
                     "ReplayBuffer: capacity \(capacity) and observationSize \(observationSize) must be positive")
        self.capacity = capacity
        self.observationSize = observationSize
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
        precondition(observation.count == observationSize && nextObservation.count == observationSize,
                     "ReplayBuffer.add: observation sizes \(observation.count)/\(nextObservation.count) != \(observationSize)")
        let base = position &* observationSize
        observations.withUnsafeMutableBufferPointer { p in
            for i in 0..<observationSize { p[base &+ i] = observation[i] }
        }
        nextObservations.withUnsafeMutableBufferPointer { p in
            for i in 0..<observationSize { p[base &+ i] = nextObservation[i] }
        }
        actions[position] = Int32(action)
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
        precondition(batch.observationSize == observationSize,
                     "ReplayBuffer.gather: batch observation size \(batch.observationSize) != \(observationSize)")
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
                        discounts d: [Float], terminated te: [Float], truncated tr: [Float], position p: Int, count c: Int) {
        precondition(o.count == observations.count && n.count == nextObservations.count && a.count == capacity
                     && r.count == capacity && d.count == capacity && te.count == capacity && tr.count == capacity,
                     "ReplayBuffer.restore: arrays do not match capacity \(capacity) × \(observationSize)")
        precondition(p >= 0 && p < capacity && c >= 0 && c <= capacity, "ReplayBuffer.restore: position \(p) / count \(c) out of range")
        observations = o; nextObservations = n; actions = a; rewards = r; discounts = d
        terminated = te; truncated = tr; position = p; count = c
    }
}

/// A reusable minibatch of transitions (row-major `[batchSize, observationSize]`).
public struct ReplayBatch {
    public let batchSize: Int
    public let observationSize: Int
    public var indices: [Int]
    public var observations: [Float]
    public var nextObservations: [Float]
    public var actions: [Int]
    public var rewards: [Float]
    public var discounts: [Float]
    public var terminated: [Float]
    public var truncated: [Float]

    public init(batchSize: Int, observationSize: Int) {
        self.batchSize = batchSize
        self.observationSize = observationSize
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
