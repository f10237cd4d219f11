// Benchmark group `core` — owned by the core work; prints Figure JSON lines.
func runCoreBenchmarks(peers: [String: Double]) {
}
