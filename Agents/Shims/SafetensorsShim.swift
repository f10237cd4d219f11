// SHIM — a minimal safetensors writer/reader (F32/F64/I64/I32 tensors and
// string metadata) until SwiftletNN's checkpoint API is on main. Writes are
// atomic (temporary file in the same folder, then rename).
import Foundation
import SwiftletCore

enum SafetensorsShim {
    static func write(_ tensors: [String: StoredTensor], metadata: [String: String], to url: URL) throws {
        var header: [String: Any] = ["__metadata__": metadata]
        var blobs: [Data] = []
        var offset = 0
        for name in tensors.keys.sorted() {
            let (dtype, shape, data): (String, [Int], Data)
            switch tensors[name]! {
            case .float32(let t): (dtype, shape, data) = ("F32", t.shape, t.withUnsafeBufferPointer { Data(buffer: $0) })
            case .float64(let t): (dtype, shape, data) = ("F64", t.shape, t.withUnsafeBufferPointer { Data(buffer: $0) })
            case .int64(let t): (dtype, shape, data) = ("I64", t.shape, t.withUnsafeBufferPointer { Data(buffer: $0) })
            }
            header[name] = ["dtype": dtype, "shape": shape, "data_offsets": [offset, offset + data.count]]
            offset += data.count
            blobs.append(data)
        }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        while json.count % 8 != 0 { json.append(0x20) }
        var out = Data()
        var len = UInt64(json.count).littleEndian
        withUnsafeBytes(of: &len) { out.append(contentsOf: $0) }
        out.append(json)
        for b in blobs { out.append(b) }
        let tmp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        try out.write(to: tmp)
        if FileManager.default.fileExists(atPath: url.path) {
            _ = try FileManager.default.replaceItemAt(url, withItemAt: tmp)
        } else {
            try FileManager.default.moveItem(at: tmp, to: url)
        }
    }

    static func read(_ url: URL) throws -> (tensors: [String: StoredTensor], metadata: [String: String]) {
        func bad(_ r: String) -> TrainingError { .badCheckpoint(path: url.path, reason: r) }
        guard let data = try? Data(contentsOf: url) else { throw bad("cannot read the file") }
        guard data.count >= 8 else { throw bad("file too short (\(data.count) bytes)") }
        let n = data.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }.littleEndian
        guard n <= UInt64(data.count - 8) else { throw bad("header length \(n) beyond the file size \(data.count)") }
        let headerData = data.subdata(in: 8..<(8 + Int(n)))
        guard let header = (try? JSONSerialization.jsonObject(with: headerData)) as? [String: Any] else {
            throw bad("header is not a JSON object")
        }
        let base = 8 + Int(n)
        var tensors: [String: StoredTensor] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in header {
            if name == "__metadata__" { metadata = (value as? [String: String]) ?? [:]; continue }
            guard let d = value as? [String: Any], let dtype = d["dtype"] as? String, let shape = d["shape"] as? [Int],
                  let offs = d["data_offsets"] as? [Int], offs.count == 2, offs[0] >= 0, offs[0] <= offs[1],
                  base + offs[1] <= data.count else { throw bad("bad entry for tensor '\(name)'") }
            let bytes = data.subdata(in: (base + offs[0])..<(base + offs[1]))
            let count = shape.reduce(1, *)
            func arr<T>(_: T.Type) throws -> [T] {
                guard bytes.count == count * MemoryLayout<T>.size else { throw bad("tensor '\(name)' has \(bytes.count) bytes for shape \(shape)") }
                return bytes.withUnsafeBytes { raw in (0..<count).map { raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self) } }
            }
            switch dtype {
            case "F32": tensors[name] = .float32(Tensor(shape: shape, scalars: try arr(Float.self)))
            case "F64": tensors[name] = .float64(Tensor(shape: shape, scalars: try arr(Double.self)))
            case "I64": tensors[name] = .int64(Tensor(shape: shape, scalars: try arr(Int.self)))
            default: throw bad("unsupported dtype \(dtype) for tensor '\(name)'")
            }
        }
        return (tensors, metadata)
    }
}
