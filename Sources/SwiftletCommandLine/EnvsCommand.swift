import ArgumentParser
import SwiftletEnvironments

/// `swiftlet envs`: the registered environments with their spaces, time
/// limits and reward thresholds (Gymnasium's registry values).
struct EnvsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "envs",
        abstract: "List the registered environments: ids, spaces, time limits, reward thresholds.")

    @Flag(name: .long, help: "One tab-separated line per environment (id, observations, actions, max steps, threshold).")
    var plain = false

    func run() throws {
        let specs = Registry.specs
        let rows = specs.map { s in
            [s.id, s.observationSpace.description, s.actionSpace.description,
             s.maxEpisodeSteps.map(String.init) ?? "none",
             s.rewardThreshold.map { formatNumber($0) } ?? "none"]
        }
        if plain {
            for r in rows { print(r.joined(separator: "\t")) }
            return
        }
        print(table(header: ["id", "observations", "actions", "max steps", "reward threshold"], rows: rows))
    }
}

/// Left-aligned columns separated by two spaces.
func table(header: [String], rows: [[String]]) -> String {
    let all = [header] + rows
    var widths = [Int](repeating: 0, count: header.count)
    for r in all { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
    func line(_ r: [String]) -> String {
        r.enumerated().map { i, c in i == r.count - 1 ? c : c.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
            .joined(separator: "  ")
    }
    return ([line(header)] + rows.map(line)).joined(separator: "\n")
}

/// `475`, `-110`, `0.5`: integers without a decimal point.
func formatNumber(_ v: Double) -> String {
    v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : "\(v)"
}
