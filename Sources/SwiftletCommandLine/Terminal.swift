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

/// Set by SIGINT; the first Ctrl-C asks for a clean stop (checkpoint, exit),
/// a second one exits at once.
nonisolated(unsafe) var interruptRequested: sig_atomic_t = 0

func installInterruptHandler() {
    // A parent may start us with SIGINT blocked (Foundation's Process does); unblock it.
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, SIGINT)
    sigprocmask(SIG_UNBLOCK, &set, nil)
    signal(SIGINT) { _ in
        if interruptRequested != 0 { _exit(130) }
        interruptRequested = 1
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
