import Foundation

/// A registered (or registrable) environment: Gymnasium's `EnvSpec` — the
/// id, time limit, reward threshold and spaces — plus how to make it. Made
/// from a factory of the concrete environment type, so `makeVector` builds a
/// `VectorEnv` specialized on that type (statically dispatched steps, and
/// snapshots for checkpoints when the type has them).
///
/// A spec need not be registered: algorithms take one directly.
///
/// ```swift
/// let spec = EnvSpec(id: "Catch-v0", maxEpisodeSteps: 200, rewardThreshold: 0.9) { Catch() }
/// try Registry.register(spec)               // now `make("Catch-v0")`, `swiftlet envs`, `train`, `watch`
/// let venv = spec.makeVector(count: 8)
/// ```
public struct EnvSpec: @unchecked Sendable, CustomStringConvertible {
    public let id: String
    /// The `TimeLimit` `make` applies (nil: none).
    public let maxEpisodeSteps: Int?
    /// The return at which the task counts as solved (nil: none, as Pendulum-v1).
    public let rewardThreshold: Double?
    public let observationSpace: Box
    public let actionSpace: Space
    private let makeWrapped: (Int) -> any Environment
    private let makeVectorEnv: (Int, Int, AutoresetMode, Int) -> any VectorEnvironment

    /// A spec whose environments come from `factory` (called once here to
    /// read the spaces, then once per copy).
    public init<E: Environment>(id: String, maxEpisodeSteps: Int?, rewardThreshold: Double? = nil,
                                factory: @escaping @Sendable () -> E) {
        precondition(maxEpisodeSteps.map { $0 > 0 } ?? true, "EnvSpec \(id): maxEpisodeSteps must be positive, got \(maxEpisodeSteps!)")
        let probe = factory()
        self.id = id
        self.maxEpisodeSteps = maxEpisodeSteps
        self.rewardThreshold = rewardThreshold
        observationSpace = probe.observationSpace
        actionSpace = probe.actionSpace
        makeWrapped = { limit in limit > 0 ? TimeLimit(factory(), maxEpisodeSteps: limit) as any Environment : factory() }
        makeVectorEnv = { count, workers, mode, limit in
            if limit > 0 {
                return VectorEnv(count: count, workers: workers, autoresetMode: mode) { _ in TimeLimit(factory(), maxEpisodeSteps: limit) }
            }
            return VectorEnv(count: count, workers: workers, autoresetMode: mode) { _ in factory() }
        }
    }

    /// Gymnasium's `make`: a new environment in its `TimeLimit` (`maxEpisodeSteps`
    /// overrides the registered limit; 0 disables it).
    public func makeEnvironment(maxEpisodeSteps limit: Int? = nil) -> any Environment {
        makeWrapped(limit ?? maxEpisodeSteps ?? 0)
    }

    /// Gymnasium's `make_vec`: `count` copies, each in its `TimeLimit`, stepped
    /// on `workers` threads.
    public func makeVector(count: Int, workers: Int = 1, autoresetMode: AutoresetMode = .sameStep,
                           maxEpisodeSteps limit: Int? = nil) -> any VectorEnvironment {
        makeVectorEnv(count, workers, autoresetMode, limit ?? maxEpisodeSteps ?? 0)
    }

    public var description: String {
        "\(id): observations \(observationSpace), actions \(actionSpace), max episode steps \(maxEpisodeSteps.map(String.init) ?? "none"), reward threshold \(rewardThreshold.map { "\($0)" } ?? "none")"
    }
}

/// The environment registry: Gymnasium's ids, time limits and reward
/// thresholds for the built-in tasks, and whatever other packages register.
/// Thread-safe; registration order is kept.
///
/// ```swift
/// for spec in Registry.specs { print(spec) }
/// let env = try make("Pendulum-v1")          // TimeLimit(Pendulum(), 200)
/// try Registry.register(id: "Catch-v0", maxEpisodeSteps: 200, rewardThreshold: 0.9) { Catch() }
/// ```
public enum Registry {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var registered: [EnvSpec] = [
        EnvSpec(id: "CartPole-v1", maxEpisodeSteps: 500, rewardThreshold: 475.0) { CartPole() },
        EnvSpec(id: "MountainCar-v0", maxEpisodeSteps: 200, rewardThreshold: -110.0) { MountainCar() },
        EnvSpec(id: "MountainCarContinuous-v0", maxEpisodeSteps: 999, rewardThreshold: 90.0) { MountainCarContinuous() },
        EnvSpec(id: "Acrobot-v1", maxEpisodeSteps: 500, rewardThreshold: -100.0) { Acrobot() },
        EnvSpec(id: "Pendulum-v1", maxEpisodeSteps: 200, rewardThreshold: nil) { Pendulum() },
    ]

    /// Registers `spec`. Throws `EnvironmentError.invalidArgument` when its id
    /// is taken, unless `replacing` (Gymnasium warns and overrides).
    public static func register(_ spec: EnvSpec, replacing: Bool = false) throws {
        lock.lock(); defer { lock.unlock() }
        if let i = registered.firstIndex(where: { $0.id == spec.id }) {
            guard replacing else {
                throw EnvironmentError.invalidArgument("environment id '\(spec.id)' is already registered (pass replacing: true to override it)")
            }
            registered[i] = spec
        } else {
            registered.append(spec)
        }
    }

    /// Registers environments made by `factory` under `id` (see `EnvSpec`).
    public static func register<E: Environment>(id: String, maxEpisodeSteps: Int?, rewardThreshold: Double? = nil,
                                                replacing: Bool = false, factory: @escaping @Sendable () -> E) throws {
        try register(EnvSpec(id: id, maxEpisodeSteps: maxEpisodeSteps, rewardThreshold: rewardThreshold, factory: factory),
                     replacing: replacing)
    }

    /// All registered ids, in registration order.
    public static var ids: [String] { specs.map(\.id) }

    /// All specs, in registration order.
    public static var specs: [EnvSpec] { lock.lock(); defer { lock.unlock() }; return registered }

    /// The spec of `id`, or nil.
    public static func spec(_ id: String) -> EnvSpec? {
        lock.lock(); defer { lock.unlock() }
        return registered.first { $0.id == id }
    }

    /// The spec of `id`; throws `unknownEnvironment` listing the valid ids.
    public static func requireSpec(_ id: String) throws -> EnvSpec {
        guard let s = spec(id) else { throw EnvironmentError.unknownEnvironment(id: id, available: ids) }
        return s
    }
}

/// Gymnasium's `gym.make(id)`: the environment wrapped in its registered
/// `TimeLimit` (override with `maxEpisodeSteps`; 0 disables it). Stepping
/// before `reset` throws through the checked API (Gymnasium's OrderEnforcing).
/// Throws `EnvironmentError.unknownEnvironment` listing the valid ids.
public func make(_ id: String, maxEpisodeSteps: Int? = nil) throws -> any Environment {
    try Registry.requireSpec(id).makeEnvironment(maxEpisodeSteps: maxEpisodeSteps)
}
