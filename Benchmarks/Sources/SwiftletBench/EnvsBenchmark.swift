// Benchmark group `envs` — owned by the envs work; prints Figure JSON lines.
func runEnvsBenchmarks(peers: [String: Double]) {
}
