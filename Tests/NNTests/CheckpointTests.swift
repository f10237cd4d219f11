import Foundation
import Testing
import SwiftletCore
import SwiftletNN

struct CheckpointTests {
    /// The checkpoint the Python side checks (see SWIFT_WRITTEN in make_fixtures.py).
    static func swiftWritten() -> Checkpoint {
        Checkpoint(tensors: [
            "model.0.weight": .float32(Tensor<Float>(shape: [2, 3], scalars: [0.5, -1.25, 3.0, 1e-8, -0.0, 65504.0])),
            "model.0.bias": .float64(Tensor<Double>([1.0 / 3.0, -2.5e300])),
            "steps": .int64(Tensor<Int>(shape: [], scalars: [123_456_789_012])),
            "counts": .int32(Tensor<Int32>([-1, 0, 2_147_483_647])),
            "pixels": .uint8(Tensor<UInt8>(shape: [2, 2], scalars: [0, 7, 128, 255])),
            "mask": .bool(Tensor<Bool>([true, false, true])),
            "empty": .float32(Tensor<Float>.zeros([0, 4])),
        ], metadata: ["config": "env: CartPole-v1\nlr: 3e-4", "quote": "a \"quoted\" \\ value", "unicode": "λ→✓"])
    }

    /// Swift → Python: Fixtures/swift_written.safetensors was written by this
    /// encoder (NN_WRITE_FIXTURES=1 rewrites it) and make_fixtures.py checks
    /// it opens in Python's safetensors with the expected values. Here the
    /// encoder must still produce exactly those bytes.
    @Test func swiftWrittenCheckpointMatchesCommittedFile() throws {
        let bytes = Self.swiftWritten().encoded()
        if ProcessInfo.processInfo.environment["NN_WRITE_FIXTURES"] == "1" {
            let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("Fixtures/swift_written.safetensors")
            try Self.swiftWritten().write(to: url)
        }
        let committed = try [UInt8](Data(contentsOf: fixtureURL("swift_written.safetensors")))
        #expect(bytes == committed)
        // And it reads back to the same content.
        let back = try Checkpoint(decoding: bytes)
        #expect(back.tensors == Self.swiftWritten().tensors)
        #expect(back.metadata == Self.swiftWritten().metadata)
    }

    /// Python → Swift: a file written by Python's safetensors (NumPy and
    /// torch writers, every dtype Swiftlet reads) loads with identical values.
    @Test func pythonWrittenFileLoadsWithIdenticalValues() throws {
        let fx = try fixtureJSON("python_written.json") as! [String: Any]
        let expected = fx["tensors"] as! [String: [String: Any]]
        var ckpt = try Checkpoint(contentsOf: fixtureURL("python_written.safetensors"))
        let bf16 = try Checkpoint(contentsOf: fixtureURL("python_written_bf16.safetensors"))
        ckpt.tensors["bf16"] = bf16.tensors["bf16"]
        #expect(ckpt.metadata == fx["metadata"] as? [String: String])
        #expect(Set(ckpt.tensors.keys) == Set(expected.keys))
        for (name, e) in expected {
            let shape = ints(e["shape"])
            guard let t = ckpt.tensors[name] else { Issue.record("missing \(name)"); continue }
            #expect(t.shape == shape, "\(name)")
            let values = e["values"] as! [Any]
            switch t {
            case .float32(let x): #expect(x.scalars.map(Double.init) == doubles(values), "\(name)")
            case .float64(let x): #expect(x.scalars == doubles(values), "\(name)")
            case .int64(let x): #expect(x.scalars == ints(values), "\(name)")
            case .int32(let x): #expect(x.scalars.map(Int.init) == ints(values), "\(name)")
            case .uint8(let x): #expect(x.scalars.map(Int.init) == ints(values), "\(name)")
            case .bool(let x): #expect(x.scalars == values.map { ($0 as! NSNumber).boolValue }, "\(name)")
            }
        }
        #expect(ckpt.tensors["f16"]?.dtype == "F32")  // F16 widens exactly
        #expect(ckpt.tensors["i16"]?.dtype == "I32")
    }

    @Test func moduleAndOptimizerRoundTripThroughAFile() throws {
        var g = PCG64(seed: 11)
        let net = MLP<Float>([4, 16, 2], generator: &g)
        let opt = Adam(net.parameters, learningRate: 1e-2)
        for p in net.parameters { p.grad = Tensor<Float>.ones(p.shape) }
        opt.step()
        var ckpt = Checkpoint(metadata: ["config": "hidden: 16"])
        ckpt.store(net, prefix: "policy.")
        ckpt.store(opt)
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("run.safetensors")
        try ckpt.write(to: url)
        try ckpt.write(to: url)  // overwriting is fine
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["run.safetensors"])  // no temp files left

        let net2 = MLP<Float>([4, 16, 2], generator: &g)
        let opt2 = Adam(net2.parameters)
        let loaded = try Checkpoint(contentsOf: url)
        #expect(loaded.metadata["config"] == "hidden: 16")
        try loaded.load(into: net2, prefix: "policy.")
        try loaded.load(into: opt2)
        #expect(net2.stateDict() == net.stateDict())
        #expect(opt2.stateDict() == opt.stateDict())
        #expect(opt2.learningRate == 1e-2)
        // A Double module loads the Float checkpoint (converted like copy_).
        let net64 = MLP<Double>([4, 16, 2], generator: &g)
        try loaded.load(into: net64, prefix: "policy.")
        #expect(net64.layers[0].weight.value.scalars == net.layers[0].weight.value.scalars.map(Double.init))
        // Module-level convenience.
        let url2 = dir.appendingPathComponent("net.safetensors")
        try net.save(to: url2, metadata: ["a": "b"])
        #expect(try net2.load(from: url2) == ["a": "b"])
    }

    @Test func loadingIntoAModuleReportsNamesAndShapes() throws {
        var g = PCG64(seed: 12)
        let small = MLP<Float>([4, 8, 2], generator: &g)
        var ckpt = Checkpoint()
        ckpt.store(small)
        let big = MLP<Float>([4, 16, 2], generator: &g)
        let before = big.stateDict()
        #expect(throws: CheckpointError.shapeMismatch(name: "0.weight", expected: [16, 4], found: [8, 4])) {
            try ckpt.load(into: big)
        }
        #expect(big.stateDict() == before, "a failed load must not change the module")
        let deeper = MLP<Float>([4, 8, 2, 2], generator: &g)
        #expect(throws: CheckpointError.missingTensor(name: "4.weight")) { try ckpt.load(into: deeper) }
        let shallow = MLP<Float>([4, 2], generator: &g)
        #expect(throws: CheckpointError.self) { try ckpt.load(into: shallow) }
        ckpt.tensors["extra"] = .float32(Tensor<Float>.zeros([1]))
        #expect(throws: CheckpointError.unexpectedTensor(name: "extra")) { try ckpt.load(into: small) }
        try ckpt.load(into: small, strict: false)
        ckpt.tensors["0.bias"] = .int64(Tensor<Int>.zeros([8]))
        #expect(throws: CheckpointError.dtypeMismatch(name: "0.bias", expected: "F32", found: "I64")) {
            try ckpt.load(into: small, strict: false)
        }
        #expect(throws: CheckpointError.self) { try Checkpoint(contentsOf: URL(fileURLWithPath: "/nonexistent/x.safetensors")) }
        do {
            try ckpt.write(to: URL(fileURLWithPath: "/nonexistent-dir/x.safetensors"))
            Issue.record("writing into a missing directory should throw")
        } catch let e as CheckpointError {
            #expect(e.description.contains("/nonexistent-dir"))
        }
    }

    @Test func oneMillionParametersRoundTrip() throws {
        var g = PCG64(seed: 13)
        let net = MLP<Float>([512, 1024, 512], generator: &g)
        #expect(net.parameterCount > 1_000_000)
        var c = Checkpoint()
        c.store(net)
        let bytes = c.encoded()
        #expect(bytes.count == 8 + Int(bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }) + 4 * net.parameterCount)
        let back = try Checkpoint(decoding: bytes)
        #expect(back.tensors == c.tensors)
    }
}

/// Malformed files: every one must throw a `CheckpointError`, none may trap.
struct CorruptCheckpointTests {
    static func valid() -> [UInt8] {
        Checkpoint(tensors: [
            "a": .float32(Tensor<Float>(shape: [2, 2], scalars: [1, 2, 3, 4])),
            "b": .float64(Tensor<Double>([5])),
            "c": .int64(Tensor<Int>([6, 7])),
        ], metadata: ["k": "v"]).encoded()
    }

    /// Builds a file from header text and a data section.
    static func file(_ header: String, data: [UInt8] = []) -> [UInt8] {
        let h = Array(header.utf8)
        return withUnsafeBytes(of: UInt64(h.count).littleEndian, Array.init) + h + data
    }

    func decodeError(_ bytes: [UInt8]) -> CheckpointError? {
        do { _ = try Checkpoint(decoding: bytes); return nil } catch let e as CheckpointError { return e } catch { return nil }
    }

    @Test func truncatedAtEveryByteThrows() {
        let good = Self.valid()
        #expect(decodeError(good) == nil)
        for n in 0..<good.count {
            #expect(decodeError(Array(good[..<n])) != nil, "truncated to \(n) bytes")
        }
        #expect(decodeError(good + [0]) == .trailingData(expected: 40, actual: 41))
    }

    @Test func everyHeaderByteFlippedThrowsOrStaysConsistent() {
        let good = Self.valid()
        let headerLength = Int(good.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) })
        var accepted = 0, rejected = 0
        for i in 0..<(8 + headerLength) {
            for mask: UInt8 in [0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0xFF] {
                var bad = good
                bad[i] ^= mask
                // Must not trap; if accepted, the content must still be self-consistent.
                if let c = try? Checkpoint(decoding: bad) {
                    accepted += 1
                    #expect(c.tensors.values.reduce(0) { $0 + $1.count * $1.elementSize } == good.count - 8 - headerLength)
                } else {
                    rejected += 1
                }
            }
        }
        #expect(rejected > accepted)
    }

    @Test func absurdHeaderLengthsThrow() {
        let good = Self.valid()
        for length: UInt64 in [0, 1, 7, UInt64(good.count - 8) + 1, 100_000_001, UInt64(Int.max), UInt64.max] {
            let bad = withUnsafeBytes(of: length.littleEndian, Array.init) + good[8...]
            #expect(decodeError(bad) != nil, "header length \(length)")
        }
        #expect(decodeError(Self.file("{}", data: [])) == nil)  // an empty checkpoint is valid
        if case .invalidHeaderLength = decodeError(withUnsafeBytes(of: UInt64.max, Array.init) + [0x7B]) {} else {
            Issue.record("UInt64.max header length should be .invalidHeaderLength")
        }
        #expect(decodeError([1, 2, 3]) == .fileTooSmall(size: 3))
    }

    @Test func semanticErrorsAreSpecific() {
        let four = [UInt8](repeating: 0, count: 4)
        #expect(decodeError(Self.file(#"{"x":{"dtype":"F99","shape":[1],"data_offsets":[0,4]}}"#, data: four))
                == .unknownDType(name: "x", dtype: "F99"))
        #expect(decodeError(Self.file(#"{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}"#, data: four))
                == .sizeMismatch(name: "x", shape: [2], dtype: "F32", bytes: 4))
        if case .invalidOffsets(let name, _)? = decodeError(Self.file(
            #"{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"y":{"dtype":"F32","shape":[1],"data_offsets":[2,6]}}"#,
            data: [UInt8](repeating: 0, count: 6))) {
            #expect(name == "y")
        } else { Issue.record("overlapping offsets") }
        if case .invalidOffsets(let name, _)? = decodeError(Self.file(
            #"{"x":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, data: [UInt8](repeating: 0, count: 8))) {
            #expect(name == "x")
        } else { Issue.record("gap before the first tensor") }
        if case .invalidOffsets? = decodeError(Self.file(#"{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,400]}}"#, data: four)) {
        } else { Issue.record("offsets past the end") }
        if case .invalidOffsets? = decodeError(Self.file(#"{"x":{"dtype":"F32","shape":[0],"data_offsets":[4,0]}}"#, data: four)) {
        } else { Issue.record("end before begin") }
        if case .invalidOffsets? = decodeError(Self.file(#"{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4,8]}}"#, data: four)) {
        } else { Issue.record("three offsets") }
        // Shapes whose byte size overflows Int.
        #expect(decodeError(Self.file(#"{"x":{"dtype":"F64","shape":[4611686018427387904,4],"data_offsets":[0,4]}}"#, data: four)) != nil)
        #expect(decodeError(Self.file(#"{"x":{"dtype":"F64","shape":[9223372036854775807,9223372036854775807,0],"data_offsets":[0,0]}}"#)) != nil)
        #expect(decodeError(Self.file(#"{"x":{"dtype":"F32","shape":[1e3],"data_offsets":[0,4]}}"#, data: four)) != nil)
        #expect(decodeError(Self.file(#"{"x":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#, data: four)) != nil)
        #expect(decodeError(Self.file(#"{"x":{"dtype":"F32","shape":[99999999999999999999999],"data_offsets":[0,4]}}"#, data: four)) != nil)
        #expect(decodeError(Self.file(#"{"x":{"dtype":"F32","shape":[1]}}"#, data: four)) == .invalidHeader("tensor 'x' has no data_offsets"))
        #expect(decodeError(Self.file(#"{"__metadata__":{"a":1}}"#)) != nil)
        #expect(decodeError(Self.file(#"{"__metadata__":null}"#)) == nil)
    }

    @Test func malformedJSONThrows() {
        let bodies = [
            "", " {}", "[]", "{", "{\"a\"", "{\"a\":}", "{\"a\":{\"dtype\":\"F32\",}}", "{} x", "{\"a\":tru}",
            "{\"a\":\"\\x\"}", "{\"a\":\"\\ud800\"}", "{\"a\":\"\u{01}\"}", "{\"a\":01}", "{\"a\":-}", "{\"a\":1.}",
            "{\"a\":{},\"a\":{}}", String(repeating: "{\"a\":", count: 10_000) + "1" + String(repeating: "}", count: 10_000),
            "{\"a\":" + String(repeating: "[", count: 100_000) + "}",
        ]
        for body in bodies {
            #expect(decodeError(Self.file(body)) != nil, "header \(body.prefix(40))")
        }
        // Invalid UTF-8 in a name.
        var bad = Self.file(#"{"\#u{e9}":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}}"#)
        if let i = bad.firstIndex(of: 0xC3) { bad[i] = 0xFF }
        #expect(decodeError(bad) != nil)
    }

    /// A seeded fuzz pass over random mutations of a valid file.
    @Test func randomMutationsNeverTrap() {
        let good = Self.valid()
        var g = PCG64(seed: 99)
        for _ in 0..<3000 {
            var bad = good
            for _ in 0..<(1 + g.nextInt(below: 4)) {
                switch g.nextInt(below: 4) {
                case 0: bad[g.nextInt(below: bad.count)] = UInt8(truncatingIfNeeded: g.next())
                case 1: bad.removeLast(g.nextInt(below: bad.count))
                case 2: bad.insert(UInt8(truncatingIfNeeded: g.next()), at: g.nextInt(below: bad.count + 1))
                default: if bad.count > 1 { bad.remove(at: g.nextInt(below: bad.count)) }
                }
                if bad.isEmpty { break }
            }
            _ = try? Checkpoint(decoding: bad)
        }
    }
}
