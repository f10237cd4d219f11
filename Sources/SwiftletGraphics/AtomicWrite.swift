import Foundation

/// Errors from writing image files.
public enum ImageFileError: Error, CustomStringConvertible {
    case cannotWrite(path: String, reason: String)
    case cannotRead(path: String, reason: String)
    case invalidFormat(String)

    public var description: String {
        switch self {
        case let .cannotWrite(path, reason): return "cannot write \(path): \(reason)"
        case let .cannotRead(path, reason): return "cannot read \(path): \(reason)"
        case let .invalidFormat(what): return "invalid image data: \(what)"
        }
    }
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, then a
/// rename, so readers never see a half-written file and a failure leaves any old file intact.
public func writeFileAtomically(_ bytes: [UInt8], to path: String) throws {
    let url = URL(fileURLWithPath: path)
    let dir = url.deletingLastPathComponent().path
    let tmp = dir + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    guard FileManager.default.createFile(atPath: tmp, contents: Data(bytes)) else {
        throw ImageFileError.cannotWrite(path: path, reason: "could not create a file in \(dir)")
    }
    if rename(tmp, path) != 0 {
        let reason = String(cString: strerror(errno))
        unlink(tmp)
        throw ImageFileError.cannotWrite(path: path, reason: reason)
    }
}
