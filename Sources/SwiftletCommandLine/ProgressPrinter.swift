import Foundation
import SwiftletAgents

/// Training progress: on a terminal one line redrawn in place (at most 10 times
/// a second); otherwise a plain line every 5 seconds. Evaluations always get a
/// line of their own.
final class ProgressPrinter {
    let interactive: Bool
    private var lastDraw = 0.0
    private var drewLine = false
    private var last: TrainingProgress?

    init(interactive: Bool) { self.interactive = interactive }

    func header(_ text: String) {
        print(text)
        fflush(stdout)
    }

    func update(_ p: TrainingProgress) {
        last = p
        let now = Date().timeIntervalSinceReferenceDate
        if let e = p.evaluation {
            clear()
            print("evaluation at \(group(p.timesteps)) steps: mean \(String(format: "%.2f", e.mean)) ± \(String(format: "%.2f", e.std))")
            fflush(stdout)
        }
        let interval = interactive ? 0.1 : 5.0
        if now - lastDraw >= interval || p.timesteps >= p.totalTimesteps {
            lastDraw = now
            draw(p)
        }
    }

    /// "steps 12,288/100,000 (12%)  8,123 fps  ETA 11s  return 123.4  KL 0.0123"
    static func line(_ p: TrainingProgress) -> String {
        let pct = p.totalTimesteps > 0 ? min(100, 100 * p.timesteps / p.totalTimesteps) : 0
        var s = "steps \(group(p.timesteps))/\(group(p.totalTimesteps)) (\(pct)%)  \(group(Int(p.fps.rounded()))) fps"
        let eta = p.fps > 0 ? Double(p.totalTimesteps - p.timesteps) / p.fps : .infinity
        s += "  ETA \(formatDuration(eta))"
        s += "  return " + (p.recentReturn.map { String(format: "%.1f", $0) } ?? "--")
        for (name, value) in p.highlights { s += "  \(ProgressPrinter.label(name)) \(String(format: "%.4g", value))" }
        return s
    }

    private func draw(_ p: TrainingProgress) {
        Terminal.progress(Self.line(p), interactive: interactive)
        drewLine = interactive
    }

    private func clear() {
        if interactive && drewLine { FileHandle.standardOutput.write(Data("\r\u{1B}[2K".utf8)); drewLine = false }
    }

    /// Ends the progress line (the last state stays visible).
    func finish() {
        Terminal.endProgress(interactive: interactive && drewLine)
        drewLine = false
    }

    /// Short labels for the usual metrics on the progress line; others keep their names.
    static func label(_ metric: String) -> String {
        switch metric {
        case "epsilon": return "eps"
        case "approx_kl": return "KL"
        default: return metric
        }
    }
}
