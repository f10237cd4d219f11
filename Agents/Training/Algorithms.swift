import Foundation
import SwiftletEnvironments

/// One registered algorithm, type-erased: how to make its preset, decode its
/// config and build its agent.
public struct AlgorithmEntry: @unchecked Sendable {
    /// The name used by `--algo` and stored in checkpoints.
    public let name: String
    /// One line for help texts.
    public let summary: String
    /// The config keys, in order.
    public let configKeys: [String]
    /// The names of the metrics it reports (CSV columns after the trainer's).
    public let metricNames: [String]
    let makePreset: (EnvSpec) -> any AgentConfig
    let makeDefaults: () -> any AgentConfig
    let decodeJSON: (Data, String) throws -> any AgentConfig
    let checkEnvironment: (EnvSpec) throws -> Void
    let makeAgent: (any AgentConfig, EnvSpec, UInt64) throws -> any Agent

    /// The algorithm's starting configuration for `environment`.
    public func preset(for environment: EnvSpec) -> AgentConfiguration {
        AgentConfiguration(algorithm: name, config: makePreset(environment))
    }

    /// Throws `TrainingError.unsupportedEnvironment` when it cannot train on `environment`.
    public func check(_ environment: EnvSpec) throws { try checkEnvironment(environment) }
}

/// The algorithm registry: PPO and DQN are built in; other packages add
/// theirs with `register`. Everything that goes from an algorithm name to
/// code (the trainer, resume, `eval`, `watch`, the CLI's `--algo`) goes through
/// here, so a registered algorithm is a first-class one.
///
/// ```swift
/// Algorithms.register(A2C.self, summary: "Advantage Actor-Critic (SB3 semantics)")
/// let config = try Algorithms.named("a2c").preset(for: try Registry.requireSpec("CartPole-v1"))
/// ```
public enum Algorithms {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var entries: [AlgorithmEntry] = [
        entry(PPO.self, summary: "Proximal Policy Optimization (discrete, Gaussian or gSDE actions)"),
        entry(DQN.self, summary: "Deep Q-Network (Double, dueling, n-step, prioritized replay options)"),
    ]

    /// Registers `type` under `A.Config.algorithm`. Registering a name again
    /// replaces the earlier entry (so re-running a notebook cell works).
    public static func register<A: Algorithm>(_ type: A.Type, summary: String = "") {
        let e = entry(type, summary: summary)
        lock.lock(); defer { lock.unlock() }
        if let i = entries.firstIndex(where: { $0.name == e.name }) { entries[i] = e } else { entries.append(e) }
    }

    /// Registered names, in registration order.
    public static var names: [String] { lock.lock(); defer { lock.unlock() }; return entries.map(\.name) }

    /// All entries, in registration order.
    public static var all: [AlgorithmEntry] { lock.lock(); defer { lock.unlock() }; return entries }

    /// The entry for `name` (case-insensitive), or nil.
    public static func entry(named name: String) -> AlgorithmEntry? {
        let n = name.lowercased()
        lock.lock(); defer { lock.unlock() }
        return entries.first { $0.name.lowercased() == n }
    }

    /// The entry for `name`; throws `AlgorithmError.unknown` listing the registered names.
    public static func named(_ name: String) throws -> AlgorithmEntry {
        guard let e = entry(named: name) else { throw AlgorithmError.unknown(name: name, available: names) }
        return e
    }

    static func entry<A: Algorithm>(_ algorithm: A.Type, summary: String) -> AlgorithmEntry {
        AlgorithmEntry(
            name: A.Config.algorithm, summary: summary, configKeys: A.Config.keys, metricNames: A.metricNames,
            makePreset: { A.preset(for: $0) },
            makeDefaults: { A.Config() },
            decodeJSON: { data, source in try A.Config(json: data, source: source) },
            checkEnvironment: { try A.check($0) },
            makeAgent: { config, env, seed in
                guard let c = config as? A.Config else {
                    throw AlgorithmError.configMismatch(algorithm: A.Config.algorithm, config: "\(type(of: config))")
                }
                try A.check(env)
                try MemoryBudget.check(A.estimatedMemoryBytes(c, environment: env),
                                       for: "\(A.Config.algorithm.uppercased()) on \(env.id) with this configuration")
                return try A(environment: env, config: c, seed: seed)
            })
    }
}

/// An algorithm name or config that does not resolve.
public enum AlgorithmError: Error, Equatable, CustomStringConvertible {
    case unknown(name: String, available: [String])
    case configMismatch(algorithm: String, config: String)

    public var description: String {
        switch self {
        case let .unknown(name, available):
            return "unknown algorithm '\(name)'; registered algorithms: \(available.joined(separator: ", "))"
        case let .configMismatch(algorithm, config):
            return "algorithm '\(algorithm)' cannot be built from a \(config)"
        }
    }
}
