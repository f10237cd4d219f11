import Foundation
import SwiftletGraphics
import Testing

@Suite struct PlotCommandTests {
    static let header = "timesteps,episodes,time_elapsed,fps,ep_return_mean,eval_mean"

    /// A run folder as `swiftlet train` writes it: metrics.csv of (timesteps, ep_return_mean)
    /// rows and config.yml with the trainer's header.
    func makeRun(_ dir: TempFolder, _ name: String, env: String = "CartPole-v1", algo: String = "ppo", seed: Int,
                 config: String = "n_steps: 32\n", points: [(Int, Double)]) throws {
        let folder = dir.url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let rows = points.map { "\($0.0),1,0.5,1000,\($0.1)," }
        try (([Self.header] + rows).joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("metrics.csv"),
                                                                        atomically: true, encoding: .utf8)
        try ("# algo: \(algo)\n# env_id: \(env)\n# seed: \(seed)\n" + config).write(
            to: folder.appendingPathComponent("config.yml"), atomically: true, encoding: .utf8)
    }

    @Test func averagesSeedsOfOneConfigIntoOneCurveWithABand() throws {
        let dir = try TempFolder()
        defer { dir.cleanup() }
        try makeRun(dir, "a-s1", seed: 1, points: [(0, 10), (1000, 100), (2000, 300)])
        try makeRun(dir, "a-s2", seed: 2, points: [(0, 30), (1000, 200), (2000, 500)])
        try makeRun(dir, "b", algo: "dqn", seed: 1, points: [(0, 20), (2000, 50)])
        let r = try CLI.run(["plot", dir.path("a-s1"), dir.path("a-s2"), dir.path("b"), "--out", dir.path("c.png"),
                             "--width", "640", "--height", "400"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("3 runs, 2 curves"), "\(r.stdout)")
        let png = try PNG.read(dir.path("c.png"))
        #expect(png.width == 640 && png.height == 400)
        // First group's line (palette color 0) and the translucent band around it.
        let c0 = RGB.palette[0], c1 = RGB.palette[1]
        var line0 = 0, line1 = 0, tinted = 0
        for y in 0..<png.height {
            for x in 0..<png.width {
                let p = png[x, y]
                if p == c0 { line0 += 1 }
                if p == c1 { line1 += 1 }
                // Band: a light blend of color 0 over white (neither white, gray nor the line color).
                if p != c0, p.b > p.r, p.r > 150, p.b > 200 { tinted += 1 }
            }
        }
        #expect(line0 > 300 && line1 > 300, "line pixels \(line0), \(line1)")
        #expect(tinted > 2000, "band pixels \(tinted)")
    }

    @Test func acceptsCSVFilesAndOtherColumns() throws {
        let dir = try TempFolder()
        defer { dir.cleanup() }
        try makeRun(dir, "x", seed: 1, points: [(0, 1), (10, 2)])
        let r = try CLI.run(["plot", dir.path("x/metrics.csv"), "--metric", "eval_mean", "--out", dir.path("e.png")])
        #expect(r.status == 65, "\(r.stderr)")  // eval_mean column is empty
        #expect(r.stderr.contains("no rows with a value of eval_mean"))
        let r2 = try CLI.run(["plot", dir.path("x/metrics.csv"), "--metric", "nope", "--out", dir.path("e.png")])
        #expect(r2.status == 64)
        #expect(r2.stderr.contains("no 'nope' column"))
        #expect(!FileManager.default.fileExists(atPath: dir.path("e.png")))
    }

    @Test func missingRunFolderIsOneLine() throws {
        let dir = try TempFolder()
        defer { dir.cleanup() }
        let r = try CLI.run(["plot", dir.path("nothing"), "--out", dir.path("c.png")])
        #expect(r.status == 66)
        #expect(r.errorLines == ["swiftlet: error: no run folder or file \(dir.path("nothing"))"])
    }

    @Test func malformedCSVNamesFileAndLine() throws {
        let dir = try TempFolder()
        defer { dir.cleanup() }
        try makeRun(dir, "bad", seed: 1, points: [(0, 1), (10, 2)])
        let csv = dir.path("bad/metrics.csv")
        try (Self.header + "\n0,1,0.5,1000,1,\n10,1,0.5,1000,abc,\n").write(toFile: csv, atomically: true, encoding: .utf8)
        let r = try CLI.run(["plot", dir.path("bad"), "--out", dir.path("c.png")])
        #expect(r.status == 65)
        #expect(r.errorLines.count == 1)
        #expect(r.stderr.contains("\(csv):3: 'abc' in column ep_return_mean is not a number"), "\(r.stderr)")
    }

    @Test func unwritableOutputLeavesExistingFileAlone() throws {
        let dir = try TempFolder()
        defer { dir.cleanup() }
        try makeRun(dir, "r", seed: 1, points: [(0, 1), (10, 2)])
        let r = try CLI.run(["plot", dir.path("r"), "--out", dir.path("no/such/folder/c.png")])
        #expect(r.status == 73)
        #expect(r.stderr.contains("does not exist"))
        // A PNG already there is replaced only by a complete new one.
        try Data("old".utf8).write(to: dir.url.appendingPathComponent("c.png"))
        let bad = try CLI.run(["plot", dir.path("r"), "--width", "5", "--out", dir.path("c.png")])
        #expect(bad.status == 64)
        #expect(try String(contentsOfFile: dir.path("c.png"), encoding: .utf8) == "old")
    }

    /// Returns of ±1e308 (a diverged run) are drawn, not a trap; a CRLF
    /// metrics file (edited on Windows) reads like an LF one.
    @Test func extremeValuesAndCRLFFiles() throws {
        let dir = try TempFolder()
        defer { dir.cleanup() }
        try makeRun(dir, "huge", seed: 1, points: [(0, -1e308), (1000, 1e308), (2000, 1.7e308)])
        let r = try CLI.run(["plot", dir.path("huge"), "--out", dir.path("huge.png")])
        #expect(r.status == 0, "\(r.stderr)")
        #expect((try? PNG.read(dir.path("huge.png"))) != nil)

        try makeRun(dir, "crlf", seed: 1, points: [(0, 10), (1000, 20)])
        let path = dir.path("crlf/metrics.csv")
        let lf = try String(contentsOfFile: path, encoding: .utf8)
        try lf.replacingOccurrences(of: "\n", with: "\r\n").write(toFile: path, atomically: true, encoding: .utf8)
        let c = try CLI.run(["plot", dir.path("crlf"), "--out", dir.path("crlf.png")])
        #expect(c.status == 0, "\(c.stderr)")
    }
}
