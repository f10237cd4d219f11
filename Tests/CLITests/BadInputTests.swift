import Foundation
import Testing

/// Every bad input: one line on stderr naming the problem, its exit code, and
/// nothing on disk created or changed.
@Suite struct BadInputTests {
    struct Case: CustomStringConvertible {
        var args: [String]
        var code: Int32
        var message: String
        var description: String { args.joined(separator: " ") }
    }

    /// Snapshot of every file under `url`: relative path → contents.
    func snapshot(_ url: URL) -> [String: Data] {
        var out: [String: Data] = [:]
        let e = FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil)
        while let f = e?.nextObject() as? URL {
            out[f.path.replacingOccurrences(of: url.path, with: "")] = (try? Data(contentsOf: f)) ?? Data("<dir>".utf8)
        }
        return out
    }

    @Test func trainRejectsBadInput() throws {
        let dir = try TempFolder()
        defer { dir.cleanup() }
        let run = SharedRun.path
        let keep = try TempFolder("keep")
        defer { keep.cleanup() }
        try FileManager.default.copyItem(atPath: run, toPath: keep.path("run"))
        try "learning_rate: 1e-3\nn_steps: [1, 2\n".write(toFile: dir.path("bad.yml"), atomically: true, encoding: .utf8)
        try "learning_rate: 1e-3\nfoo: 3\n".write(toFile: dir.path("unknown.yml"), atomically: true, encoding: .utf8)
        try "n_epochs: many\n".write(toFile: dir.path("typed.yml"), atomically: true, encoding: .utf8)
        try Data().write(to: dir.url.appendingPathComponent("afile"))
        let envList = "registered ids: CartPole-v1, MountainCar-v0, MountainCarContinuous-v0, Acrobot-v1, Pendulum-v1"
        let cases: [Case] = [
            Case(args: ["train", "Foo-v1", "--algo", "ppo"], code: 64, message: "unknown environment id 'Foo-v1'; \(envList)"),
            Case(args: ["train", "CartPole-v1", "--algo", "sac"], code: 64, message: "unknown algorithm 'sac'; valid algorithms: ppo, dqn"),
            Case(args: ["train", "CartPole-v1"], code: 64, message: "give --algo (ppo or dqn)"),
            Case(args: ["train", "CartPole-v1", "--algo", "ppo", "--config", dir.path("bad.yml")], code: 65,
                 message: "malformed config \(dir.path("bad.yml")): 3:1: error: parser"),
            Case(args: ["train", "CartPole-v1", "--algo", "ppo", "--config", dir.path("unknown.yml")], code: 64,
                 message: "\(dir.path("unknown.yml")): unknown ppo config key 'foo' (valid keys: n_timesteps,"),
            Case(args: ["train", "CartPole-v1", "--algo", "ppo", "--config", dir.path("typed.yml")], code: 64,
                 message: "bad value 'many' for config key 'n_epochs': expected an integer ≥ 1"),
            Case(args: ["train", "CartPole-v1", "--algo", "ppo", "--config", dir.path("none.yml")], code: 66,
                 message: "no config file \(dir.path("none.yml"))"),
            Case(args: ["train", "CartPole-v1", "--algo", "dqn", "--set", "foo=1"], code: 64, message: "unknown dqn config key 'foo'"),
            Case(args: ["train", "CartPole-v1", "--algo", "ppo", "--set", "learning_rate=abc"], code: 64,
                 message: "bad value 'abc' for config key 'learning_rate'"),
            Case(args: ["train", "CartPole-v1", "--algo", "ppo", "--set", "n_steps"], code: 64, message: "bad --set 'n_steps': expected key=value"),
            Case(args: ["train", "CartPole-v1", "--algo", "ppo", "--set", "n_steps=0"], code: 64,
                 message: "bad value '0' for config key 'n_steps': expected an integer ≥ 1"),
            Case(args: ["train", "CartPole-v1", "--algo", "ppo", "--steps", "0"], code: 64, message: "--steps must be positive, got 0"),
            Case(args: ["train", "CartPole-v1", "--algo", "ppo", "--steps", "-5"], code: 64, message: "--steps must be positive, got -5"),
            Case(args: ["train", "Pendulum-v1", "--algo", "dqn"], code: 64, message: "DQN needs a discrete action space; Pendulum-v1 has Box"),
            // Rejected when the agent is built, after the run folder (and its parent) were made: both removed again.
            Case(args: ["train", "CartPole-v1", "--algo", "ppo", "--set", "use_sde=true"], code: 64,
                 message: "bad value 'true' for config key 'use_sde': expected false for a Discrete action space"),
            Case(args: ["train", "Pendulum-v1", "--algo", "ppo", "--set", "sde_sample_freq=-2"], code: 64,
                 message: "bad value '-2' for config key 'sde_sample_freq'"),
            Case(args: ["train", "CartPole-v1", "--algo", "ppo", "--out", keep.path("run")], code: 73,
                 message: "\(keep.path("run")) already holds a run: continue it with --resume"),
            Case(args: ["train", "CartPole-v1", "--algo", "ppo", "--out", dir.path("afile/run")], code: 73,
                 message: "cannot create the run folder \(dir.path("afile/run")): \(dir.path("afile")) is a file, not a folder"),
            Case(args: ["train", "--resume", dir.path("nothing")], code: 66, message: "no run folder \(dir.path("nothing")) to resume"),
            Case(args: ["train", "Acrobot-v1", "--resume", keep.path("run")], code: 65,
                 message: "was made for CartPole-v1 (observations [4], actions Discrete(2)), not for Acrobot-v1 (observations [6], actions Discrete(3))"),
            Case(args: ["train", "--resume", keep.path("run"), "--steps", "10"], code: 64, message: "--steps cannot be combined with --resume"),
            Case(args: ["train", "--resume", keep.path("run"), "--algo", "dqn"], code: 64, message: "was trained with ppo, not dqn"),
        ]
        let before = snapshot(keep.url)
        let dirBefore = snapshot(dir.url)
        for c in cases {
            let r = try CLI.run(c.args, cwd: dir.url)
            #expect(r.status == c.code, "\(c): \(r.stderr)")
            #expect(r.errorLines.count == 1, "\(c): \(r.stderr)")
            #expect(r.stderr.hasPrefix("swiftlet: error: ") && r.stderr.contains(c.message), "\(c): \(r.stderr)")
        }
        #expect(snapshot(keep.url) == before, "an existing run was changed")
        #expect(snapshot(dir.url) == dirBefore, "a failed command left files behind")
    }

    @Test func checkpointsThatCannotBeUsed() throws {
        let dir = try TempFolder()
        defer { dir.cleanup() }
        try FileManager.default.createDirectory(atPath: dir.path("empty/checkpoints"), withIntermediateDirectories: true)
        try Data("not a safetensors file at all".utf8).write(to: dir.url.appendingPathComponent("corrupt.safetensors"))
        try Data([8, 0, 0, 0, 0, 0, 0, 0] + Array("{}      ".utf8)).write(to: dir.url.appendingPathComponent("foreign.safetensors"))
        let cases: [Case] = [
            Case(args: ["eval", dir.path("missing.safetensors")], code: 66, message: "no run folder, checkpoint or environment id '\(dir.path("missing.safetensors"))'"),
            Case(args: ["eval", dir.path("empty")], code: 66,
                 message: "\(dir.path("empty")) has no checkpoint (looked for checkpoints/best.safetensors and checkpoints/last.safetensors)"),
            Case(args: ["eval", dir.path("corrupt.safetensors")], code: 65, message: "bad checkpoint \(dir.path("corrupt.safetensors")):"),
            Case(args: ["eval", dir.path("foreign.safetensors")], code: 65, message: "not a Swiftlet agent checkpoint"),
            Case(args: ["watch", dir.path("corrupt.safetensors"), "--record", dir.path("x.gif")], code: 65, message: "bad checkpoint"),
            Case(args: ["eval", SharedRun.path, "--env", "Pendulum-v1"], code: 65,
                 message: "was made for CartPole-v1 (observations [4], actions Discrete(2)), not for Pendulum-v1 (observations [3], actions Box(-2.0, 2.0, [1], float32))"),
            Case(args: ["eval", SharedRun.path, "--env", "Nope-v0"], code: 64, message: "unknown environment id 'Nope-v0'"),
            Case(args: ["eval", SharedRun.path, "--episodes", "0"], code: 64, message: "--episodes must be positive, got 0"),
        ]
        let before = snapshot(dir.url)
        for c in cases {
            let r = try CLI.run(c.args, environment: CLI.headless)
            #expect(r.status == c.code, "\(c): \(r.stderr)")
            #expect(r.errorLines.count == 1, "\(c): \(r.stderr)")
            #expect(r.stderr.hasPrefix("swiftlet: error: ") && r.stderr.contains(c.message), "\(c): \(r.stderr)")
        }
        #expect(snapshot(dir.url) == before)
    }
}
