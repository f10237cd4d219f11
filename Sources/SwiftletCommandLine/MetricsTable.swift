import Foundation

/// A run's metrics CSV (header row, then one row per log): numeric columns
/// by name, empty cells as nil.
struct MetricsTable {
    let path: String
    let columns: [String]
    let rows: [[Double?]]

    /// Reads and parses `path`. Throws a `CLIError` naming the file (and line) when it
    /// is missing, empty or has a row with the wrong number of cells or a non-number.
    init(path: String) throws {
        self.path = path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("no metrics file \(path)", exitCode: ExitStatus.noInput)
        }
        // "\r\n" is one Character in Swift: split on it as well as on "\n" (CRLF files).
        let lines = String(decoding: data, as: UTF8.self)
            .split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        guard let header = lines.first, !header.isEmpty else {
            throw CLIError("metrics file \(path) is empty (no header line)", exitCode: ExitStatus.dataError)
        }
        columns = header.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        var rows: [[Double?]] = []
        for (n, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            guard cells.count == columns.count else {
                throw CLIError("\(path):\(n + 1): \(cells.count) cells, the header has \(columns.count)", exitCode: ExitStatus.dataError)
            }
            var row: [Double?] = []
            row.reserveCapacity(cells.count)
            for (i, c) in cells.enumerated() {
                let t = c.trimmingCharacters(in: .whitespaces)
                if t.isEmpty { row.append(nil); continue }
                guard let v = Double(t) else {
                    throw CLIError("\(path):\(n + 1): '\(t)' in column \(columns[i]) is not a number", exitCode: ExitStatus.dataError)
                }
                row.append(v)
            }
            rows.append(row)
        }
        self.rows = rows
    }

    /// The (x, y) pairs where both columns hold a finite number, or nil when a column is missing.
    func series(x: String, y: String) -> (x: [Double], y: [Double])? {
        guard let xi = columns.firstIndex(of: x), let yi = columns.firstIndex(of: y) else { return nil }
        var xs: [Double] = [], ys: [Double] = []
        for r in rows {
            if let a = r[xi], let b = r[yi], a.isFinite, b.isFinite { xs.append(a); ys.append(b) }
        }
        return (xs, ys)
    }
}
