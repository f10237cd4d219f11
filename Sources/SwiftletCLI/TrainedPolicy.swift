import Foundation
import SwiftletAgents

extension PolicySource {
    /// A trained policy from a run folder or checkpoint (deterministic actions).
    static func loadTrained(_ target: String) throws -> PolicySource {
        guard FileManager.default.fileExists(atPath: target) else {
            throw CLIError("no run folder, checkpoint or environment id '\(target)'", exitCode: ExitStatus.noInput)
        }
        throw CLIError("loading trained policies is not available yet", exitCode: ExitStatus.failure)
    }
}
