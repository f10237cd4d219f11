import ArgumentParser
import Foundation
import SwiftletGraphics

/// `swiftlet plot runs/A runs/B … --out curves.png`: learning curves from the
/// runs' metrics CSVs; runs of the same env, algorithm and config (seed aside)
/// are averaged into one line with a ±1 std band.
struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Draw learning curves (mean +/- std across seeds) from run folders into a PNG.",
        discussion: """
        Each argument is a run folder (its metrics.csv is read) or a metrics CSV file. \
        Runs with the same environment, algorithm and configuration apart from the seed \
        are drawn as one line (their mean) with a band of one standard deviation.
        """)

    @Argument(help: "Run folders (or metrics CSV files).")
    var runs: [String]

    @Option(name: .long, help: "The PNG to write (replaced atomically).")
    var out = "curves.png"

    @Option(name: .long, help: "The metrics column to plot: ep_return_mean (training episodes) or eval_mean.")
    var metric = "ep_return_mean"

    @Option(name: .long, help: "Chart title (default: the environment and algorithm).")
    var title: String?

    @Option(name: .long, parsing: .unconditional, help: "Image width in pixels.")
    var width = 800

    @Option(name: .long, parsing: .unconditional, help: "Image height in pixels.")
    var height = 500

    func validate() throws {
        guard !runs.isEmpty else { throw ValidationError("give at least one run folder") }
        guard (200...8000).contains(width), (150...8000).contains(height) else {
            throw ValidationError("image size \(width)x\(height) outside 200…8000 x 150…8000")
        }
    }

    func run() throws {
        try OutputPath.checkWritableFile(out)
        var curves: [RunCurve] = []
        var infos: [RunInfo] = []
        for path in runs {
            let info = try RunInfo(path: path)
            let table = try MetricsTable(path: info.metricsPath)
            guard let s = table.series(x: "timesteps", y: metric) else {
                let have = table.columns.filter { $0 != "timesteps" }.joined(separator: ", ")
                throw CLIError("\(info.metricsPath) has no '\(metric)' column (or no 'timesteps'); columns: \(have)",
                               exitCode: ExitStatus.usage)
            }
            guard !s.x.isEmpty else {
                throw CLIError("\(info.metricsPath) has no rows with a value of \(metric) yet", exitCode: ExitStatus.dataError)
            }
            curves.append(RunCurve(group: info.groupKey, label: info.groupLabel, x: s.x, y: s.y))
            infos.append(info)
        }
        // Groups that share a label (same env and algorithm, different configs) get
        // the config values that set them apart appended, so the legend tells them apart.
        var keysByLabel: [String: Set<String>] = [:]
        for c in curves { keysByLabel[c.label, default: []].insert(c.group) }
        let base = curves.map(\.label)
        for i in curves.indices where keysByLabel[base[i]]!.count > 1 {
            let others = infos.indices.filter { base[$0] == base[i] && curves[$0].group != curves[i].group }.map { infos[$0].configValues }
            let mine = infos[i].configValues
            let differing = mine.keys.sorted().filter { k in others.contains { $0[k] != mine[k] } }
            let tag = differing.isEmpty ? (infos[i].configKey.isEmpty ? infos[i].folderStem : infos[i].configDigest)
                : differing.prefix(3).map { "\($0)=\(mine[$0]!)" }.joined(separator: ", ")
            curves[i].label += " [\(tag)]"
        }
        let chart = LearningCurves.plot(curves, title: title ?? RunInfo.commonTitle(infos),
                                        yLabel: metric == "eval_mean" ? "evaluation return" : "episode return",
                                        width: width, height: height)
        try PNG.write(chart.render(), to: out)
        let groups = Set(curves.map(\.group)).count
        print("wrote \(out) (\(curves.count) run\(curves.count == 1 ? "" : "s"), \(groups) curve\(groups == 1 ? "" : "s"))")
    }
}
