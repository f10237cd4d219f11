import Foundation
import SwiftletCore

// Usage: swiftlet-bench <core|nn|envs|agents> [--peer peer.json] [--peer-name NAME]
//        agents also takes [--only ppo|dqn] [--repeats N] (the median of N runs, default 3)
// Prints one JSON line per figure (see Benchmarks/README.md).
let args = CommandLine.arguments
let group = args.count > 1 ? args[1] : "core"
func option(_ name: String) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}
let peers = loadPeerFigures(option("--peer"))
ProcessSettings.applyDefaults()  // as the `swiftlet` CLI does
setBLASThreads(1)

switch group {
case "core": runCoreBenchmarks(peers: peers)
case "nn": runNNBenchmarks(peers: peers)
case "envs": runEnvsBenchmarks(peers: peers)
case "agents": runAgentsBenchmarks(peers: peers)
default:
    FileHandle.standardError.write("swiftlet-bench: unknown group '\(group)' (core, nn, envs, agents)\n".data(using: .utf8)!)
    exit(2)
}
