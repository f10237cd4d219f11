import Foundation
import Testing

/// Termination signals (a cluster's SIGTERM, a closed terminal's SIGHUP,
/// Ctrl-C) save a resumable checkpoint once, even when a second signal
/// follows at once; a run killed outright can still be resumed from the
/// checkpoint saved after its first iteration; a metrics file that cannot be
/// written is an error, not silence.
@Suite(.serialized) struct SignalTests {
    func stoppedAt(_ run: String) throws -> Int {
        let meta = try safetensorsHeader(run + "/checkpoints/last.safetensors")["__metadata__"] as! [String: String]
        return Int(meta["timesteps"]!)!
    }

    @Test(arguments: [(SIGTERM, "SIGTERM"), (SIGHUP, "SIGHUP")])
    func terminationSignalSavesAndResumes(_ signal: Int32, _ name: String) throws {
        let dir = try TempFolder()
        defer { dir.cleanup() }
        let (p, run) = try CLI.startTraining(in: dir, steps: 200_000, rows: 3)
        #expect(p.isRunning, "training finished before it could be signalled")
        kill(p.processIdentifier, signal)
        p.waitUntilExit()
        let err = try String(contentsOf: dir.url.appendingPathComponent("err.txt"), encoding: .utf8)
        #expect(p.terminationStatus == 128 + signal, "\(err)")
        #expect(err.contains("by \(name)") && err.contains("swiftlet train --resume \(run)"), "\(err)")
        let t = try stoppedAt(run)
        #expect(t > 0 && t < 200_000)
        let r = try CLI.run(["train", "--resume", run])
        #expect(r.status == 0 && r.stdout.contains("resuming PPO on CartPole-v1 from \(t) steps"), "\(r.stderr)")
    }

    /// A second signal right after the first (within a millisecond) cannot cut the save short.
    @Test func secondSignalDoesNotAbortTheSave() throws {
        let dir = try TempFolder()
        defer { dir.cleanup() }
        let (p, run) = try CLI.startTraining(in: dir, steps: 200_000, rows: 3)
        kill(p.processIdentifier, SIGINT)
        usleep(500)
        kill(p.processIdentifier, SIGINT)
        p.waitUntilExit()
        let err = try String(contentsOf: dir.url.appendingPathComponent("err.txt"), encoding: .utf8)
        #expect(p.terminationStatus == 130, "\(err)")
        #expect(err.contains("interrupted at"), "\(err)")
        let t = try stoppedAt(run)
        #expect(t > 0 && t < 200_000)
    }

    /// kill -9 leaves the checkpoint written after the first iteration (autosave).
    @Test func killedRunCanBeResumed() throws {
        let dir = try TempFolder()
        defer { dir.cleanup() }
        let (p, run) = try CLI.startTraining(in: dir, steps: 200_000, rows: 3)
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        let t = try stoppedAt(run)
        #expect(t > 0)
        let r = try CLI.run(["train", "--resume", run])
        #expect(r.status == 0 && r.stdout.contains("from \(t) steps"), "\(r.stderr)")
    }

    /// A metrics file that cannot be written (here: /dev/full) stops the run with one line.
    @Test func unwritableMetricsIsAnError() throws {
        let dir = try TempFolder()
        defer { dir.cleanup() }
        let run = dir.path("run")
        try FileManager.default.copyItem(atPath: SharedRun.path, toPath: run)
        try FileManager.default.removeItem(atPath: run + "/metrics.csv")
        try FileManager.default.createSymbolicLink(atPath: run + "/metrics.csv", withDestinationPath: "/dev/full")
        // The resume fails when it rewrites the file (ENOSPC), before training.
        let r = try CLI.run(["train", "--resume", run])
        #expect(r.status != 0 && r.errorLines.count == 1 && r.stderr.contains("metrics.csv"), "\(r.stderr)")
    }
}

/// A write that fails in the middle of a run (here: the file-size limit of
/// `ulimit -f`, like a disk filling up) stops training with one line naming
/// metrics.csv, instead of going on silently.
@Suite struct MidRunWriteErrorTests {
    @Test func metricsWriteFailureStopsTheRun() throws {
        let dir = try TempFolder()
        defer { dir.cleanup() }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        let cmd = "ulimit -f 40; exec \"$0\" train CartPole-v1 --algo ppo --steps 200000 --set eval_freq=0 "
            + "--set log_interval=1 --set autosave_seconds=0 --out \"$1\""
        p.arguments = ["-c", cmd, CLI.executable.path, dir.path("run")]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        let lines = text.split(separator: "\n")
        #expect(p.terminationStatus == 73, "\(text)")
        #expect(lines.count == 1 && text.contains("cannot write") && text.contains("metrics.csv"), "\(text)")
        // It stopped early: the file holds ~20 KiB of rows, not the whole budget.
        let size = (try? FileManager.default.attributesOfItem(atPath: dir.path("run/metrics.csv"))[.size] as? Int) ?? 0
        #expect(size > 0 && size <= 40 * 512)
    }
}
