import Foundation
import SwiftletAgents
import SwiftletEnvironments

extension PolicySource {
    /// A trained policy (deterministic actions) from a run folder (its best
    /// checkpoint, else its last) or a checkpoint file. With `envID` the policy
    /// plays that env instead of its own, which needs the same observation and
    /// action spaces.
    static func loadTrained(_ target: String, envID requested: String? = nil) throws -> PolicySource {
        let checkpoint = try CheckpointPath.resolve(target)
        let loaded = try loadPolicy(checkpoint: URL(fileURLWithPath: checkpoint))
        var envID = loaded.envID
        if let requested, requested != loaded.envID {
            try CheckpointPath.requireCompatible(checkpoint: checkpoint, trainedOn: loaded.envID, requested: requested)
            envID = requested
        }
        let name = "\(loaded.algorithm.uppercased()) after \(loaded.timesteps) steps (\(checkpoint))"
        return PolicySource(envID: envID, name: name) { loaded.act($0, deterministic: true) }
    }
}

/// Finding and checking checkpoints named on the command line.
enum CheckpointPath {
    /// The checkpoint file for a run folder (best, else last) or the file itself.
    /// Throws (exit 66) when neither exists.
    static func resolve(_ target: String, preferLast: Bool = false) throws -> String {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: target, isDirectory: &isDir) else {
            throw CLIError("no run folder, checkpoint or environment id '\(target)'", exitCode: ExitStatus.noInput)
        }
        guard isDir.boolValue else { return target }
        let dir = (target as NSString).appendingPathComponent("checkpoints")
        let names = preferLast ? ["last.safetensors"] : ["best.safetensors", "last.safetensors"]
        for n in names {
            let p = (dir as NSString).appendingPathComponent(n)
            if FileManager.default.fileExists(atPath: p) { return p }
        }
        throw CLIError("\(target) has no checkpoint (looked for \(names.map { "checkpoints/\($0)" }.joined(separator: " and ")))",
                       exitCode: ExitStatus.noInput)
    }

    /// "observations [4], actions Discrete(2)".
    static func shapes(_ envID: String) -> String {
        guard let s = Registry.spec(envID) else { return "unknown spaces" }
        return "observations \(s.observationSpace.shape), actions \(s.actionSpace)"
    }

    /// Throws (exit 65) naming both envs' spaces unless `requested` has the same
    /// observation and action spaces as the env the checkpoint was trained on.
    static func requireCompatible(checkpoint: String, trainedOn: String, requested: String) throws {
        guard let want = Registry.spec(requested) else {
            throw EnvironmentError.unknownEnvironment(id: requested, available: Registry.ids)
        }
        let have = Registry.spec(trainedOn)
        if have?.observationSpace.shape != want.observationSpace.shape || have?.actionSpace != want.actionSpace {
            throw CLIError("checkpoint \(checkpoint) was made for \(trainedOn) (\(shapes(trainedOn))), not for \(requested) (\(shapes(requested)))",
                           exitCode: ExitStatus.dataError)
        }
    }
}
