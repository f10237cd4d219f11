/// A registered environment: Gymnasium's `EnvSpec` fields that matter here.
public struct EnvSpec: Sendable, CustomStringConvertible {
    public let id: String
    /// The `TimeLimit` `make` applies (nil: none).
    public let maxEpisodeSteps: Int?
    /// The return at which the task counts as solved (nil: none, as Pendulum-v1).
    public let rewardThreshold: Double?
    public let observationSpace: Box
    public let actionSpace: Space

    public var description: String {
        "\(id): observations \(observationSpace), actions \(actionSpace), max episode steps \(maxEpisodeSteps.map(String.init) ?? "none"), reward threshold \(rewardThreshold.map { "\($0)" } ?? "none")"
    }
}

/// The environment registry: Gymnasium's ids, time limits and reward thresholds.
///
/// ```swift
/// for spec in Registry.specs { print(spec) }
/// let env = try make("Pendulum-v1")          // TimeLimit(Pendulum(), 200)
/// let venv = try makeVector("CartPole-v1", count: 8, workers: 2)
/// ```
public enum Registry {
    /// All registered ids, in registration order.
    public static let ids = ["CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Acrobot-v1", "Pendulum-v1"]

    /// All specs.
    public static var specs: [EnvSpec] { ids.compactMap(spec) }

    /// The spec of `id`, or nil.
    public static func spec(_ id: String) -> EnvSpec? {
        switch id {
        case "CartPole-v1":
            let e = CartPole()
            return EnvSpec(id: id, maxEpisodeSteps: 500, rewardThreshold: 475.0, observationSpace: e.observationSpace, actionSpace: e.actionSpace)
        case "MountainCar-v0":
            let e = MountainCar()
            return EnvSpec(id: id, maxEpisodeSteps: 200, rewardThreshold: -110.0, observationSpace: e.observationSpace, actionSpace: e.actionSpace)
        case "MountainCarContinuous-v0":
            let e = MountainCarContinuous()
            return EnvSpec(id: id, maxEpisodeSteps: 999, rewardThreshold: 90.0, observationSpace: e.observationSpace, actionSpace: e.actionSpace)
        case "Acrobot-v1":
            let e = Acrobot()
            return EnvSpec(id: id, maxEpisodeSteps: 500, rewardThreshold: -100.0, observationSpace: e.observationSpace, actionSpace: e.actionSpace)
        case "Pendulum-v1":
            let e = Pendulum()
            return EnvSpec(id: id, maxEpisodeSteps: 200, rewardThreshold: nil, observationSpace: e.observationSpace, actionSpace: e.actionSpace)
        default:
            return nil
        }
    }

    /// Throws `unknownEnvironment` listing the valid ids.
    static func requireSpec(_ id: String) throws -> EnvSpec {
        guard let s = spec(id) else { throw EnvironmentError.unknownEnvironment(id: id, available: ids) }
        return s
    }
}

/// Gymnasium's `gym.make(id)`: the environment wrapped in its registered
/// `TimeLimit` (override with `maxEpisodeSteps`; 0 disables it). Stepping
/// before `reset` throws through the checked API (Gymnasium's OrderEnforcing).
/// Throws `EnvironmentError.unknownEnvironment` listing the valid ids.
public func make(_ id: String, maxEpisodeSteps: Int? = nil) throws -> any Environment {
    let spec = try Registry.requireSpec(id)
    let limit = maxEpisodeSteps ?? spec.maxEpisodeSteps ?? 0
    func wrap<E: Environment>(_ e: E) -> any Environment {
        limit > 0 ? TimeLimit(e, maxEpisodeSteps: limit) : e
    }
    switch id {
    case "CartPole-v1": return wrap(CartPole())
    case "MountainCar-v0": return wrap(MountainCar())
    case "MountainCarContinuous-v0": return wrap(MountainCarContinuous())
    case "Acrobot-v1": return wrap(Acrobot())
    case "Pendulum-v1": return wrap(Pendulum())
    default: throw EnvironmentError.unknownEnvironment(id: id, available: Registry.ids)
    }
}
