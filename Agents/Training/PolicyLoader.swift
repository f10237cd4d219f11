import Foundation
import SwiftletEnvironments

/// A trained policy read from a checkpoint, for `watch` and `eval`.
public final class LoadedPolicy {
    /// The environment id the policy was trained on.
    public let envID: String
    /// The registered algorithm name.
    public let algorithm: String
    /// Steps trained when the checkpoint was written.
    public let timesteps: Int
    /// The agent rebuilt from the checkpoint (its policy and acting statistics loaded).
    public let agent: any Agent

    init(envID: String, algorithm: String, timesteps: Int, agent: any Agent) {
        self.envID = envID; self.algorithm = algorithm; self.timesteps = timesteps; self.agent = agent
    }

    /// The action for one raw observation (deterministic: argmax / mean, clipped).
    public func act(_ observation: [Float], deterministic: Bool = true) -> Action {
        agent.act(observation, deterministic: deterministic)
    }
}

/// Loads the policy in a checkpoint file, or in `<run>/checkpoints/best.safetensors`
/// (else `last`) when given a run folder. Observation normalization statistics are
/// restored when the checkpoint carries them.
///
/// ```swift
/// let policy = try loadPolicy(checkpoint: URL(fileURLWithPath: "runs/ppo-cartpole"))
/// let r = try evaluate(envID: policy.envID, episodes: 10, seed: 0) { policy.act($0) }
/// ```
/// Errors: `TrainingError.badCheckpoint` naming the file and what is wrong
/// (missing, corrupt, missing or mis-shaped tensors).
public func loadPolicy(checkpoint url: URL) throws -> LoadedPolicy {
    var file = url
    var isDir: ObjCBool = false
    if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), isDir.boolValue {
        let best = url.appendingPathComponent("checkpoints/best.safetensors")
        file = FileManager.default.fileExists(atPath: best.path) ? best : url.appendingPathComponent("checkpoints/last.safetensors")
    }
    guard FileManager.default.fileExists(atPath: file.path) else {
        throw TrainingError.badCheckpoint(path: file.path, reason: "no such file")
    }
    let ckpt = try CheckpointIO.read(file)
    let meta = ckpt.metadata
    guard let algo = meta["algo"], let envID = meta["env_id"], let configJSON = meta["config"] else {
        throw TrainingError.badCheckpoint(path: file.path, reason: "not a Swiftlet agent checkpoint (metadata algo/env_id/config missing)")
    }
    let config = try AgentConfiguration.decode(algorithm: algo, json: configJSON, path: file.path)
    // A checkpoint inside a run folder must belong to that folder's run.
    let parent = file.deletingLastPathComponent()
    if parent.lastPathComponent == "checkpoints", let seed = UInt64(meta["seed"] ?? "") {
        try Trainer.checkBelongs(checkpoint: file, algorithm: algo, envID: envID, seed: seed, configYAML: config.yamlString,
                                 to: parent.deletingLastPathComponent())
    }
    guard let spec = Registry.spec(envID) else {
        throw TrainingError.badCheckpoint(path: file.path, reason: "environment '\(envID)' is not registered (registered: "
                                          + Registry.ids.joined(separator: ", ") + ")")
    }
    let agent = try config.makeAgent(environment: spec, seed: UInt64(meta["seed"] ?? "0") ?? 0)
    do { try agent.loadPolicyTensors(Trainer.policyTensors(ckpt.tensors)) } catch let TrainingError.badCheckpoint(_, reason) {
        throw TrainingError.badCheckpoint(path: file.path, reason: reason)
    }
    // What acting needs besides the networks (PPO's observation statistics): the agent checks its own.
    try agent.loadActingTensors(ckpt.tensors, path: file.path)
    return LoadedPolicy(envID: envID, algorithm: algo, timesteps: Int(meta["timesteps"] ?? "0") ?? 0, agent: agent)
}
