import Foundation
import SwiftletEnvironments
import SwiftletGraphics
import SwiftletViewer

/// A user-facing failure: one line on stderr, an exit code.
struct CLIError: Error, CustomStringConvertible {
    var message: String
    var exitCode: Int32 = ExitStatus.failure
    init(_ message: String, exitCode: Int32 = ExitStatus.failure) {
        self.message = CLIError.printable(message)
        self.exitCode = exitCode
    }

    /// `text` with control characters (escape sequences, newlines, bells)
    /// written as `\u{1B}`: names from files and flags reach the terminal inert.
    static func printable(_ text: String) -> String {
        var out = ""
        for u in text.unicodeScalars {
            if u.value < 0x20 || (u.value >= 0x7F && u.value < 0xA0) {
                out += "\\u{" + String(u.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(u)
            }
        }
        return out
    }
    var description: String { message }
}

/// Exit codes (BSD sysexits where one fits), so scripts can tell failures apart.
enum ExitStatus {
    /// Anything else (training diverged, an unexpected I/O failure).
    static let failure: Int32 = 1
    /// Bad command-line input: unknown env, algorithm or key, bad value, bad budget.
    static let usage: Int32 = 64
    /// Input data that cannot be used: malformed config, corrupt or mismatched checkpoint.
    static let dataError: Int32 = 65
    /// A file or folder named on the command line does not exist.
    static let noInput: Int32 = 66
    /// No display, or SDL was left out of this build.
    static let unavailable: Int32 = 69
    /// An output file or folder cannot be created or written.
    static let cannotCreate: Int32 = 73
    /// Stopped by Ctrl-C after saving a checkpoint.
    static let interrupted: Int32 = 130
}

extension CLIError {
    /// Turns a library error into one line and an exit code.
    static func from(_ error: Error) -> CLIError? {
        switch error {
        case let e as CLIError:
            return e
        case let e as EnvironmentError:
            if case .unknownEnvironment = e { return CLIError(e.description, exitCode: ExitStatus.usage) }
            return CLIError(e.description, exitCode: ExitStatus.usage)
        case let e as ImageFileError:
            switch e {
            case .cannotWrite: return CLIError(e.description, exitCode: ExitStatus.cannotCreate)
            case .cannotRead: return CLIError(e.description, exitCode: ExitStatus.noInput)
            case .invalidFormat: return CLIError(e.description, exitCode: ExitStatus.dataError)
            }
        case let e as ViewerError:
            return CLIError(e.description, exitCode: ExitStatus.unavailable)
        default:
            return agentsError(error)
        }
    }
}
