import Foundation
import Testing

/// Sizes that would exhaust memory (or overflow) are refused before anything
/// is allocated, with the estimate and the limit, whether typed on the
/// command line or stored in a checkpoint; nothing is left on disk.
@Suite struct ResourceLimitTests {
    @Test func hugeSizesAreRefusedUpFront() throws {
        let dir = try TempFolder()
        defer { dir.cleanup() }
        let cases: [([String], String)] = [
            (["--algo", "ppo", "--set", "net_arch_pi=[100000,100000]"], "would need about"),
            (["--algo", "ppo", "--set", "net_arch_pi=[2000000000]"], "would need about"),
            (["--algo", "ppo", "--set", "net_arch_pi=[9223372036854775807]"], "would need about"),
            (["--algo", "ppo", "--set", "n_envs=1000000000", "--set", "n_timesteps=100000000000000"], "would need about"),
            (["--algo", "dqn", "--set", "buffer_size=1000000000000"], "would need about"),
            (["--algo", "ppo", "--set", "n_envs=100000", "--steps", "2000"], "one rollout would take more steps than the whole budget"),
        ]
        for (args, message) in cases {
            let r = try CLI.run(["train", "CartPole-v1"] + args + ["--out", dir.path("run")])
            #expect(r.status == 64, "\(args): \(r.stderr)")
            #expect(r.errorLines.count == 1 && r.stderr.contains(message), "\(args): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir.path("run")), "\(args) left a run folder")
        }
        // The limit comes from SWIFTLET_MAX_MEMORY when set: 1 MiB refuses even the preset.
        let limited = try CLI.run(["train", "CartPole-v1", "--algo", "ppo", "--out", dir.path("small")],
                                  environment: ["SWIFTLET_MAX_MEMORY": "1M"])
        #expect(limited.status == 64 && limited.stderr.contains("more than the limit of 1.0 MiB"), "\(limited.stderr)")
    }

    /// A checkpoint whose stored config asks for absurd sizes is refused by eval and --resume.
    @Test func hugeStoredConfigIsRefused() throws {
        let dir = try TempFolder()
        defer { dir.cleanup() }
        let run = dir.path("run")
        try FileManager.default.copyItem(atPath: SharedRun.path, toPath: run)
        // Without config.yml the folder check has nothing to compare, so the stored config itself is judged.
        try FileManager.default.removeItem(atPath: run + "/config.yml")
        for file in ["last", "best"] {
            try rewriteSafetensors(run + "/checkpoints/\(file).safetensors") { header, _ in
                var meta = header["__metadata__"] as! [String: String]
                meta["config"] = meta["config"]!.replacingOccurrences(of: "\"net_arch_pi\": [64, 64]", with: "\"net_arch_pi\": [100000, 100000]")
                header["__metadata__"] = meta
            }
        }
        for args in [["eval", run], ["train", "--resume", run]] {
            let r = try CLI.run(args)
            #expect(r.status != 0 && r.status < 128 && r.errorLines.count == 1 && r.stderr.contains("would need about"),
                    "\(args): \(r.stderr)")
        }
    }
}
