import Foundation

/// One row of training metrics: the trainer's columns (steps, episodes,
/// timing, episode statistics, evaluation) plus the algorithm's own named
/// values, an open set declared by the algorithm's `metricNames`.
/// Unset values are written as empty cells.
///
/// ```swift
/// var row = MetricsRow()
/// row["policy_loss"] = 0.12
/// ```
public struct MetricsRow: Equatable, Sendable {
    public var timesteps = 0
    public var episodes = 0
    /// Wall-clock seconds since the run began (excluded from determinism checks).
    public var timeElapsed: Double? = nil
    /// Steps per second of this process (excluded from determinism checks).
    public var fps: Double? = nil
    /// Mean return and length of the last 100 finished training episodes.
    public var episodeReturnMean: Double? = nil
    public var episodeLengthMean: Double? = nil
    public var evalMean: Double? = nil
    public var evalStd: Double? = nil
    /// The algorithm's values by column name (`loss`, `approx_kl`, `epsilon`, …).
    public var values: [String: Double] = [:]
    public init() {}

    /// The algorithm's value named `name`.
    public subscript(name: String) -> Double? {
        get { values[name] }
        set { values[name] = newValue }
    }

    /// The trainer's column names, in file order; the algorithm's follow.
    public static let trainerColumns = ["timesteps", "episodes", "time_elapsed", "fps", "ep_return_mean", "ep_length_mean",
                                        "eval_mean", "eval_std"]
    /// Columns that depend on wall-clock time (not reproducible).
    public static let timingColumns: Set<String> = ["time_elapsed", "fps"]

    /// All column names for an algorithm reporting `metricNames`.
    public static func columns(metricNames: [String]) -> [String] {
        trainerColumns + metricNames.filter { !trainerColumns.contains($0) }
    }

    static func cell(_ x: Double?) -> String {
        guard let x else { return "" }
        return x.isFinite ? String(format: "%.9g", x) : (x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf"))
    }

    /// The row as a CSV line (no newline) with the algorithm's `metricNames`.
    public func csvLine(metricNames: [String]) -> String {
        let f = MetricsRow.cell
        let head = ["\(timesteps)", "\(episodes)", f(timeElapsed), f(fps), f(episodeReturnMean), f(episodeLengthMean),
                    f(evalMean), f(evalStd)]
        return (head + metricNames.filter { !MetricsRow.trainerColumns.contains($0) }.map { f(values[$0]) })
            .joined(separator: ",")
    }
}

/// Writes metrics rows to a CSV file (header first), flushing each row, and
/// keeps them in memory. On resume, the rows written before the checkpoint
/// are kept and later ones dropped, so a resumed run's file equals an
/// uninterrupted run's.
public final class MetricsLogger {
    public let url: URL?
    /// The algorithm's metric names (the columns after `MetricsRow.trainerColumns`).
    public let metricNames: [String]
    public private(set) var rows: [MetricsRow] = []
    private var handle: FileHandle?

    /// A logger writing to `url` (created or truncated), or in memory only when nil.
    public init(url: URL?, metricNames: [String]) throws {
        self.url = url
        self.metricNames = metricNames
        if let url { try openFile(url, keepingRowsUpTo: nil) }
    }

    /// Continues `url` after a resume: keeps the rows with `timesteps ≤ upTo`.
    public init(resuming url: URL, upTo timesteps: Int, metricNames: [String]) throws {
        self.url = url
        self.metricNames = metricNames
        try openFile(url, keepingRowsUpTo: timesteps)
    }

    private func openFile(_ url: URL, keepingRowsUpTo limit: Int?) throws {
        var kept: [String] = []
        let columns = MetricsRow.columns(metricNames: metricNames)
        if let limit, let text = try? String(contentsOf: url, encoding: .utf8) {
            // Rows after the checkpoint are dropped, and so is a row cut short
            // (a write interrupted by a full disk or a kill) or of another width.
            for line in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).dropFirst() {
                let cells = line.split(separator: ",", omittingEmptySubsequences: false)
                if cells.count == columns.count, let t = Int(cells[0]), t <= limit { kept.append(String(line)) }
            }
        }
        let body = ([columns.joined(separator: ",")] + kept).joined(separator: "\n") + "\n"
        do {
            try Data(body.utf8).write(to: url)
            handle = try FileHandle(forWritingTo: url)
            try handle?.seekToEnd()
        } catch {
            throw TrainingError.io(path: url.path, reason: error.localizedDescription)
        }
    }

    /// Appends a row. Throws `TrainingError.io` when the file cannot be
    /// written (a full disk): the trainer then saves a checkpoint and stops.
    public func log(_ row: MetricsRow) throws {
        rows.append(row)
        guard let handle else { return }
        // POSIX write, so that the error names the cause (ENOSPC, EFBIG, EIO).
        let bytes = Array((row.csvLine(metricNames: metricNames) + "\n").utf8)
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Foundation.write(handle.fileDescriptor, $0.baseAddress! + done, bytes.count - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                throw TrainingError.io(path: url?.path ?? "metrics.csv", reason: String(cString: strerror(errno)))
            }
            done += n
        }
    }

    deinit { try? handle?.close() }

    /// The file's rows without the timing columns (for determinism checks).
    public static func reproducibleContent(of url: URL) throws -> String {
        let text = try String(contentsOf: url, encoding: .utf8)
        let header = text.prefix(while: { $0 != "\n" }).split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let drop = Set(header.enumerated().filter { MetricsRow.timingColumns.contains($0.element) }.map(\.offset))
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.split(separator: ",", omittingEmptySubsequences: false).enumerated()
                .filter { !drop.contains($0.offset) }.map { String($0.element) }.joined(separator: ",")
        }.joined(separator: "\n")
    }
}

/// Returns and lengths of finished episodes, with SB3's 100-episode window.
public struct EpisodeTracker: Equatable, Codable, Sendable {
    public var window: Int
    public private(set) var recentReturns: [Double] = []
    public private(set) var recentLengths: [Int] = []
    public private(set) var episodes = 0
    /// Running return and length of each env's current episode.
    public var currentReturns: [Double]
    public var currentLengths: [Int]

    /// Whether this tracker fits `nEnvs` environments (a checkpoint's copy is
    /// checked before use: a wrong length would index out of range).
    public func fits(nEnvs: Int) -> Bool {
        window > 0 && currentReturns.count == nEnvs && currentLengths.count == nEnvs
            && recentReturns.count == recentLengths.count && recentReturns.count <= window && episodes >= 0
            && currentLengths.allSatisfy { $0 >= 0 } && recentLengths.allSatisfy { $0 >= 0 }
    }

    public init(nEnvs: Int, window: Int = 100) {
        self.window = window
        currentReturns = [Double](repeating: 0, count: nEnvs)
        currentLengths = [Int](repeating: 0, count: nEnvs)
    }

    /// Adds one step's raw reward for `env`; closes the episode when `done`.
    @inlinable
    public mutating func record(env: Int, reward: Double, done: Bool) {
        currentReturns[env] += reward
        currentLengths[env] += 1
        if done { finish(env: env) }
    }

    @usableFromInline
    mutating func finish(env: Int) {
        recentReturns.append(currentReturns[env])
        recentLengths.append(currentLengths[env])
        if recentReturns.count > window { recentReturns.removeFirst(); recentLengths.removeFirst() }
        episodes += 1
        currentReturns[env] = 0
        currentLengths[env] = 0
    }

    public var meanReturn: Double? { recentReturns.isEmpty ? nil : recentReturns.reduce(0, +) / Double(recentReturns.count) }
    public var meanLength: Double? {
        recentLengths.isEmpty ? nil : Double(recentLengths.reduce(0, +)) / Double(recentLengths.count)
    }
}
