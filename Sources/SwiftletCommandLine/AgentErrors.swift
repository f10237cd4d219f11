import SwiftletAgents

/// Config and training errors from SwiftletAgents as CLI errors.
func agentsError(_ error: Error) -> CLIError? {
    switch error {
    case let e as ConfigError:
        switch e {
        case .malformed: return CLIError(oneLine(e.description), exitCode: ExitStatus.dataError)
        default: return CLIError(oneLine(e.description), exitCode: ExitStatus.usage)
        }
    case let e as TrainingError:
        switch e {
        case .badCheckpoint: return CLIError(e.description, exitCode: ExitStatus.dataError)
        case .unsupportedEnvironment: return CLIError(e.description, exitCode: ExitStatus.usage)
        case .io: return CLIError(e.description, exitCode: ExitStatus.cannotCreate)
        case .nonFinite: return CLIError(e.description, exitCode: ExitStatus.failure)
        case .resourceLimit: return CLIError(e.description, exitCode: ExitStatus.usage)
        }
    case let e as AlgorithmError:
        return CLIError(e.description, exitCode: ExitStatus.usage)
    default:
        return nil
    }
}

/// Joins a multi-line message (Yams prints the offending line and a caret) into one line.
func oneLine(_ s: String) -> String {
    s.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        .filter { !$0.isEmpty }.joined(separator: " ")
}
