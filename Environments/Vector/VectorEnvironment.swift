/// Gymnasium 1.x autoreset modes (https://farama.org/Vector-Autoreset-Mode).
public enum AutoresetMode: String, Sendable, Codable {
    /// Default here. A sub-environment that ends in a step is reset within the
    /// same step: `observations` holds the new episode's first observation,
    /// `finalObservations` the last observation of the finished episode
    /// (valid where `terminations[i] || truncations[i]`), and rewards/flags
    /// belong to the finishing step. Convenient for PPO/DQN bootstrapping on
    /// truncation.
    case sameStep
    /// Gymnasium's default: the step after an episode ends resets that
    /// sub-environment instead of stepping it (its action is ignored, reward
    /// 0, flags false).
    case nextStep
}

/// One episode that ended during the last vector step.
public struct FinishedEpisode: Equatable, Sendable {
    /// Sub-environment index.
    public var env: Int
    public var totalReward: Double
    public var length: Int
    public var terminated: Bool
}

/// N copies of an environment stepped together into contiguous buffers.
///
/// Buffers are owned by the vector environment, stay at the same address for
/// its lifetime, and are overwritten by every `reset`/`step`: copy what you
/// keep. `observations` is `count × observationSize` floats, row `i` the
/// observation of sub-environment `i` (ready to hand to a tensor in one copy).
///
/// ```swift
/// let venv = try makeVector("CartPole-v1", count: 8, workers: 2)
/// venv.reset(seed: 42)                          // copy i seeded 42 + i
/// venv.step([0, 1, 1, 0, 1, 0, 0, 1])
/// let r = venv.rewards[3], done = venv.terminations[3] || venv.truncations[3]
/// ```
public protocol VectorEnvironment: AnyObject {
    /// Number of sub-environments.
    var count: Int { get }
    var singleObservationSpace: Box { get }
    var singleActionSpace: Space { get }
    var autoresetMode: AutoresetMode { get }
    /// `count × observationSize` current observations.
    var observations: UnsafeBufferPointer<Float> { get }
    /// Last observations of episodes that ended in the last step (same-step mode; rows where done).
    var finalObservations: UnsafeBufferPointer<Float> { get }
    var rewards: UnsafeBufferPointer<Double> { get }
    var terminations: UnsafeBufferPointer<Bool> { get }
    var truncations: UnsafeBufferPointer<Bool> { get }
    /// Episodes that ended during the last step, by sub-environment index.
    var finishedEpisodes: [FinishedEpisode] { get }

    /// Resets every copy; with a seed, copy i is seeded `seed + i` (Gymnasium's rule).
    func reset(seed: UInt64?, options: ResetOptions?)
    /// Steps every copy with `count` discrete actions.
    func step(discrete actions: UnsafeBufferPointer<Int>)
    /// Steps every copy with `count × actionSize` continuous actions, row-major.
    func step(continuous actions: UnsafeBufferPointer<Float>)
}

extension VectorEnvironment {
    /// Floats per observation.
    public var observationSize: Int { singleObservationSpace.size }
    /// Resets with a seed (copy i gets seed + i) or continues the streams.
    public func reset(seed: UInt64? = nil) { reset(seed: seed, options: nil) }
    /// Steps with discrete actions (checked: count and range).
    public func step(_ actions: [Int]) {
        precondition(actions.count == count, "VectorEnv.step: \(actions.count) actions for \(count) environments")
        actions.withUnsafeBufferPointer { step(discrete: $0) }
    }
    /// Steps with continuous actions, `count × actionSize` floats.
    public func step(_ actions: [Float]) {
        precondition(actions.count == count * singleActionSpace.flatSize,
                     "VectorEnv.step: \(actions.count) action values for \(count) environments of \(singleActionSpace)")
        actions.withUnsafeBufferPointer { step(continuous: $0) }
    }
    /// A copy of the observations.
    public var observationArray: [Float] { Array(observations) }
}
