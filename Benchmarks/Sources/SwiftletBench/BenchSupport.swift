import Foundation

/// Keeps the optimizer from deleting benchmarked work.
@inline(never) public func blackHole<T>(_ x: T) { withExtendedLifetime(x) {} }

/// Monotonic nanoseconds.
@inline(__always) func nowNanoseconds() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

/// Profiling mode (instruction counts under callgrind): with
/// `SWIFTLET_BENCH_PROFILE=<figure>` only that figure's body runs, 3 warm-up
/// iterations and then `SWIFTLET_BENCH_PROFILE_ITERATIONS` (default 100)
/// inside `swiftlet_bench_profile_loop`, e.g.
/// `valgrind --tool=callgrind --toggle-collect=swiftlet_bench_profile_loop`;
/// the collected cost divided by the iterations is the cost of one.
let benchProfileFigure = ProcessInfo.processInfo.environment["SWIFTLET_BENCH_PROFILE"]
let benchProfileIterations = Int(ProcessInfo.processInfo.environment["SWIFTLET_BENCH_PROFILE_ITERATIONS"] ?? "") ?? 100

@inline(never) @_silgen_name("swiftlet_bench_profile_loop")
func profileLoop(_ n: Int, _ body: () -> Void) {
    for _ in 0..<n { body() }
}

/// Median over `repeats` runs of the mean time per iteration, in nanoseconds.
/// Runs `warmup` iterations first. In profiling mode (above) it runs only the
/// named `figure` and returns NaN.
func measureNanoseconds(_ figure: String? = nil, iterations: Int, repeats: Int = 5, warmup: Int? = nil,
                        _ body: () -> Void) -> Double {
    if let target = benchProfileFigure {
        guard figure == target else { return .nan }
        for _ in 0..<3 { body() }
        profileLoop(benchProfileIterations, body)
        return .nan
    }
    for _ in 0..<(warmup ?? max(1, iterations / 10)) { body() }
    var samples: [Double] = []
    for _ in 0..<repeats {
        let t0 = nowNanoseconds()
        for _ in 0..<iterations { body() }
        samples.append(Double(nowNanoseconds() - t0) / Double(iterations))
    }
    samples.sort()
    return samples[samples.count / 2]
}

/// One benchmark figure as a JSON line. `lowerIsBetter` decides the ratio's
/// direction so that ratio > 1 always means Swiftlet is better.
struct Figure {
    var group: String
    var figure: String
    var unit: String
    var swiftlet: Double
    var peer: Double?
    var peerName: String?
    var lowerIsBetter: Bool

    var jsonLine: String {
        func num(_ x: Double?) -> String {
            guard let x, x.isFinite else { return "null" }
            return String(format: "%.6g", x)
        }
        var ratio: Double? = nil
        if let p = peer, p > 0, swiftlet > 0 { ratio = lowerIsBetter ? p / swiftlet : swiftlet / p }
        let name = peerName.map { "\"\($0)\"" } ?? "null"
        return "{\"group\":\"\(group)\",\"figure\":\"\(figure)\",\"unit\":\"\(unit)\",\"swiftlet\":\(num(swiftlet)),\"peer\":\(num(peer)),\"peer_name\":\(name),\"ratio\":\(num(ratio))}"
    }
}

/// Peer figures are produced by the Python scripts in Benchmarks/peers and
/// passed in as a JSON object file `{figure: value}` (see run.sh).
func loadPeerFigures(_ path: String?) -> [String: Double] {
    guard let path, let data = FileManager.default.contents(atPath: path),
          let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
    var out: [String: Double] = [:]
    for (k, v) in obj { if let d = v as? Double { out[k] = d } else if let i = v as? Int { out[k] = Double(i) } }
    return out
}
