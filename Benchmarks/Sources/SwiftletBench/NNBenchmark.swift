// Benchmark group `nn` — owned by the nn work; prints Figure JSON lines.
func runNNBenchmarks(peers: [String: Double]) {
}
