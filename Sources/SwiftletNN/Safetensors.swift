import SwiftletCore

/// The safetensors container: an 8-byte little-endian header length `n`, a
/// JSON header of `n` bytes (per tensor `dtype`, `shape`, `data_offsets`
/// relative to the data section; optional `__metadata__` of strings),
/// then the raw little-endian data. Reading validates everything the
/// reference implementation does and never traps on bad input.
public enum Safetensors {
    /// The reference implementation's limit on the header size (100 MB).
    public static let maxHeaderLength = 100_000_000

    /// Element sizes of the dtypes Swiftlet reads.
    static let elementSizes: [String: Int] = [
        "F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U8": 1, "BOOL": 1,
    ]

    struct Entry {
        var name: String
        var dtype: String
        var shape: [Int]
        var begin: Int
        var end: Int
    }

    /// Decodes a whole file's bytes.
    public static func decode(_ buffer: UnsafeRawBufferPointer) throws -> (tensors: [String: StoredTensor], metadata: [String: String]) {
        guard buffer.count >= 8 else { throw CheckpointError.fileTooSmall(size: buffer.count) }
        let n = UInt64(littleEndian: buffer.loadUnaligned(as: UInt64.self))
        guard n <= UInt64(maxHeaderLength), n <= UInt64(buffer.count - 8) else {
            throw CheckpointError.invalidHeaderLength(length: n, fileSize: buffer.count)
        }
        let headerLength = Int(n)
        let header = UnsafeBufferPointer(rebasing: buffer.assumingMemoryBound(to: UInt8.self)[8..<(8 + headerLength)])
        guard headerLength > 0, header[0] == UInt8(ascii: "{") else {
            throw CheckpointError.invalidHeader("the header does not start with '{'")
        }
        guard case .object(let members) = try JSONReader.parse(header) else {
            throw CheckpointError.invalidHeader("the header is not a JSON object")
        }
        var metadata: [String: String] = [:]
        var entries: [Entry] = []
        for (key, value) in members {
            if key == "__metadata__" {
                switch value {
                case .null: continue
                case .object(let pairs):
                    for (k, v) in pairs {
                        guard case .string(let s) = v else {
                            throw CheckpointError.invalidHeader("__metadata__ value for '\(k)' is not a string")
                        }
                        metadata[k] = s
                    }
                default: throw CheckpointError.invalidHeader("__metadata__ is not an object of strings")
                }
                continue
            }
            entries.append(try entry(key, value))
        }
        let dataStart = 8 + headerLength
        let dataSize = buffer.count - dataStart
        entries.sort { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
        var expected = 0
        for e in entries {
            if e.end < e.begin {
                throw CheckpointError.invalidOffsets(name: e.name, detail: "end \(e.end) is before begin \(e.begin)")
            }
            if e.end > dataSize {
                throw CheckpointError.invalidOffsets(name: e.name, detail: "[\(e.begin), \(e.end)] reaches past the \(dataSize)-byte data section")
            }
            if e.begin != expected {
                throw CheckpointError.invalidOffsets(name: e.name, detail: "[\(e.begin), \(e.end)] should begin at \(expected) (tensors overlap or leave a gap)")
            }
            var elements = 1, overflow = false
            for d in e.shape {
                (elements, overflow) = elements.multipliedReportingOverflow(by: d)
                if overflow { break }
            }
            var bytes = 0
            if !overflow { (bytes, overflow) = elements.multipliedReportingOverflow(by: elementSizes[e.dtype]!) }
            if overflow || bytes != e.end - e.begin {
                throw CheckpointError.sizeMismatch(name: e.name, shape: e.shape, dtype: e.dtype, bytes: e.end - e.begin)
            }
            expected = e.end
        }
        if expected != dataSize { throw CheckpointError.trailingData(expected: expected, actual: dataSize) }
        var tensors: [String: StoredTensor] = [:]
        for e in entries {
            let raw = UnsafeRawBufferPointer(rebasing: buffer[(dataStart + e.begin)..<(dataStart + e.end)])
            tensors[e.name] = makeTensor(e.dtype, e.shape, raw)
        }
        return (tensors, metadata)
    }

    static func entry(_ name: String, _ value: JSONValue) throws -> Entry {
        guard case .object(let fields) = value else {
            throw CheckpointError.invalidHeader("tensor '\(name)' is not an object")
        }
        var dtype: String?, shape: [Int]?, offsets: [Int]?
        func integers(_ v: JSONValue, _ field: String) throws -> [Int] {
            guard case .array(let items) = v else {
                throw CheckpointError.invalidHeader("tensor '\(name)': \(field) is not an array")
            }
            return try items.map {
                guard case .integer(let i) = $0, i >= 0 else {
                    throw CheckpointError.invalidHeader("tensor '\(name)': \(field) holds \($0), not a non-negative integer")
                }
                return i
            }
        }
        for (k, v) in fields {
            switch k {
            case "dtype":
                guard case .string(let s) = v else { throw CheckpointError.invalidHeader("tensor '\(name)': dtype is not a string") }
                dtype = s
            case "shape": shape = try integers(v, "shape")
            case "data_offsets": offsets = try integers(v, "data_offsets")
            default: continue  // the reference reader ignores unknown fields too
            }
        }
        guard let dtype else { throw CheckpointError.invalidHeader("tensor '\(name)' has no dtype") }
        guard let shape else { throw CheckpointError.invalidHeader("tensor '\(name)' has no shape") }
        guard let offsets else { throw CheckpointError.invalidHeader("tensor '\(name)' has no data_offsets") }
        guard elementSizes[dtype] != nil else { throw CheckpointError.unknownDType(name: name, dtype: dtype) }
        guard offsets.count == 2 else {
            throw CheckpointError.invalidOffsets(name: name, detail: "expected [begin, end], got \(offsets)")
        }
        return Entry(name: name, dtype: dtype, shape: shape, begin: offsets[0], end: offsets[1])
    }

    static func makeTensor(_ dtype: String, _ shape: [Int], _ raw: UnsafeRawBufferPointer) -> StoredTensor {
        func copy<T: TensorElement>(_ zero: T) -> Tensor<T> {
            var t = Tensor<T>(repeating: zero, shape: shape)
            t.withUnsafeMutableBufferPointer { dst in
                if raw.count > 0 { UnsafeMutableRawBufferPointer(dst).copyMemory(from: raw) }
            }
            return t
        }
        func widen<T: TensorElement>(_ zero: T, _ convert: (Int) -> T) -> Tensor<T> {
            var t = Tensor<T>(repeating: zero, shape: shape)
            t.withUnsafeMutableBufferPointer { dst in
                for i in 0..<dst.count { dst[i] = convert(i) }
            }
            return t
        }
        switch dtype {
        case "F32": return .float32(copy(Float(0)))
        case "F64": return .float64(copy(Double(0)))
        case "I64": return .int64(copy(Int(0)))
        case "I32": return .int32(copy(Int32(0)))
        case "U8": return .uint8(copy(UInt8(0)))
        case "BOOL": return .bool(widen(false) { raw[$0] != 0 })
        case "I8": return .int32(widen(Int32(0)) { Int32(Int8(bitPattern: raw[$0])) })
        case "I16":
            return .int32(widen(Int32(0)) { Int32(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * $0, as: Int16.self))) })
        case "F16":
            return .float32(widen(Float(0)) { halfToFloat(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self))) })
        case "BF16":
            return .float32(widen(Float(0)) {
                Float(bitPattern: UInt32(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self))) << 16)
            })
        default: fatalError("Safetensors: dtype \(dtype) passed validation but has no decoder")
        }
    }

    /// IEEE binary16 → binary32 (exact).
    static func halfToFloat(_ h: UInt16) -> Float {
        let sign = UInt32(h >> 15) << 31
        let exp = Int((h >> 10) & 0x1F)
        let mant = UInt32(h & 0x3FF)
        if exp == 0x1F { return Float(bitPattern: sign | 0x7F80_0000 | (mant << 13)) }
        if exp == 0 {
            // Subnormal (or zero): mant · 2^-24.
            let v = Float(mant) * Float(sign: .plus, exponent: -24, significand: 1)
            return sign != 0 ? -v : v
        }
        return Float(bitPattern: sign | UInt32(exp - 15 + 127) << 23 | (mant << 13))
    }

    /// Encodes tensors and metadata: tensors ordered by element size
    /// (largest first, keeping data aligned) then name, header padded with
    /// spaces to a multiple of 8 bytes, `__metadata__` written when not empty.
    /// Cost: one allocation of the file size and one copy of each tensor.
    public static func encode(_ tensors: [String: StoredTensor], metadata: [String: String] = [:]) -> [UInt8] {
        precondition(tensors["__metadata__"] == nil, "Safetensors.encode: '__metadata__' is reserved and cannot name a tensor")
        let order = tensors.keys.sorted {
            let a = tensors[$0]!.elementSize, b = tensors[$1]!.elementSize
            return a != b ? a > b : $0 < $1
        }
        var header = "{"
        var parts: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted().map { jsonQuoted($0) + ":" + jsonQuoted(metadata[$0]!) }
            parts.append("\"__metadata__\":{" + pairs.joined(separator: ",") + "}")
        }
        var offset = 0
        for name in order {
            let t = tensors[name]!
            let size = t.count * t.elementSize
            let shape = t.shape.map(String.init).joined(separator: ",")
            parts.append(jsonQuoted(name) + ":{\"dtype\":\"\(t.dtype)\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(offset + size)]}")
            offset += size
        }
        header += parts.joined(separator: ",") + "}"
        var headerBytes = Array(header.utf8)
        while headerBytes.count % 8 != 0 { headerBytes.append(0x20) }
        let total = 8 + headerBytes.count + offset
        return [UInt8](unsafeUninitializedCapacity: total) { out, initialized in
            let raw = UnsafeMutableRawBufferPointer(out)
            raw.storeBytes(of: UInt64(headerBytes.count).littleEndian, toByteOffset: 0, as: UInt64.self)
            headerBytes.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: raw[8..<(8 + $0.count)]).copyMemory(from: $0) }
            var at = 8 + headerBytes.count
            for name in order {
                tensors[name]!.withRawBytes { src in
                    if src.count > 0 { UnsafeMutableRawBufferPointer(rebasing: raw[at..<(at + src.count)]).copyMemory(from: src) }
                    at += src.count
                }
            }
            initialized = total
        }
    }
}
