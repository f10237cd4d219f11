import ArgumentParser
import Foundation
import SwiftletCore

/// The `swiftlet` command line: train, watch, record, evaluate, plot.
///
/// Errors from bad input print one line on stderr (`swiftlet: error: …`) and
/// exit non-zero; nothing already on disk is touched before input is valid.
///
/// Every command resolves algorithms and environments through their
/// registries, so a package that registers its own and then calls `main()`
/// gets the whole command line for them:
///
/// ```swift
/// import SwiftletCommandLine
/// Algorithms.register(A2C.self)
/// try Registry.register(id: "Catch-v0", maxEpisodeSteps: 100, rewardThreshold: 0.9) { Catch() }
/// SwiftletCommand.main()
/// ```
public struct SwiftletCommand: ParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "swiftlet",
        abstract: "Train reinforcement-learning agents and watch them play.",
        subcommands: [TrainCommand.self, WatchCommand.self, EvalCommand.self,
                      EnvsCommand.self, PlotCommand.self, BenchCommand.self]
    )

    /// Parses and runs, reducing every failure to one line on stderr.
    public static func main() {
        ProcessSettings.applyDefaults()  // malloc tuning, OpenBLAS kernel fix
        // A file-size limit (ulimit -f) makes writes fail with EFBIG, reported
        // as one line like a full disk, instead of killing the process.
        signal(SIGXFSZ, SIG_IGN)
        // Small RL networks run fastest and most predictably on one BLAS
        // thread (a second thread spins against environment stepping).
        if ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] == nil { setBLASThreads(1) }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error where CLIError.from(error) != nil {
            let e = CLIError.from(error)!
            fail(e.message, code: e.exitCode)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                // --help, --version: ArgumentParser's full text on stdout.
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            let message = SwiftletCommand.message(for: error)
                .split(separator: "\n").first.map(String.init) ?? "\(error)"
            fail(message.hasPrefix("Error: ") ? String(message.dropFirst(7)) : message, code: code.rawValue == 0 ? 1 : code.rawValue)
        }
    }

    static func fail(_ message: String, code: Int32) -> Never {
        FileHandle.standardError.write(Data("swiftlet: error: \(message)\n".utf8))
        Foundation.exit(code)
    }
}
