import Foundation
import Testing

/// Two separate processes training with the same seed write byte-identical
/// checkpoints and config (canonical metadata: sorted JSON keys), and
/// identical metrics apart from the wall-clock columns.
@Suite struct ReproducibleFilesTests {
    @Test(arguments: ["ppo", "dqn"])
    func seededRunsWriteIdenticalFiles(_ algo: String) throws {
        let dir = try TempFolder()
        defer { dir.cleanup() }
        for name in ["a", "b"] {
            let r = try CLI.run(["train", "CartPole-v1", "--algo", algo, "--steps", "2048", "--seed", "4",
                                 "--set", "n_eval_episodes=2", "--out", dir.path(name)])
            #expect(r.status == 0, "\(r.stderr)")
        }
        for file in ["checkpoints/last.safetensors", "checkpoints/best.safetensors", "config.yml"] {
            let a = try Data(contentsOf: URL(fileURLWithPath: dir.path("a/" + file)))
            let b = try Data(contentsOf: URL(fileURLWithPath: dir.path("b/" + file)))
            #expect(!a.isEmpty && a == b, "\(algo): \(file) differs between two seeded processes")
        }
        let ma = try metricsColumns(dir.path("a/metrics.csv")), mb = try metricsColumns(dir.path("b/metrics.csv"))
        let timing = Set(["time_elapsed", "fps"])
        let keep = ma.header.indices.filter { !timing.contains(ma.header[$0]) }
        #expect(ma.header == mb.header && ma.rows.count == mb.rows.count && !ma.rows.isEmpty)
        for (x, y) in zip(ma.rows, mb.rows) { #expect(keep.map { x[$0] } == keep.map { y[$0] }) }
    }
}
