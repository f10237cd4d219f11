import Foundation
import Testing

/// A deterministic generator for the fuzzer (SplitMix64).
struct FuzzRandom {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
}

/// Whether every float32 tensor under `policy.` in a safetensors file is finite
/// (read independently of Swiftlet; nil when the file does not parse).
func policyWeightsAreFinite(_ data: Data) -> Bool? {
    guard data.count >= 8 else { return nil }
    let n = Int(data.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }.littleEndian)
    guard n > 0, n <= data.count - 8,
          let header = try? JSONSerialization.jsonObject(with: data.subdata(in: 8..<(8 + n))) as? [String: Any] else { return nil }
    let base = 8 + n
    for (name, value) in header where name.hasPrefix("policy.") {
        guard let entry = value as? [String: Any], entry["dtype"] as? String == "F32",
              let offsets = entry["data_offsets"] as? [Int], offsets.count == 2,
              offsets[0] >= 0, offsets[0] <= offsets[1], base + offsets[1] <= data.count else { continue }
        let ok = data.subdata(in: (base + offsets[0])..<(base + offsets[1])).withUnsafeBytes { raw in
            stride(from: 0, to: raw.count - 3, by: 4).allSatisfy { Float(bitPattern: raw.loadUnaligned(fromByteOffset: $0, as: UInt32.self)).isFinite }
        }
        if !ok { return false }
    }
    return true
}

/// Seeded random mutations of a valid checkpoint fed to `eval` and to
/// `train --resume`: no crash (every exit code below 128), no hang (each run
/// ends within its time limit), and no accepted file with non-finite weights.
/// SWIFTLET_FUZZ_CASES sets the number of mutations per command (default 1000).
@Suite struct CheckpointFuzzTests {
    static let cases = Int(ProcessInfo.processInfo.environment["SWIFTLET_FUZZ_CASES"] ?? "") ?? 1000

    /// One mutation of `original`: bytes flipped in the header or the data,
    /// truncation, a changed header length, NaN/inf floats, or edited metadata values.
    static func mutate(_ original: Data, _ rng: inout FuzzRandom) -> Data {
        var d = original
        let n = Int(d.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }.littleEndian)
        switch rng.below(7) {
        case 0:  // random bytes anywhere
            for _ in 0..<(1 + rng.below(8)) { d[rng.below(d.count)] = UInt8(truncatingIfNeeded: rng.next()) }
        case 1:  // random bytes in the JSON header
            for _ in 0..<(1 + rng.below(4)) { d[8 + rng.below(n)] = UInt8(truncatingIfNeeded: rng.next()) }
        case 2:  // truncation
            d = d.prefix(rng.below(d.count))
        case 3:  // another header length
            let v = [UInt64(0), UInt64(n - 1), UInt64(n + 8), UInt64.max, UInt64(rng.next() % 1_000_000)][rng.below(5)]
            withUnsafeBytes(of: v.littleEndian) { d.replaceSubrange(0..<8, with: $0) }
        case 4:  // NaN or infinity in the data section
            let bits: [UInt32] = [0x7FC0_0000, 0x7F80_0000, 0xFF80_0000, 0xFFFF_FFFF]
            let at = 8 + n + 4 * rng.below((d.count - 8 - n) / 4)
            withUnsafeBytes(of: bits[rng.below(4)].littleEndian) { d.replaceSubrange(at..<(at + 4), with: $0) }
        case 5:  // a digit in the header changed (offsets, shapes, counts in the metadata JSON)
            let digits = (8..<(8 + n)).filter { (0x30...0x39).contains(d[$0]) }
            for _ in 0..<(1 + rng.below(3)) {
                if let i = digits.isEmpty ? nil : digits[rng.below(digits.count)] { d[i] = UInt8(0x30 + rng.below(10)) }
            }
        default:  // a huge number or a sign placed into the header
            let fragments = ["9223372036854775807", "-1", "1e308", "nan", "0", "-9223372036854775808", "[]", "{}", "\"\""]
            let text = Array(fragments[rng.below(fragments.count)].utf8)
            let at = 8 + rng.below(max(1, n - text.count))
            d.replaceSubrange(at..<(at + text.count), with: text)
        }
        return d
    }

    @Test(arguments: ["eval", "resume"])
    func mutatedCheckpointsNeverCrashOrHang(_ command: String) throws {
        let dir = try TempFolder()
        defer { dir.cleanup() }
        let original = try Data(contentsOf: URL(fileURLWithPath: SharedRun.path + "/checkpoints/last.safetensors"))
        var rng = FuzzRandom(state: command == "eval" ? 1 : 2)
        var accepted = 0, refused = 0
        for i in 0..<Self.cases {
            let mutated = Self.mutate(original, &rng)
            let run = dir.path("run\(i % 4)")
            try? FileManager.default.removeItem(atPath: run)
            try FileManager.default.copyItem(atPath: SharedRun.path, toPath: run)
            try mutated.write(to: URL(fileURLWithPath: run + "/checkpoints/last.safetensors"))
            try? FileManager.default.removeItem(atPath: run + "/checkpoints/best.safetensors")
            let args = command == "eval" ? ["eval", run + "/checkpoints/last.safetensors", "--episodes", "1"] : ["train", "--resume", run]
            let r: CLI.Result
            do { r = try CLI.run(args, timeout: 60) } catch {
                Issue.record("case \(i): \(error) (hang)")
                continue
            }
            #expect(r.status < 128, "case \(i): exit \(r.status) (crash): \(r.stderr.suffix(300))")
            if r.status == 0 {
                accepted += 1
                #expect(policyWeightsAreFinite(mutated) == true, "case \(i): a file with non-finite weights was accepted")
            } else {
                refused += 1
                #expect(r.errorLines.count == 1, "case \(i): \(r.stderr.prefix(300))")
            }
        }
        print("checkpoint fuzz (\(command)): \(Self.cases) mutations, \(accepted) accepted, \(refused) refused, 0 crashes expected")
    }
}
