import Foundation
import SwiftletCore
import SwiftletNN
import SwiftletEnvironments

/// A running learner as the trainer sees it: it advances in iterations,
/// acts, reports named metrics, and saves and restores everything needed to
/// continue bit for bit. Algorithms conform through `Algorithm`, which adds
/// the typed config and construction; the trainer, evaluation, checkpoints
/// and the CLI only use this protocol, so an algorithm registered from another
/// package (`Algorithms.register`) gets all of them.
///
/// Checkpoint layout: `policyTensors()` are stored under `policy.`,
/// `actingTensors()` next to them in every checkpoint (including `best`),
/// `resumeTensors()` and `resumeJSON()` only in resumable ones (`last`, `step_N`).
public protocol Agent: AnyObject {
    /// The registered algorithm name ("ppo").
    static var algorithmName: String { get }
    /// The names of the values `iterate()` reports in `MetricsRow.values`, in
    /// CSV column order (SB3's `train/…` keys without the prefix: `policy_loss`, `epsilon`).
    static var metricNames: [String] { get }
    /// The metrics worth showing on the live progress line (a subset of `metricNames`).
    static var progressMetrics: [String] { get }
    /// The environment being trained on.
    var environment: EnvSpec { get }
    /// The run's seed: every generator of the run derives from it.
    var seed: UInt64 { get }
    /// Environment steps taken so far.
    var timesteps: Int { get }
    /// The shared trainer settings of the configuration.
    var trainerConfig: TrainerConfig { get }
    /// The resolved configuration as a JSON object (stored in checkpoints).
    var configJSON: String { get }
    /// One unit of training (a rollout and its update, a train-frequency phase, …).
    /// The row's `timesteps`, `episodes` and episode statistics are the agent's;
    /// evaluation and timing columns are the trainer's.
    func iterate() throws -> MetricsRow
    /// The action for one raw observation: the mode when `deterministic`, else a sample.
    func act(_ observation: [Float], deterministic: Bool) -> Action
    /// The policy's parameters under dotted names (what `eval` and `watch` need).
    func policyTensors() -> [String: Tensor<Float>]
    /// Loads `policyTensors()` back; throws `TrainingError.badCheckpoint` naming a missing or mis-shaped tensor.
    func loadPolicyTensors(_ tensors: [String: Tensor<Float>]) throws
    /// What acting needs besides the policy (observation statistics), in every checkpoint.
    func actingTensors() -> [String: StoredTensor]
    func loadActingTensors(_ tensors: [String: StoredTensor], path: String) throws
    /// Everything else a bitwise resume needs: optimizer moments, target networks, buffers.
    func resumeTensors() -> [String: StoredTensor]
    /// Counters, generator states, environment snapshots, as a JSON document.
    func resumeJSON() throws -> Data
    /// Restores `resumeTensors()` and `resumeJSON()`; throws `TrainingError.badCheckpoint` when they do not fit.
    func restoreResume(tensors: [String: StoredTensor], json: Data) throws
}

extension Agent {
    public static var progressMetrics: [String] { [] }
    public func actingTensors() -> [String: StoredTensor] { [:] }
    public func loadActingTensors(_ tensors: [String: StoredTensor], path: String) throws {}
    /// The environment's id.
    public var envID: String { environment.id }
    /// `trainerConfig.nTimesteps`.
    public var totalTimesteps: Int { trainerConfig.nTimesteps }
}

/// An RL algorithm: an `Agent` built from a typed, documented config. Conform
/// and call `Algorithms.register(MyAlgorithm.self)`; from then on
/// `swiftlet train --algo <name>`, `eval`, `watch`, `plot`, `--set` and YAML
/// configs, checkpoints and bitwise `--resume` work for it.
///
/// ```swift
/// final class A2C: Algorithm {
///     static let metricNames = ["policy_loss", "value_loss", "entropy"]
///     init(environment: EnvSpec, config: A2CConfig, seed: UInt64) throws { … }
///     …
/// }
/// Algorithms.register(A2C.self)
/// ```
public protocol Algorithm: Agent {
    associatedtype Config: AgentConfig
    /// The resolved configuration.
    var config: Config { get }
    /// A fresh learner on copies of `environment`, every generator derived from `seed`.
    init(environment: EnvSpec, config: Config, seed: UInt64) throws
    /// The starting configuration for `environment` (tuned presets where known).
    /// Default: `Config()` with ten evaluations over the budget.
    static func preset(for environment: EnvSpec) -> Config
    /// Throws `TrainingError.unsupportedEnvironment` when the algorithm cannot
    /// train on `environment` (DQN on Box actions). Default: accepts all.
    static func check(_ environment: EnvSpec) throws
    /// About how many bytes an agent of `config` on `environment` allocates
    /// (networks, optimizer state, buffers, environment copies), computed
    /// without allocating; checked against `MemoryBudget` before the agent is
    /// built. Default: 0 (not checked).
    static func estimatedMemoryBytes(_ config: Config, environment: EnvSpec) -> Double
}

extension Algorithm {
    public static var algorithmName: String { Config.algorithm }
    public var trainerConfig: TrainerConfig { config.trainer }
    public var configJSON: String { config.jsonString }
    public static func check(_ environment: EnvSpec) throws {}
    public static func estimatedMemoryBytes(_ config: Config, environment: EnvSpec) -> Double { 0 }
    public static func preset(for environment: EnvSpec) -> Config {
        var c = Config()
        c.trainer.evalFreq = max(c.trainer.nTimesteps / 10, 1)
        return c
    }
}

/// Loads the parameters `named` from `tensors`, all or nothing, naming a
/// missing, mis-shaped or non-finite tensor in `TrainingError.badCheckpoint` (path `path`).
public func loadNamed(_ named: [(name: String, parameter: Parameter<Float>)], from tensors: [String: Tensor<Float>],
                      path: String) throws {
    for (name, p) in named {
        guard let v = tensors[name] else { throw TrainingError.badCheckpoint(path: path, reason: "missing tensor '\(name)'") }
        guard v.shape == p.shape else {
            throw TrainingError.badCheckpoint(path: path, reason: "tensor '\(name)' has shape \(v.shape), the network needs \(p.shape)")
        }
        let finite = v.withUnsafeBufferPointer { b in b.allSatisfy { $0.isFinite } }
        guard finite else {
            throw TrainingError.badCheckpoint(path: path, reason: "tensor '\(name)' holds non-finite values (NaN or infinity)")
        }
    }
    for (name, p) in named { p.assign(tensors[name]!) }
}

/// The tensors under `prefix` (prefix removed): `optimizer.`, `target.`, …
public func tensors(_ all: [String: StoredTensor], under prefix: String) -> [String: StoredTensor] {
    var d: [String: StoredTensor] = [:]
    for (k, v) in all where k.hasPrefix(prefix) { d[String(k.dropFirst(prefix.count))] = v }
    return d
}
