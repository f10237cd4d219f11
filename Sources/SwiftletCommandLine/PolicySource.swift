import Foundation
import SwiftletEnvironments

/// A policy to play or evaluate, and the environment it acts in.
struct PolicySource {
    var envID: String
    /// "random policy (seed 0)", "PPO, runs/x/checkpoints/best.safetensors", …
    var name: String
    var policy: Policy

    /// Resolves a watch/eval target: a registered env id (seeded uniform random
    /// actions), a run folder or a checkpoint file.
    static func load(_ target: String, seed: UInt64, envID: String? = nil) throws -> PolicySource {
        if Registry.spec(target) != nil && !FileManager.default.fileExists(atPath: target) {
            if let envID, envID != target { throw CLIError("--env \(envID) does not apply to the random policy of \(target)", exitCode: ExitStatus.usage) }
            let space = try make(target).actionSpace
            var rng = NumPyGenerator(seed: seed)
            return PolicySource(envID: target, name: "random policy (seed \(seed))") { _ in
                switch space {
                case .discrete(let d): return .discrete(d.sample(using: &rng))
                case .box(let b): return .continuous(b.sample(using: &rng))
                case .multiDiscrete: fatalError("watch: MultiDiscrete action spaces are not supported")
                }
            }
        }
        return try loadTrained(target, envID: envID)
    }
}
