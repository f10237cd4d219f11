import SwiftletRandom

/// Everything that decides an environment's future: its physical state, small
/// integer flags (CartPole's `steps_beyond_terminated`, whether MountainCarContinuous's
/// or Acrobot's state is currently a float32 array), Gymnasium's `np_random`
/// and — when taken through `TimeLimit` — the steps of the current episode.
///
/// Restoring a snapshot into a fresh copy of the same environment makes it
/// continue bit for bit like the original (checkpoint/resume of training runs).
/// Codable (JSON-safe: finite values only).
///
/// ```swift
/// let env = TimeLimit(CartPole(), maxEpisodeSteps: 500)
/// env.reset(seed: 1)
/// let saved = env.snapshot()
/// let copy = TimeLimit(CartPole(), maxEpisodeSteps: 500)
/// try copy.restore(saved)          // copy now steps exactly like env
/// ```
public struct EnvironmentState: Codable, Equatable, Sendable {
    /// The environment's id, checked on restore.
    public var id: String
    /// The physical state (float64; float32 states are stored exactly).
    public var values: [Double]
    /// Small integer flags, meaning per environment.
    public var flags: [Int]
    /// The bit generator of `np_random`.
    public var generator: PCG64
    /// Whether `np_random` has been seeded (an unseeded env seeds from entropy on reset).
    public var seeded: Bool
    public var hasReset: Bool
    /// `TimeLimit`'s steps since the last reset; nil for a bare environment.
    public var elapsedSteps: Int?

    public init(id: String, values: [Double], flags: [Int], generator: PCG64, seeded: Bool, hasReset: Bool,
                elapsedSteps: Int? = nil) {
        self.id = id; self.values = values; self.flags = flags; self.generator = generator
        self.seeded = seeded; self.hasReset = hasReset; self.elapsedSteps = elapsedSteps
    }

    /// Throws `EnvironmentError.invalidArgument` naming the env and the counts
    /// unless the snapshot was taken from `env` with `values`/`flags` of these sizes.
    func check(_ env: String, values v: Int, flags f: Int) throws {
        guard id == env, values.count == v, flags.count == f else {
            throw EnvironmentError.invalidArgument(
                "\(env).restore: snapshot of '\(id)' with \(values.count) values and \(flags.count) flags; "
                + "expected '\(env)' with \(v) values and \(f) flags")
        }
    }
}

/// An environment whose complete state can be saved and restored
/// (all classic control environments, and `TimeLimit` over one of them).
public protocol SnapshottableEnvironment: Environment {
    /// The complete state (a few small arrays; not for the hot path).
    func snapshot() -> EnvironmentState
    /// Makes this environment continue exactly like the one `state` was taken
    /// from. Throws `EnvironmentError.invalidArgument` for a snapshot of
    /// another environment or wrapper stack.
    func restore(_ state: EnvironmentState) throws
}

extension GymnasiumSeeding {
    @usableFromInline mutating func restore(_ s: EnvironmentState) {
        rng.bitGenerator = s.generator
        seeded = s.seeded
    }
}
