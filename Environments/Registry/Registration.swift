import Foundation

/// The environment registry (Gymnasium's `gym.register` / `gym.registry`):
/// ids mapped to `EnvSpec`s, in registration order, shared by `make`,
/// `makeVector`, `swiftlet envs`, `train` and `watch`. The five classic
/// control tasks are registered through the same `register` on first use.
///
/// Thread-safe (a lock around a small dictionary; lookups cost a lock and a
/// hash, not for the per-step hot path).
///
/// ```swift
/// try Registry.register(id: "Catch-v0", maxEpisodeSteps: 100, rewardThreshold: 0.9) { Catch() }
/// let env = try make("Catch-v0")
/// for spec in Registry.specs { print(spec) }
/// let venv = try makeVector("CartPole-v1", count: 8, workers: 2)
/// ```
public enum Registry {
    /// Registers `factory` under `id`. Throws `EnvironmentError.invalidArgument`
    /// when `id` is taken, unless `replacing` is true (the new spec then takes
    /// the old one's place in the order).
    public static func register<E: Environment>(id: String, maxEpisodeSteps: Int? = nil, rewardThreshold: Double? = nil,
                                                replacing: Bool = false, factory: @escaping @Sendable () -> E) throws {
        try register(EnvSpec(id: id, maxEpisodeSteps: maxEpisodeSteps, rewardThreshold: rewardThreshold, factory: factory),
                     replacing: replacing)
    }

    /// Registers a spec under its id (see `register(id:maxEpisodeSteps:rewardThreshold:replacing:factory:)`).
    public static func register(_ spec: EnvSpec, replacing: Bool = false) throws {
        try store.add(spec, replacing: replacing)
    }

    /// Removes `id` (no effect when it is not registered); returns whether it was.
    @discardableResult
    public static func unregister(_ id: String) -> Bool { store.remove(id) }

    /// All registered ids, in registration order.
    public static var ids: [String] { store.all().map(\.id) }

    /// All specs, in registration order.
    public static var specs: [EnvSpec] { store.all() }

    /// The spec of `id`, or nil.
    public static func spec(_ id: String) -> EnvSpec? { store.get(id) }

    /// Throws `unknownEnvironment` listing the valid ids.
    public static func requireSpec(_ id: String) throws -> EnvSpec {
        guard let s = spec(id) else { throw EnvironmentError.unknownEnvironment(id: id, available: ids) }
        return s
    }

    private static let store = RegistryStore()
}

/// The lock-protected table behind `Registry`, holding the built-ins from the start.
private final class RegistryStore: @unchecked Sendable {
    private let lock = NSLock()
    private var order: [String] = []
    private var table: [String: EnvSpec] = [:]

    init() {
        for spec in [
            EnvSpec(id: "CartPole-v1", maxEpisodeSteps: 500, rewardThreshold: 475.0) { CartPole() },
            EnvSpec(id: "MountainCar-v0", maxEpisodeSteps: 200, rewardThreshold: -110.0) { MountainCar() },
            EnvSpec(id: "MountainCarContinuous-v0", maxEpisodeSteps: 999, rewardThreshold: 90.0) { MountainCarContinuous() },
            EnvSpec(id: "Acrobot-v1", maxEpisodeSteps: 500, rewardThreshold: -100.0) { Acrobot() },
            EnvSpec(id: "Pendulum-v1", maxEpisodeSteps: 200, rewardThreshold: nil) { Pendulum() },
        ] {
            try! add(spec, replacing: false)
        }
    }

    func add(_ spec: EnvSpec, replacing: Bool) throws {
        lock.lock(); defer { lock.unlock() }
        if table[spec.id] != nil {
            guard replacing else {
                throw EnvironmentError.invalidArgument(
                    "Registry.register: '\(spec.id)' is already registered; pass replacing: true to replace it")
            }
        } else {
            order.append(spec.id)
        }
        table[spec.id] = spec
    }

    func remove(_ id: String) -> Bool {
        lock.lock(); defer { lock.unlock() }
        guard table.removeValue(forKey: id) != nil else { return false }
        order.removeAll { $0 == id }
        return true
    }

    func get(_ id: String) -> EnvSpec? {
        lock.lock(); defer { lock.unlock() }
        return table[id]
    }

    func all() -> [EnvSpec] {
        lock.lock(); defer { lock.unlock() }
        return order.map { table[$0]! }
    }
}

/// Gymnasium's `gym.make(id)`: the registered environment in its `TimeLimit`
/// (override with `maxEpisodeSteps`; 0 disables it). Stepping before `reset`
/// throws through the checked API (Gymnasium's OrderEnforcing).
/// Throws `EnvironmentError.unknownEnvironment` listing the valid ids.
public func make(_ id: String, maxEpisodeSteps: Int? = nil) throws -> any Environment {
    try Registry.requireSpec(id).makeEnvironment(maxEpisodeSteps: maxEpisodeSteps)
}

/// Gymnasium's `gym.make_vec(id, num_envs, vectorization_mode="sync")`:
/// `count` copies, each with the registered `TimeLimit`, stepped on
/// `workers` threads (`EnvSpec.makeVector`). Throws for an unknown id.
public func makeVector(_ id: String, count: Int, workers: Int = 1, autoresetMode: AutoresetMode = .sameStep,
                       maxEpisodeSteps: Int? = nil) throws -> any VectorEnvironment {
    try Registry.requireSpec(id).makeVector(count: count, workers: workers, autoresetMode: autoresetMode,
                                            maxEpisodeSteps: maxEpisodeSteps)
}
