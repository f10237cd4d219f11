import Foundation
import Testing

/// Where a run may go, and one process per run folder.
@Suite struct RunFolderTests {
    @Test func outputFoldersThatAreRefused() throws {
        let dir = try TempFolder()
        defer { dir.cleanup() }
        try FileManager.default.createDirectory(atPath: dir.path("pictures"), withIntermediateDirectories: true)
        try Data([1, 2, 3]).write(to: dir.url.appendingPathComponent("pictures/learning-curve.png"))
        let cases: [([String], Int32, String)] = [
            (["--out", ""], 64, "the run folder name is empty"),
            (["--out", "/"], 64, "the file system's root / cannot be a run folder"),
            (["--out", dir.path("pictures")], 73, "is not empty and is not a Swiftlet run (it holds learning-curve.png)"),
        ]
        for (args, code, message) in cases {
            let r = try CLI.run(["train", "CartPole-v1", "--algo", "ppo", "--steps", "512"] + args, cwd: dir.url)
            #expect(r.status == code && r.errorLines.count == 1 && r.stderr.contains(message), "\(args): \(r.stderr)")
        }
        #expect(try Data(contentsOf: dir.url.appendingPathComponent("pictures/learning-curve.png")) == Data([1, 2, 3]))
        // With --force the same folder is used (its unrelated file is overwritten by the curve, as asked).
        let forced = try CLI.run(["train", "CartPole-v1", "--algo", "ppo", "--steps", "512", "--set", "n_eval_episodes=1",
                                  "--out", dir.path("pictures"), "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
    }

    /// Two trainings into the same folder: the second is refused naming the first's pid,
    /// and the first run's files are its own.
    @Test func secondProcessIsLockedOut() throws {
        let dir = try TempFolder()
        defer { dir.cleanup() }
        let run = dir.path("run")
        let first = try CLI.start(["train", "CartPole-v1", "--algo", "ppo", "--steps", "200000", "--set", "eval_freq=0",
                                   "--set", "n_eval_episodes=1", "--out", run],
                                  stdout: dir.url.appendingPathComponent("o1"), stderr: dir.url.appendingPathComponent("e1"))
        let deadline = Date().addingTimeInterval(120)
        while first.isRunning && Date() < deadline && !FileManager.default.fileExists(atPath: run + "/metrics.csv") { usleep(2_000) }
        // Past `train`'s own "already holds a run" check, the lock is what stops a resume of a live run.
        let second = try CLI.run(["train", "--resume", run])
        kill(first.processIdentifier, SIGTERM)
        first.waitUntilExit()
        #expect(second.status == 73 && second.errorLines.count == 1, "\(second.stderr)")
        #expect(second.stderr.contains("in use by another training process (pid \(first.processIdentifier))"), "\(second.stderr)")
        // The lock dies with its process: a resume now proceeds.
        let again = try CLI.run(["train", "--resume", run])
        #expect(again.status == 0, "\(again.stderr)")
    }

    /// Temporary files of atomic writes cut short by kill -9 are cleaned up by the next run in the folder.
    @Test func staleTemporaryFilesAreRemoved() throws {
        let dir = try TempFolder()
        defer { dir.cleanup() }
        let run = dir.path("run")
        try FileManager.default.copyItem(atPath: SharedRun.path, toPath: run)
        let stale = run + "/checkpoints/.last.safetensors.tmp-12345-678"
        try Data(count: 4096).write(to: URL(fileURLWithPath: stale))
        let r = try CLI.run(["train", "--resume", run])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: stale))
    }
}
