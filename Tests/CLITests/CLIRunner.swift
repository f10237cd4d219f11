import Foundation
import SwiftletGraphics

/// Runs the built `swiftlet` executable (found next to the test bundle, in the
/// products folder that `swift test` builds it into) and captures its output.
enum CLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        /// Non-empty stderr lines.
        var errorLines: [String] { stderr.split(separator: "\n").map(String.init) }
    }

    /// The products folder: the test bundle's folder.
    static let productsFolder: URL = {
        #if os(macOS)
        if let b = Bundle.allBundles.first(where: { $0.bundlePath.hasSuffix(".xctest") }) {
            return b.bundleURL.deletingLastPathComponent()
        }
        #endif
        return URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    }()

    static var executable: URL { productsFolder.appendingPathComponent("swiftlet") }

    /// Runs `swiftlet args…` in `cwd` with extra environment variables (nil removes one).
    static func run(_ args: [String], cwd: URL? = nil, environment: [String: String?] = [:],
                    timeout: TimeInterval = 600) throws -> Result {
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw RunnerError("no swiftlet executable at \(executable.path); `swift build` builds it")
        }
        let p = Process()
        p.executableURL = executable
        p.arguments = args
        if let cwd { p.currentDirectoryURL = cwd }
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        env["OPENBLAS_NUM_THREADS"] = env["OPENBLAS_NUM_THREADS"] ?? "1"
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        // Drain both pipes concurrently so a chatty child never blocks on a full pipe.
        final class Box: @unchecked Sendable { var data = Data() }
        let outData = Box(), errData = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { outData.data = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData.data = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        if group.wait(timeout: .now() + timeout) == .timedOut {
            p.terminate()
            throw RunnerError("swiftlet \(args.joined(separator: " ")) ran longer than \(Int(timeout)) s")
        }
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: outData.data, as: UTF8.self),
                      stderr: String(decoding: errData.data, as: UTF8.self))
    }

    /// Starts `swiftlet args…` and returns the process (for interrupt tests).
    static func start(_ args: [String], environment: [String: String?] = [:], stdout: URL, stderr: URL) throws -> Process {
        let p = Process()
        p.executableURL = executable
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        env["OPENBLAS_NUM_THREADS"] = env["OPENBLAS_NUM_THREADS"] ?? "1"
        p.environment = env
        _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
        p.standardOutput = try FileHandle(forWritingTo: stdout)
        p.standardError = try FileHandle(forWritingTo: stderr)
        p.standardInput = FileHandle.nullDevice
        try p.run()
        return p
    }

    /// Starts a PPO CartPole training of `steps` into `dir/run` (stdout and
    /// stderr to `dir/out.txt` and `dir/err.txt`) and returns once its
    /// metrics.csv holds more than `rows` lines (or the run ended).
    static func startTraining(in dir: TempFolder, steps: Int, rows: Int = 2) throws -> (process: Process, run: String) {
        let run = dir.path("run")
        let p = try start(["train", "CartPole-v1", "--algo", "ppo", "--steps", "\(steps)", "--set", "eval_freq=0",
                           "--set", "n_eval_episodes=1", "--set", "log_interval=1", "--out", run],
                          stdout: dir.url.appendingPathComponent("out.txt"), stderr: dir.url.appendingPathComponent("err.txt"))
        let deadline = Date().addingTimeInterval(300)
        while p.isRunning && Date() < deadline {
            if let text = try? String(contentsOfFile: run + "/metrics.csv", encoding: .utf8),
               text.split(separator: "\n").count > rows { break }
            usleep(5_000)
        }
        return (p, run)
    }

    /// No display: DISPLAY, WAYLAND_DISPLAY and SDL_VIDEODRIVER removed.
    static let headless: [String: String?] = ["DISPLAY": nil, "WAYLAND_DISPLAY": nil, "SDL_VIDEODRIVER": nil]
}

struct RunnerError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// A fresh temporary folder, removed by `cleanup()`.
struct TempFolder {
    let url: URL
    init(_ name: String = #function) throws {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("swiftlet-cli-\(safe)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func path(_ rel: String) -> String { url.appendingPathComponent(rel).path }
    func cleanup() { try? FileManager.default.removeItem(at: url) }
}

/// The Gymnasium fixtures (Tests/CLITests/make_fixtures.py).
struct GymnasiumFixtures: Decodable {
    struct Watch: Decodable { var env: String; var seed: UInt64; var episodes: Int; var returns: [Double]; var lengths: [Int] }
    struct Spec: Decodable {
        var id: String
        var max_episode_steps: Int
        var reward_threshold: Double?
        var observation_shape: [Int]
        var action_space: String
        var frame: [Int]
    }
    var watch_random: [Watch]
    var registry: [Spec]

    static let shared: GymnasiumFixtures = {
        let url = Bundle.module.url(forResource: "Fixtures/gymnasium", withExtension: "json")!
        return try! JSONDecoder().decode(GymnasiumFixtures.self, from: Data(contentsOf: url))
    }()
}

/// Frames in an animated GIF: counts image descriptors while walking the
/// block structure (extensions and LZW sub-blocks skipped by their lengths),
/// checking the header and trailer. Returns (width, height, frames).
func gifStructure(_ bytes: [UInt8]) throws -> (width: Int, height: Int, frames: Int) {
    guard bytes.count > 13, String(decoding: bytes[0..<6], as: UTF8.self) == "GIF89a" else { throw RunnerError("not a GIF89a file") }
    let w = Int(bytes[6]) | Int(bytes[7]) << 8, h = Int(bytes[8]) | Int(bytes[9]) << 8
    var i = 13
    if bytes[10] & 0x80 != 0 { i += 3 << (Int(bytes[10] & 7) + 1) }
    var frames = 0
    func skipSubBlocks() throws {
        while true {
            guard i < bytes.count else { throw RunnerError("GIF truncated in a data sub-block") }
            let n = Int(bytes[i]); i += 1
            if n == 0 { return }
            i += n
        }
    }
    while i < bytes.count {
        switch bytes[i] {
        case 0x21: i += 2; try skipSubBlocks()
        case 0x2C:
            guard i + 10 <= bytes.count else { throw RunnerError("GIF truncated in an image descriptor") }
            let fw = Int(bytes[i + 5]) | Int(bytes[i + 6]) << 8, fh = Int(bytes[i + 7]) | Int(bytes[i + 8]) << 8
            guard fw == w && fh == h else { throw RunnerError("frame \(frames) is \(fw)x\(fh), screen \(w)x\(h)") }
            let packed = bytes[i + 9]
            i += 10
            if packed & 0x80 != 0 { i += 3 << (Int(packed & 7) + 1) }
            i += 1  // LZW minimum code size
            try skipSubBlocks()
            frames += 1
        case 0x3B: return (w, h, frames)
        default: throw RunnerError("GIF: unexpected block 0x\(String(bytes[i], radix: 16)) at byte \(i)")
        }
    }
    throw RunnerError("GIF has no trailer")
}

func readPNG(_ path: String) throws -> RGBImage { try PNG.read(path) }
