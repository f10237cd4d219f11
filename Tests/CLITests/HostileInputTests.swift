import Foundation
import Testing

/// Inputs built to hang, exhaust or confuse: each ends with one line and a
/// code below 128, quickly, and leaves nothing behind.
@Suite struct HostileInputTests {
    @Test func configsThatWouldExplodeOrBlock() throws {
        let dir = try TempFolder()
        defer { dir.cleanup() }
        // 9 levels of 9 aliases: 413 bytes that expand to 9⁹ list entries.
        var bomb = ["a0: &a0 [1,1,1,1,1,1,1,1,1]"]
        for i in 1...8 { bomb.append("a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ",") + "]") }
        bomb.append("net_arch_pi: *a8")
        try (bomb.joined(separator: "\n") + "\n").write(toFile: dir.path("bomb.yml"), atomically: true, encoding: .utf8)
        try ("net_arch_pi: [" + Array(repeating: "64", count: 600_000).joined(separator: ",") + "]\n")
            .write(toFile: dir.path("big.yml"), atomically: true, encoding: .utf8)
        try (String(repeating: "[", count: 200) + String(repeating: "]", count: 200) + "\n")
            .write(toFile: dir.path("deep.yml"), atomically: true, encoding: .utf8)
        try ("net_arch_pi: [" + Array(repeating: "1", count: 5000).joined(separator: ",") + "]\n")
            .write(toFile: dir.path("long.yml"), atomically: true, encoding: .utf8)
        #expect(mkfifo(dir.path("pipe.yml"), 0o644) == 0)
        #expect(mkfifo(dir.path("pipe.safetensors"), 0o644) == 0)
        let cases: [([String], Int32, String)] = [
            (["train", "CartPole-v1", "--algo", "ppo", "--config", dir.path("bomb.yml")], 65, "YAML aliases; a config may use at most 64"),
            (["train", "CartPole-v1", "--algo", "ppo", "--config", dir.path("big.yml")], 65, "a config is at most 1048576 bytes"),
            (["train", "CartPole-v1", "--algo", "ppo", "--config", dir.path("deep.yml")], 65, "levels deep"),
            (["train", "CartPole-v1", "--algo", "ppo", "--config", dir.path("long.yml")], 64, "a list of at most 1024 integers"),
            (["train", "CartPole-v1", "--algo", "ppo", "--config", dir.path("pipe.yml")], 65, "named pipe (FIFO), not a file"),
            (["eval", dir.path("pipe.safetensors")], 65, "named pipe (FIFO), not a file"),
            (["train", "CartPole-v1", "--algo", "ppo", "--set", "\u{1B}[31mred=1"], 64, "unknown ppo config key '\\u{1B}[31mred'"),
        ]
        for (args, code, message) in cases {
            let r = try CLI.run(args + (args[0] == "train" ? ["--out", dir.path("run")] : []))
            #expect(r.status == code && r.errorLines.count == 1 && r.stderr.contains(message), "\(args.prefix(5)): \(r.stderr.prefix(300))")
            #expect(!r.stderr.contains("\u{1B}"), "raw escape on stderr")
            #expect(!FileManager.default.fileExists(atPath: dir.path("run")))
        }
        // An empty config (/dev/null) is SB3's defaults over the preset, not an error.
        let empty = try CLI.run(["train", "CartPole-v1", "--algo", "ppo", "--config", "/dev/null", "--steps", "256",
                                 "--set", "n_eval_episodes=1", "--out", dir.path("devnull")])
        #expect(empty.status == 0, "\(empty.stderr)")
    }

    /// A diverging run says whether there is a checkpoint to go back to.
    @Test func divergenceSaysWhatWasKept() throws {
        let dir = try TempFolder()
        defer { dir.cleanup() }
        let r = try CLI.run(["train", "Pendulum-v1", "--algo", "ppo", "--set", "learning_rate=10", "--steps", "8192",
                             "--out", dir.path("run")])
        #expect(r.status == 1 && r.errorLines.count == 1, "\(r.stderr)")
        #expect(r.stderr.contains("training stopped; no checkpoint had been written yet"), "\(r.stderr)")
    }
}
