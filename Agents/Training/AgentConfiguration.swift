import Foundation
import SwiftletEnvironments

/// A registered algorithm's name with its configuration, type-erased so the
/// trainer and the CLI handle every algorithm alike.
///
/// ```swift
/// let c = try AgentConfiguration.preset(algorithm: "ppo", envID: "CartPole-v1")!
///     .applying(overrides: ["learning_rate": "3e-4"])
/// let ppo = AgentConfiguration.ppo(.preset(for: "CartPole-v1"))
/// ```
public struct AgentConfiguration: Equatable, Sendable {
    /// The registered algorithm name.
    public let algorithm: String
    /// The typed config (`PPOConfig`, `DQNConfig`, a user's).
    public private(set) var config: any AgentConfig

    init(algorithm: String, config: any AgentConfig) {
        self.algorithm = algorithm
        self.config = config
    }

    /// Wraps a typed config; its algorithm is `C.algorithm`.
    public init<C: AgentConfig>(_ config: C) {
        self.init(algorithm: C.algorithm, config: config)
    }

    public static func ppo(_ c: PPOConfig) -> AgentConfiguration { AgentConfiguration(c) }
    public static func dqn(_ c: DQNConfig) -> AgentConfiguration { AgentConfiguration(c) }

    public static func == (a: AgentConfiguration, b: AgentConfiguration) -> Bool {
        a.algorithm == b.algorithm && a.config.jsonString == b.config.jsonString
    }

    /// The preset of the registered `algorithm` for the registered `envID`;
    /// nil for an unknown algorithm or environment.
    public static func preset(algorithm: String, envID: String) -> AgentConfiguration? {
        guard let a = Algorithms.entry(named: algorithm), let spec = Registry.spec(envID) else { return nil }
        return a.preset(for: spec)
    }

    /// Registered algorithm names.
    public static var algorithms: [String] { Algorithms.names }

    /// The typed config, when it is a `C`.
    public func typed<C: AgentConfig>(as type: C.Type = C.self) -> C? { config as? C }

    /// The shared trainer settings.
    public var trainer: TrainerConfig {
        get { config.trainer }
        set { config.trainer = newValue }
    }
    /// Total steps of the configuration.
    public var totalTimesteps: Int { config.trainer.nTimesteps }
    /// Resolved YAML / JSON text.
    public var yamlString: String { config.yamlString }
    public var jsonString: String { config.jsonString }

    /// Applies `--set` overrides (checked against the algorithm's keys).
    public func applying(overrides: [String: String]) throws -> AgentConfiguration {
        AgentConfiguration(algorithm: algorithm, config: try config.applying(overrides: overrides))
    }

    /// Loads a YAML/JSON file over this configuration.
    public func applying(file url: URL) throws -> AgentConfiguration {
        func load<C: AgentConfig>(_ base: C) throws -> any AgentConfig { try C(contentsOf: url, base: base) }
        return AgentConfiguration(algorithm: algorithm, config: try load(config))
    }

    func with(totalTimesteps n: Int) -> AgentConfiguration {
        var c = self
        c.config.trainer.nTimesteps = n
        return c
    }

    /// Builds the agent on `environment` (throws for an unregistered algorithm
    /// or an environment it cannot train on).
    public func makeAgent(environment: EnvSpec, seed: UInt64) throws -> any Agent {
        try Algorithms.named(algorithm).makeAgent(config, environment, seed)
    }

    /// The configuration stored in a checkpoint (`algo` and `config` metadata).
    static func decode(algorithm: String, json: String, path: String) throws -> AgentConfiguration {
        guard let a = Algorithms.entry(named: algorithm) else {
            throw TrainingError.badCheckpoint(path: path, reason: "unknown algorithm '\(algorithm)' (registered: "
                                              + Algorithms.names.joined(separator: ", ") + ")")
        }
        do { return AgentConfiguration(algorithm: a.name, config: try a.decodeJSON(Data(json.utf8), path)) } catch let e as ConfigError {
            throw TrainingError.badCheckpoint(path: path, reason: "its stored config is not valid: \(e.description)")
        }
    }
}
