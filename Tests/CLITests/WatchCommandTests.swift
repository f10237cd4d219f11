import Foundation
import SwiftletGraphics
import SwiftletViewer
import Testing

@Suite struct WatchCommandTests {
    /// Recording a seeded random policy: the episodes match Gymnasium's (fixture), and
    /// the GIF and PNG frames hold one frame per step plus each episode's first frame.
    @Test(arguments: GymnasiumFixtures.shared.watch_random.filter { $0.env == "CartPole-v1" || $0.env == "Pendulum-v1" }.map { $0 })
    func recordsWithoutADisplay(_ fx: GymnasiumFixtures.Watch) throws {
        let dir = try TempFolder()
        defer { dir.cleanup() }
        let r = try CLI.run(["watch", fx.env, "--seed", "\(fx.seed)", "--episodes", "\(fx.episodes)",
                             "--record", dir.path("out.gif"), "--frames", dir.path("frames"), "--scale", "0.5"],
                            environment: CLI.headless)
        #expect(r.status == 0, "\(r.stderr)")
        let episodeLines = r.stdout.split(separator: "\n").filter { $0.hasPrefix("episode ") }
        #expect(episodeLines.count == fx.episodes)
        for (i, line) in episodeLines.enumerated() {
            #expect(line == "episode \(i + 1): return \(String(format: "%.1f", fx.returns[i])), \(fx.lengths[i]) steps")
        }
        let frames = fx.lengths.reduce(0, +) + fx.episodes
        let full = GymnasiumFixtures.shared.registry.first { $0.id == fx.env }!.frame
        let gif = try gifStructure([UInt8](try Data(contentsOf: dir.url.appendingPathComponent("out.gif"))))
        #expect(gif.width == full[0] / 2 && gif.height == full[1] / 2)
        #expect(gif.frames == frames)
        let pngs = try FileManager.default.contentsOfDirectory(atPath: dir.path("frames")).filter { $0.hasSuffix(".png") }.sorted()
        #expect(pngs.count == frames)
        let last = try PNG.read(dir.path("frames/\(pngs.last!)"))
        #expect(last.width == full[0] / 2 && last.height == full[1] / 2)
    }

    @Test func noDisplayWithoutRecordSaysHowToRecord() throws {
        let r = try CLI.run(["watch", "CartPole-v1"], environment: CLI.headless)
        #expect(r.status == 69)
        #expect(r.errorLines.count == 1)
        if Viewer.isAvailable {
            #expect(r.stderr.contains("no display") && r.stderr.contains("--record out.gif"), "\(r.stderr)")
        } else {
            #expect(r.stderr.contains("without SDL2") && r.stderr.contains("--traits SDL"), "\(r.stderr)")
        }
    }

    @Test func badArgumentsAreOneLineEach() throws {
        let dir = try TempFolder()
        defer { dir.cleanup() }
        let cases: [([String], Int32, String)] = [
            (["watch", "CartPole-v1", "--episodes", "0"], 64, "--episodes must be positive, got 0"),
            (["watch", "CartPole-v1", "--episodes", "-3"], 64, "--episodes must be positive, got -3"),
            (["watch", "CartPole-v1", "--fps", "0"], 64, "--fps must be in (0, 1000], got 0.0"),
            (["watch", "CartPole-v1", "--record", dir.path("x.png")], 64, "path ending in .gif"),
            (["watch", "CartPole-v1", "--record", dir.path("missing/x.gif")], 73, "the folder \(dir.path("missing")) does not exist"),
            (["watch", "Foo-v0"], 66, "no run folder, checkpoint or environment id 'Foo-v0'"),
            (["watch", dir.path("nothing")], 66, "no run folder, checkpoint or environment id"),
        ]
        for (args, code, message) in cases {
            let r = try CLI.run(args, environment: CLI.headless)
            #expect(r.status == code, "\(args): \(r.stderr)")
            #expect(r.errorLines.count == 1, "\(args): \(r.stderr)")
            #expect(r.stderr.hasPrefix("swiftlet: error: ") && r.stderr.contains(message), "\(args): \(r.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).isEmpty)
    }

    /// The window under SDL's dummy driver: what the renderer reads back equals the
    /// frame drawn on the canvas, and scripted keys pause and quit.
    @Test(.enabled(if: Viewer.isAvailable)) func windowShowsTheCanvasFrames() throws {
        let dir = try TempFolder()
        defer { dir.cleanup() }
        // tick 0,1: step; 2: pause; 3,4: paused; 5: resume, 5,6,7: step; 8: quit.
        let r = try CLI.run(["watch", "CartPole-v1", "--fps", "500", "--frames", dir.path("f"), "--screenshots", dir.path("s"),
                             "--keys", "2:space,5:space,8:q"],
                            environment: ["SDL_VIDEODRIVER": "dummy", "DISPLAY": nil])
        #expect(r.status == 0, "\(r.stderr)")
        let frames = try FileManager.default.contentsOfDirectory(atPath: dir.path("f")).sorted()
        let shots = try FileManager.default.contentsOfDirectory(atPath: dir.path("s")).sorted()
        #expect(frames.count == 6, "\(frames)")  // first frame + 2 steps + 3 steps
        #expect(shots == frames)
        for name in frames {
            let a = try PNG.read(dir.path("f/\(name)")), b = try PNG.read(dir.path("s/\(name)"))
            #expect(a == b, "\(name)")
        }
        #expect(!r.stdout.contains("episode 1: return"))  // quit before the episode ended
    }

    @Test(.enabled(if: Viewer.isAvailable)) func restartKeyStartsTheEpisodeAgain() throws {
        let dir = try TempFolder()
        defer { dir.cleanup() }
        // Steps at ticks 0–2, restart at 3 (new reset), then play CartPole seed-0's
        // continuation to the end of the 1 episode.
        let r = try CLI.run(["watch", "CartPole-v1", "--fps", "1000", "--episodes", "1", "--frames", dir.path("f"),
                             "--keys", "3:r"], environment: ["SDL_VIDEODRIVER": "dummy", "DISPLAY": nil])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").filter { $0.hasPrefix("episode ") }
        #expect(lines.count == 1)
        let frames = try FileManager.default.contentsOfDirectory(atPath: dir.path("f")).count
        let length = Int(lines[0].split(separator: " ")[4])!
        #expect(frames == 1 + 3 + 1 + length, "\(lines[0]), \(frames) frames")
    }

    /// A real X window under Xvfb (when xvfb-run is installed): the x11 driver's read-back
    /// equals the canvas frames.
    @Test(.enabled(if: Viewer.isAvailable && FileManager.default.isExecutableFile(atPath: "/usr/bin/xvfb-run")))
    func realWindowUnderXvfb() throws {
        let dir = try TempFolder()
        defer { dir.cleanup() }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/xvfb-run")
        p.arguments = ["-a", "-s", "-screen 0 800x600x24", CLI.executable.path, "watch", "CartPole-v1", "--fps", "500",
                       "--frames", dir.path("f"), "--screenshots", dir.path("s"), "--keys", "4:q"]
        var env = ProcessInfo.processInfo.environment
        env["SDL_VIDEODRIVER"] = nil
        p.environment = env
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let errText = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(errText)")
        let frames = try FileManager.default.contentsOfDirectory(atPath: dir.path("f")).sorted()
        #expect(frames.count == 5)
        for name in frames {
            let a = try PNG.read(dir.path("f/\(name)")), b = try PNG.read(dir.path("s/\(name)"))
            #expect(a == b, "\(name)")
        }
    }

    /// DISPLAY names a display that no X server serves: one line and exit 69,
    /// not an invisible episode that reports success.
    @Test func unreachableDisplayIsAnError() throws {
        let r = try CLI.run(["watch", "CartPole-v1", "--episodes", "1"],
                            environment: ["DISPLAY": ":77", "WAYLAND_DISPLAY": nil, "SDL_VIDEODRIVER": nil,
                                          "XDG_RUNTIME_DIR": NSTemporaryDirectory()], timeout: 60)
        #expect(r.status == 69 && r.errorLines.count == 1, "\(r.stderr)")
        #expect(r.stderr.contains("DISPLAY=:77 is set but no X server answers"), "\(r.stderr)")
    }
}
