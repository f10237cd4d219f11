/// How to make an environment, with Gymnasium's `EnvSpec` fields that matter
/// here: the id, the `TimeLimit` `make` applies, the reward at which the task
/// counts as solved, the spaces, and a factory for single and vector copies.
///
/// A spec is what `Registry.register` stores and what `make`/`makeVector`
/// use; it can also be built for an environment that is never registered, to
/// hand a user environment to anything that takes a spec:
///
/// ```swift
/// let spec = EnvSpec(id: "Catch-v0", maxEpisodeSteps: 100, rewardThreshold: 0.9) { Catch() }
/// let env = spec.makeEnvironment()                       // TimeLimit(Catch(), 100)
/// let venv = spec.makeVector(count: 8, workers: 2)       // VectorEnv<TimeLimit<Catch>>
/// ```
///
/// Cost: the initializer builds one environment to read its spaces.
/// `makeVector` returns a `VectorEnv<TimeLimit<E>>` on the concrete type `E`
/// given to the initializer, so per-copy steps are statically dispatched, and
/// the vector is a `SnapshottableVectorEnvironment` when `E` is a
/// `SnapshottableEnvironment`.
public struct EnvSpec: Sendable, CustomStringConvertible {
    public let id: String
    /// The `TimeLimit` `make` applies (nil: none).
    public let maxEpisodeSteps: Int?
    /// The return at which the task counts as solved (nil: none, as Pendulum-v1).
    public let rewardThreshold: Double?
    public let observationSpace: Box
    public let actionSpace: Space
    // Internal (not private) so cross-module optimization can serialize `init`.
    let single: @Sendable (Int) -> any Environment
    let vector: @Sendable (Int, Int, AutoresetMode, Int) -> any VectorEnvironment

    /// A spec whose environments are made by `factory` (called once per copy,
    /// and once here to read the spaces). `maxEpisodeSteps` must be positive
    /// when given.
    public init<E: Environment>(id: String, maxEpisodeSteps: Int? = nil, rewardThreshold: Double? = nil,
                                factory: @escaping @Sendable () -> E) {
        precondition(maxEpisodeSteps.map { $0 > 0 } ?? true,
                     "EnvSpec(\(id)): maxEpisodeSteps must be positive, got \(maxEpisodeSteps!)")
        let probe = factory()
        self.id = id
        self.maxEpisodeSteps = maxEpisodeSteps
        self.rewardThreshold = rewardThreshold
        observationSpace = probe.observationSpace
        actionSpace = probe.actionSpace
        single = { limit in
            limit > 0 ? TimeLimit(factory(), maxEpisodeSteps: limit) as any Environment : factory()
        }
        vector = { count, workers, mode, limit in
            VectorEnv(count: count, workers: workers, autoresetMode: mode) { _ in
                TimeLimit(factory(), maxEpisodeSteps: limit)
            }
        }
    }

    /// Gymnasium's `gym.make(spec)`: a new environment in the registered
    /// `TimeLimit` (`maxEpisodeSteps` overrides it; 0, or no limit at all,
    /// gives the bare environment).
    public func makeEnvironment(maxEpisodeSteps: Int? = nil) -> any Environment {
        single(maxEpisodeSteps ?? self.maxEpisodeSteps ?? 0)
    }

    /// Gymnasium's `gym.make_vec(spec, num_envs, vectorization_mode="sync")`:
    /// `count` copies, each in a `TimeLimit` (`maxEpisodeSteps` overrides the
    /// registered one; 0 or no limit at all: a limit that never truncates),
    /// stepped on `workers` threads.
    public func makeVector(count: Int, workers: Int = 1, autoresetMode: AutoresetMode = .sameStep,
                           maxEpisodeSteps: Int? = nil) -> any VectorEnvironment {
        let limit = maxEpisodeSteps ?? self.maxEpisodeSteps ?? 0
        return vector(count, workers, autoresetMode, limit > 0 ? limit : Int.max)
    }

    public var description: String {
        "\(id): observations \(observationSpace), actions \(actionSpace), max episode steps \(maxEpisodeSteps.map(String.init) ?? "none"), reward threshold \(rewardThreshold.map { "\($0)" } ?? "none")"
    }
}
