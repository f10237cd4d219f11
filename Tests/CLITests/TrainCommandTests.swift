import Foundation
import SwiftletGraphics
import Testing

/// Reads a safetensors file's JSON header (independently of Swiftlet's reader).
func safetensorsHeader(_ path: String) throws -> [String: Any] {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    guard data.count >= 8 else { throw RunnerError("\(path): too short") }
    let n = Int(data.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }.littleEndian)
    guard let obj = try JSONSerialization.jsonObject(with: data.subdata(in: 8..<(8 + n))) as? [String: Any] else {
        throw RunnerError("\(path): header is not a JSON object")
    }
    return obj
}

/// metrics.csv rows as column → values.
func metricsColumns(_ path: String) throws -> (header: [String], rows: [[String]]) {
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    return (header, lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) })
}

/// One small trained CartPole PPO run shared by the tests that need a checkpoint.
enum SharedRun {
    static let folder: TempFolder = try! TempFolder("shared-run")
    static let result: CLI.Result = try! CLI.run(
        ["train", "CartPole-v1", "--algo", "ppo", "--steps", "2048", "--seed", "3", "--set", "n_eval_episodes=2",
         "--out", folder.path("run")])
    static var path: String { _ = result; return folder.path("run") }
}

@Suite struct TrainCommandTests {
    @Test func trainWritesAFullRunFolder() throws {
        let r = SharedRun.result
        #expect(r.status == 0, "\(r.stderr)")
        let run = SharedRun.path
        // Plain progress lines (stdout is a pipe) and the summary.
        #expect(r.stdout.split(separator: "\n").contains { $0.hasPrefix("steps ") && $0.contains(" fps") && $0.contains("ETA") && $0.contains("KL") })
        #expect(r.stdout.contains("trained PPO on CartPole-v1: 2,048 steps"))
        #expect(r.stdout.contains("final evaluation: mean "))
        #expect(!r.stdout.contains("\u{1B}["), "no terminal escapes when not a terminal")
        // config.yml: the trainer's header and the resolved keys.
        let config = try String(contentsOfFile: run + "/config.yml", encoding: .utf8)
        #expect(config.contains("# env_id: CartPole-v1") && config.contains("# algo: ppo") && config.contains("# seed: 3"))
        #expect(config.contains("n_timesteps: 2048") && config.contains("n_eval_episodes: 2") && config.contains("n_steps: 32"))
        // metrics.csv parses; timesteps rise to the budget.
        let m = try metricsColumns(run + "/metrics.csv")
        let t = m.header.firstIndex(of: "timesteps")!, ret = m.header.firstIndex(of: "ep_return_mean")!
        let steps = m.rows.map { Int($0[t])! }
        #expect(steps == steps.sorted() && Set(steps).count == steps.count && steps.last == 2048)
        #expect(m.rows.allSatisfy { $0.count == m.header.count })
        #expect(m.rows.compactMap { Double($0[ret]) }.allSatisfy { $0 >= 8 && $0 <= 500 })  // CartPole returns
        // Checkpoints: safetensors with the run's metadata.
        for name in ["last", "best"] {
            let h = try safetensorsHeader(run + "/checkpoints/\(name).safetensors")
            let meta = h["__metadata__"] as! [String: String]
            #expect(meta["env_id"] == "CartPole-v1" && meta["algo"] == "ppo")
            #expect(h.keys.contains { $0.hasPrefix("policy.") })
        }
        let png = try PNG.read(run + "/learning-curve.png")
        #expect(png.width == 800 && png.height == 500)
    }

    @Test func evalPrintsMeanAndStd() throws {
        let a = try CLI.run(["eval", SharedRun.path, "--episodes", "3", "--seed", "5", "--verbose"])
        #expect(a.status == 0, "\(a.stderr)")
        let lines = a.stdout.split(separator: "\n").map(String.init)
        let last = lines.last!.split(separator: " ")
        #expect(last.count == 4 && last[0] == "mean" && last[2] == "±", "\(lines.last!)")
        let mean = Double(last[1])!, std = Double(last[3])!
        let returns = lines.dropLast().map { Double($0.split(separator: " ")[3].dropLast())! }
        #expect(returns.count == 3)
        let m = returns.reduce(0, +) / 3
        let s = (returns.map { ($0 - m) * ($0 - m) }.reduce(0, +) / 3).squareRoot()
        #expect(abs(mean - m) < 0.006 && abs(std - s) < 0.006)
        #expect(returns.allSatisfy { $0 >= 8 && $0 <= 500 })
        // Deterministic policy and seeded resets: the same numbers again.
        let b = try CLI.run(["eval", SharedRun.path, "--episodes", "3", "--seed", "5", "--verbose"])
        #expect(b.stdout == a.stdout)
    }

    @Test func watchRecordsTheTrainedPolicy() throws {
        let dir = try TempFolder()
        defer { dir.cleanup() }
        let r = try CLI.run(["watch", SharedRun.path, "--episodes", "2", "--record", dir.path("t.gif"), "--scale", "0.25"],
                            environment: CLI.headless)
        #expect(r.status == 0, "\(r.stderr)")
        let lengths = r.stdout.split(separator: "\n").filter { $0.hasPrefix("episode ") }.map { Int($0.split(separator: " ")[4])! }
        #expect(lengths.count == 2)
        let gif = try gifStructure([UInt8](try Data(contentsOf: dir.url.appendingPathComponent("t.gif"))))
        #expect(gif.width == 150 && gif.height == 100 && gif.frames == lengths.reduce(0, +) + 2)
    }

    @Test func dqnShowsEpsilon() throws {
        let dir = try TempFolder()
        defer { dir.cleanup() }
        let r = try CLI.run(["train", "CartPole-v1", "--algo", "dqn", "--steps", "1200", "--set", "learning_starts=200",
                             "--set", "gradient_steps=8", "--set", "n_eval_episodes=1", "--out", dir.path("dqn")])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.split(separator: "\n").contains { $0.hasPrefix("steps ") && $0.contains("eps ") })
        #expect(FileManager.default.fileExists(atPath: dir.path("dqn/checkpoints/last.safetensors")))
    }

    /// Ctrl-C saves `last` and exits 130; --resume continues to the budget.
    @Test func interruptThenResume() throws {
        let dir = try TempFolder()
        defer { dir.cleanup() }
        let (p, run) = try CLI.startTraining(in: dir, steps: 30000)
        #expect(p.isRunning, "training finished before it could be interrupted")
        kill(p.processIdentifier, SIGINT)
        p.waitUntilExit()
        let err = try String(contentsOf: dir.url.appendingPathComponent("err.txt"), encoding: .utf8)
        #expect(p.terminationStatus == 130, "\(err)")
        #expect(err.contains("interrupted at") && err.contains("swiftlet train --resume \(run)"), "\(err)")
        let meta = try safetensorsHeader(run + "/checkpoints/last.safetensors")["__metadata__"] as! [String: String]
        let stopped = Int(meta["timesteps"]!)!
        #expect(stopped > 0 && stopped < 30000)

        let r = try CLI.run(["train", "--resume", run])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("resuming PPO on CartPole-v1 from \(stopped) steps"))
        let m = try metricsColumns(run + "/metrics.csv")
        let steps = m.rows.map { Int($0[0])! }
        // PPO finishes its last rollout (8 envs x 32 steps), as SB3 does.
        #expect(steps.last.map { $0 >= 30000 && $0 < 30000 + 256 } == true, "\(steps.last ?? -1)")
        #expect(steps == steps.sorted() && Set(steps).count == steps.count, "rows repeat or go back after resume")
        let final = try safetensorsHeader(run + "/checkpoints/last.safetensors")["__metadata__"] as! [String: String]
        #expect(final["timesteps"] == steps.last.map(String.init))
    }
}
