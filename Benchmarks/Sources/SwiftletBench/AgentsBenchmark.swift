// Benchmark group `agents` — owned by the agents work; prints Figure JSON lines.
func runAgentsBenchmarks(peers: [String: Double]) {
}
