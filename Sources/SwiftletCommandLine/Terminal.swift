import Foundation

/// Terminal helpers: whether stdout is a terminal, a redrawn progress line,
/// and Ctrl-C turned into a flag the training loop polls.
enum Terminal {
    static var isInteractive: Bool { isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["TERM"] != "dumb" }

    /// Rewrites the current line (terminal) or prints a plain line (pipe/file).
    static func progress(_ line: String, interactive: Bool) {
        if interactive {
            FileHandle.standardOutput.write(Data("\r\u{1B}[2K\(line)".utf8))
        } else {
            print(line)
            fflush(stdout)
        }
    }

    static func endProgress(interactive: Bool) {
        if interactive { FileHandle.standardOutput.write(Data("\n".utf8)) }
    }
}

/// The first termination signal received (SIGINT, SIGTERM, SIGHUP, SIGQUIT),
/// 0 while none: the training loop polls it, saves a resumable checkpoint and
/// exits with 128 + the signal's number. Later signals cannot cut that save
/// short: they are ignored with a notice (kill -9 still ends the process).
nonisolated(unsafe) var interruptRequested: sig_atomic_t = 0

/// The signals a cluster or a terminal sends to end a job (`scancel` and
/// Slurm preemption send SIGTERM; a closed terminal SIGHUP).
let terminationSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]

func installInterruptHandler() {
    // A parent may start us with these signals blocked (Foundation's Process does); unblock them.
    var set = sigset_t()
    sigemptyset(&set)
    for s in terminationSignals { sigaddset(&set, s) }
    sigprocmask(SIG_UNBLOCK, &set, nil)
    for s in terminationSignals {
        signal(s) { sig in
            if interruptRequested != 0 {
                let notice = "swiftlet: already stopping: saving a checkpoint first (kill -9 ends at once)\n"
                _ = notice.withCString { write(STDERR_FILENO, $0, strlen($0)) }
                return
            }
            interruptRequested = sig
        }
    }
}

/// "SIGTERM" for 15.
func signalName(_ s: Int32) -> String {
    switch s {
    case SIGINT: return "SIGINT (Ctrl-C)"
    case SIGTERM: return "SIGTERM"
    case SIGHUP: return "SIGHUP"
    case SIGQUIT: return "SIGQUIT"
    default: return "signal \(s)"
    }
}

/// Formats seconds as `1h02m`, `3m05s` or `42s`.
func formatDuration(_ seconds: Double) -> String {
    guard seconds.isFinite, seconds >= 0 else { return "--" }
    let s = Int(seconds.rounded())
    if s >= 3600 { return String(format: "%dh%02dm", s / 3600, (s % 3600) / 60) }
    if s >= 60 { return String(format: "%dm%02ds", s / 60, s % 60) }
    return "\(s)s"
}
