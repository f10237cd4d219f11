import Foundation
import SwiftletGraphics

/// Run-folder checks and files the CLI adds (the trainer writes the rest).
enum RunFolder {
    /// A new run may go into `folder`: it does not hold a run already, and it
    /// (or its nearest existing parent) is a writable folder. Touches nothing.
    /// A folder that is neither empty nor a run is refused unless `force`
    /// (its files could be overwritten: `learning-curve.png`, `config.yml`).
    static func checkNew(_ folder: String, force: Bool = false) throws {
        let fm = FileManager.default
        guard !folder.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw CLIError("the run folder name is empty: give --out <folder>", exitCode: ExitStatus.usage)
        }
        guard URL(fileURLWithPath: folder).standardizedFileURL.path != "/" else {
            throw CLIError("the file system's root / cannot be a run folder: choose another --out", exitCode: ExitStatus.usage)
        }
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: folder, isDirectory: &isDir) {
            guard isDir.boolValue else {
                throw CLIError("cannot create the run folder \(folder): a file with that name exists", exitCode: ExitStatus.cannotCreate)
            }
            for name in ["metrics.csv", "config.yml", "checkpoints"] where fm.fileExists(atPath: (folder as NSString).appendingPathComponent(name)) {
                throw CLIError("\(folder) already holds a run: continue it with --resume \(folder), or choose another --out",
                               exitCode: ExitStatus.cannotCreate)
            }
            let entries = ((try? fm.contentsOfDirectory(atPath: folder)) ?? []).filter { $0 != ".swiftlet.lock" }
            if !entries.isEmpty && !force {
                let shown = entries.sorted().prefix(3).joined(separator: ", ") + (entries.count > 3 ? ", …" : "")
                throw CLIError("\(folder) is not empty and is not a Swiftlet run (it holds \(shown)): choose an empty or new "
                               + "--out, or pass --force to train into it anyway", exitCode: ExitStatus.cannotCreate)
            }
            try OutputPath.checkWritableFolder(folder, for: "the run folder \(folder)")
            return
        }
        // The nearest existing ancestor must be a writable folder.
        var parent = (folder as NSString).deletingLastPathComponent
        if parent.isEmpty { parent = "." }
        while !fm.fileExists(atPath: parent, isDirectory: &isDir) {
            let up = (parent as NSString).deletingLastPathComponent
            parent = up.isEmpty ? "." : up
        }
        guard isDir.boolValue else {
            throw CLIError("cannot create the run folder \(folder): \(parent) is a file, not a folder", exitCode: ExitStatus.cannotCreate)
        }
        guard access(parent, W_OK | X_OK) == 0 else {
            throw CLIError("cannot create the run folder \(folder): \(parent) is not writable", exitCode: ExitStatus.cannotCreate)
        }
    }

    /// Draws the run's training-episode and evaluation returns into `path` (atomically).
    static func writeLearningCurve(folder: String, title: String, to path: String) throws {
        let table = try MetricsTable(path: (folder as NSString).appendingPathComponent(RunInfo.metricsFile))
        var series: [PlotSeries] = []
        if let s = table.series(x: "timesteps", y: "ep_return_mean"), !s.x.isEmpty {
            series.append(PlotSeries(label: "training episodes (mean of last 100)", x: s.x, y: s.y))
        }
        if let s = table.series(x: "timesteps", y: "eval_mean"), !s.x.isEmpty {
            var lo: [Double]? = nil, hi: [Double]? = nil
            if let sd = table.series(x: "timesteps", y: "eval_std"), sd.x == s.x {
                lo = zip(s.y, sd.y).map { $0 - $1 }
                hi = zip(s.y, sd.y).map { $0 + $1 }
            }
            series.append(PlotSeries(label: "evaluation (mean +/- std)", x: s.x, y: s.y, lower: lo, upper: hi))
        }
        guard !series.isEmpty else { return }
        let plot = LinePlot(title: title, xLabel: "environment steps", yLabel: "episode return", series: series)
        try PNG.write(plot.render(), to: path)
    }
}
