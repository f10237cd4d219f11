import ArgumentParser
import Foundation

/// `swiftlet bench`: runs benchmark groups with the `swiftlet-bench` executable
/// built next to this one and prints its figures as a table.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run the main benchmarks (swiftlet-bench) and print the figures.",
        discussion: """
        Runs `swiftlet-bench <group>` for each group (core, nn, envs, agents; default core and envs) \
        with single-threaded BLAS. Side-by-side figures against PyTorch, Gymnasium and SB3 need the \
        Python peers: use Benchmarks/run.sh <group>. Build the benchmarks in release mode first: \
        swift build -c release --product swiftlet-bench.
        """)

    @Argument(help: "Benchmark groups: core, nn, envs, agents.")
    var groups: [String] = ["core", "envs"]

    @Flag(name: .long, help: "Print swiftlet-bench's JSON lines unchanged.")
    var json = false

    static let validGroups = ["core", "nn", "envs", "agents"]

    func validate() throws {
        for g in groups where !Self.validGroups.contains(g) {
            throw ValidationError("unknown benchmark group '\(g)'; groups: \(Self.validGroups.joined(separator: ", "))")
        }
    }

    func run() throws {
        let me = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let bench = me.deletingLastPathComponent().appendingPathComponent("swiftlet-bench")
        guard FileManager.default.isExecutableFile(atPath: bench.path) else {
            throw CLIError("no swiftlet-bench next to \(me.path): build it with `swift build -c release --product swiftlet-bench`",
                           exitCode: ExitStatus.unavailable)
        }
        var rows: [[String]] = []
        for g in groups {
            FileHandle.standardError.write(Data("running \(g) benchmarks…\n".utf8))
            let p = Process()
            p.executableURL = bench
            p.arguments = [g]
            var env = ProcessInfo.processInfo.environment
            env["OPENBLAS_NUM_THREADS"] = "1"
            p.environment = env
            let out = Pipe()
            p.standardOutput = out
            try p.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            guard p.terminationStatus == 0 else {
                throw CLIError("swiftlet-bench \(g) failed with exit code \(p.terminationStatus)")
            }
            for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
                if json { print(line); continue }
                guard let obj = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { continue }
                func num(_ k: String) -> String {
                    guard let v = obj[k] as? NSNumber else { return "" }
                    return String(format: "%.4g", v.doubleValue)
                }
                rows.append([obj["group"] as? String ?? g, obj["figure"] as? String ?? "?", num("swiftlet"),
                             obj["unit"] as? String ?? "", num("peer"), obj["peer_name"] as? String ?? "", num("ratio")])
            }
        }
        if !json { print(table(header: ["group", "figure", "swiftlet", "unit", "peer", "peer name", "ratio"], rows: rows)) }
    }
}
