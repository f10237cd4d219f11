import Foundation
import Testing

/// Rewrites a safetensors file: `edit` may change the header (tensor entries
/// and `__metadata__`) and the data bytes. Independent of Swiftlet's writer.
func rewriteSafetensors(_ path: String, _ edit: (inout [String: Any], inout Data) throws -> Void) throws {
    let file = try Data(contentsOf: URL(fileURLWithPath: path))
    let n = Int(file.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }.littleEndian)
    var header = try JSONSerialization.jsonObject(with: file.subdata(in: 8..<(8 + n))) as! [String: Any]
    var data = file.subdata(in: (8 + n)..<file.count)
    try edit(&header, &data)
    var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
    while json.count % 8 != 0 { json.append(0x20) }
    var out = Data()
    withUnsafeBytes(of: UInt64(json.count).littleEndian) { out.append(contentsOf: $0) }
    out.append(json)
    out.append(data)
    try out.write(to: URL(fileURLWithPath: path))
}

/// Edits one JSON document stored in the checkpoint's metadata (`resume_state`, `trainer_state`).
func editMetadataJSON(_ path: String, key: String, _ edit: @escaping (inout [String: Any]) -> Void) throws {
    try rewriteSafetensors(path) { header, _ in
        var meta = header["__metadata__"] as! [String: String]
        var doc = try JSONSerialization.jsonObject(with: Data(meta[key]!.utf8)) as! [String: Any]
        edit(&doc)
        meta[key] = String(decoding: try JSONSerialization.data(withJSONObject: doc), as: UTF8.self)
        header["__metadata__"] = meta
    }
}

/// Checkpoints that parse but must not be trusted: each is refused with one
/// line and exit 65, quickly (no hang), and the run folder is left as it was.
@Suite struct HostileCheckpointTests {
    func files(_ dir: String) -> [String: Data] {
        var out: [String: Data] = [:]
        let e = FileManager.default.enumerator(atPath: dir)
        while let f = e?.nextObject() as? String { out[f] = FileManager.default.contents(atPath: dir + "/" + f) }
        return out
    }

    func expectRefused(_ args: [String], _ message: String, folder: String) throws {
        let before = files(folder)
        let r = try CLI.run(args, environment: CLI.headless)
        #expect(r.status == 65, "\(args): \(r.stderr)")
        #expect(r.errorLines.count == 1 && r.stderr.contains(message), "\(args): \(r.stderr)")
        #expect(files(folder) == before, "\(args) changed the run folder")
    }

    /// A fresh copy of the shared PPO CartPole run.
    func copyRun(_ dir: TempFolder, _ name: String) throws -> String {
        try FileManager.default.copyItem(atPath: SharedRun.path, toPath: dir.path(name))
        return dir.path(name)
    }

    @Test func nonFiniteWeightsAreRejected() throws {
        let dir = try TempFolder()
        defer { dir.cleanup() }
        for (value, name) in [(Float.nan, "nan"), (Float.infinity, "inf")] {
            let run = try copyRun(dir, name)
            for file in ["last", "best"] {
                try rewriteSafetensors(run + "/checkpoints/\(file).safetensors") { header, data in
                    let entry = header["policy.pi.0.weight"] as! [String: Any]
                    let start = (entry["data_offsets"] as! [Int])[0]
                    withUnsafeBytes(of: value.bitPattern.littleEndian) { data.replaceSubrange(start..<(start + 4), with: $0) }
                }
            }
            try expectRefused(["eval", run], "tensor 'pi.0.weight' holds non-finite values", folder: run)
            try expectRefused(["train", "--resume", run], "tensor 'pi.0.weight' holds non-finite values", folder: run)
        }
    }

    @Test func inconsistentResumeStateIsRejected() throws {
        let dir = try TempFolder()
        defer { dir.cleanup() }
        let tracker = try copyRun(dir, "tracker")
        try editMetadataJSON(tracker + "/checkpoints/last.safetensors", key: "resume_state") { doc in
            var t = doc["tracker"] as! [String: Any]
            t["currentReturns"] = [0.0]
            doc["tracker"] = t
        }
        try expectRefused(["train", "--resume", tracker], "inconsistent PPO state", folder: tracker)

        for (key, value) in [("nextCheckpoint", 0), ("nextLog", -(1 << 62)), ("nextEval", 1 << 40)] {
            let run = try copyRun(dir, key)
            try editMetadataJSON(run + "/checkpoints/last.safetensors", key: "trainer_state") { $0[key] = value }
            try expectRefused(["train", "--resume", run], "trainer_state.\(key) is \(value)", folder: run)
        }
    }

    /// A DQN Acrobot checkpoint copied into a PPO CartPole run folder.
    @Test func foreignCheckpointIsRejected() throws {
        let dir = try TempFolder()
        defer { dir.cleanup() }
        let other = dir.path("acrobot")
        let r = try CLI.run(["train", "Acrobot-v1", "--algo", "dqn", "--steps", "300", "--set", "n_eval_episodes=1",
                             "--set", "learning_starts=100", "--out", other])
        #expect(r.status == 0, "\(r.stderr)")
        let run = try copyRun(dir, "cartpole")
        for file in ["last", "best"] {
            try FileManager.default.removeItem(atPath: run + "/checkpoints/\(file).safetensors")
            try FileManager.default.copyItem(atPath: other + "/checkpoints/\(file).safetensors", toPath: run + "/checkpoints/\(file).safetensors")
        }
        let message = "it is from a dqn on Acrobot-v1 (seed 0) run, but \(run)/config.yml is a ppo on CartPole-v1 (seed 3) run"
        try expectRefused(["train", "--resume", run], message, folder: run)
        try expectRefused(["eval", run], message, folder: run)
    }

    /// Observation statistics with a NaN (a normalized run's `obs_rms.mean`) are refused too.
    @Test func nonFiniteObservationStatisticsAreRejected() throws {
        let dir = try TempFolder()
        defer { dir.cleanup() }
        let run = dir.path("mcc")
        let r = try CLI.run(["train", "MountainCarContinuous-v0", "--algo", "ppo", "--steps", "512", "--set", "n_eval_episodes=1",
                             "--out", run])
        #expect(r.status == 0, "\(r.stderr)")
        for file in ["last", "best"] {
            try rewriteSafetensors(run + "/checkpoints/\(file).safetensors") { header, data in
                let entry = header["obs_rms.mean"] as! [String: Any]
                let start = (entry["data_offsets"] as! [Int])[0]
                withUnsafeBytes(of: Double.nan.bitPattern.littleEndian) { data.replaceSubrange(start..<(start + 8), with: $0) }
            }
        }
        try expectRefused(["eval", run], "obs_rms.mean/var/count hold non-finite or negative values", folder: run)
    }
}
