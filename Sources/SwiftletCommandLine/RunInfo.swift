import Foundation

/// What the CLI reads from a run folder written by `swiftlet train`: the
/// metrics CSV, the resolved config and the run's env, algorithm and seed.
/// A metrics CSV file may be given instead of a folder (plot only).
struct RunInfo {
    /// The folder (or the CSV's folder).
    let folder: String
    let metricsPath: String
    var envID: String?
    var algorithm: String?
    var seed: UInt64?
    /// The resolved config text with seed lines removed (runs that differ only
    /// by seed share it).
    var configKey: String

    static let metricsFile = "metrics.csv"
    static let configFiles = ["config.yml", "config.yaml", "config.json"]

    init(path: String) throws {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw CLIError("no run folder or file \(path)", exitCode: ExitStatus.noInput)
        }
        if isDir.boolValue {
            folder = path
            metricsPath = (path as NSString).appendingPathComponent(Self.metricsFile)
            guard FileManager.default.fileExists(atPath: metricsPath) else {
                throw CLIError("\(path) is not a run folder: it has no \(Self.metricsFile)", exitCode: ExitStatus.noInput)
            }
        } else {
            folder = (path as NSString).deletingLastPathComponent
            metricsPath = path
        }
        configKey = ""
        for name in Self.configFiles {
            guard let text = try? String(contentsOfFile: (folder as NSString).appendingPathComponent(name), encoding: .utf8) else { continue }
            var keyLines: [Substring] = []
            for line in text.split(separator: "\n") {
                // The trainer's header: "# algo: ppo", "# env_id: CartPole-v1", "# seed: 1".
                if line.hasPrefix("# algo:") { algorithm = line.dropFirst(7).trimmingCharacters(in: .whitespaces) }
                else if line.hasPrefix("# env_id:") { envID = line.dropFirst(9).trimmingCharacters(in: .whitespaces) }
                else if line.hasPrefix("# seed:") { seed = UInt64(line.dropFirst(7).trimmingCharacters(in: .whitespaces)) }
                else if !line.hasPrefix("#") && !line.hasPrefix("seed:") { keyLines.append(line) }
            }
            configKey = keyLines.joined(separator: "\n")
            break
        }
    }

    /// The folder's name without a trailing seed marker (`-s3`, `_seed3`, `-3`).
    var folderStem: String {
        let name = (folder as NSString).lastPathComponent
        let stripped = name.replacingOccurrences(of: "[-_.](s|seed)?[0-9]+$", with: "", options: .regularExpression)
        return stripped.isEmpty ? name : stripped
    }

    /// Runs with equal keys are averaged: same env, algorithm and config, or
    /// (without run metadata) the same folder stem.
    var groupKey: String {
        if let envID, let algorithm { return "\(algorithm)|\(envID)|\(configKey)" }
        return "folder|\(folderStem)"
    }

    /// The legend label of the run's group: algorithm and env when known.
    var groupLabel: String {
        if let envID, let algorithm { return "\(algorithm.uppercased()) \(envID)" }
        return folderStem
    }

    /// The config's `key: value` pairs (comments dropped).
    var configValues: [String: String] {
        var d: [String: String] = [:]
        for line in configKey.split(separator: "\n") {
            let body = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
            guard let colon = body.firstIndex(of: ":") else { continue }
            d[body[..<colon].trimmingCharacters(in: .whitespaces)] = body[body.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return d
    }

    /// A short digest of the config, so runs with different configs never share a curve.
    var configDigest: String {
        var h: UInt32 = 2166136261
        for b in configKey.utf8 { h = (h ^ UInt32(b)) &* 16777619 }
        return String(h % 0xFFFF, radix: 16)
    }

    /// "CartPole-v1" when every run is on the same env, else "learning curves".
    static func commonTitle(_ infos: [RunInfo]) -> String {
        let envs = Set(infos.compactMap(\.envID))
        let algos = Set(infos.compactMap(\.algorithm))
        guard envs.count == 1, infos.allSatisfy({ $0.envID != nil }) else { return "learning curves" }
        let env = envs.first!
        if algos.count == 1 { return "\(env) - \(algos.first!.uppercased())" }
        return env
    }
}
