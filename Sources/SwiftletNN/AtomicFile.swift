import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads and crash-safe writes with POSIX calls, so failures
/// carry `strerror` text and the path.
enum AtomicFile {
    static func failure(_ path: String, _ op: String) -> CheckpointError {
        .io(path: path, operation: op, reason: String(cString: strerror(errno)))
    }

    /// Writes `bytes` to a temporary file in the destination's directory,
    /// fsyncs it, renames it over `path` and fsyncs the directory. A crash at
    /// any point leaves either the old file or the complete new one.
    static func write(_ bytes: [UInt8], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        let tmp = dir + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure(tmp, "create") }
        var ok = false
        defer {
            if !ok { close(fd); unlink(tmp) }
        }
        try bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw failure(tmp, "write")
                }
                done += n
            }
        }
        guard fsync(fd) == 0 else { throw failure(tmp, "fsync") }
        ok = true
        guard close(fd) == 0 else { unlink(tmp); throw failure(tmp, "close") }
        guard rename(tmp, path) == 0 else {
            let e = failure(path, "rename a temporary file onto")
            unlink(tmp)
            throw e
        }
        // Make the rename itself durable (best effort: some file systems refuse).
        let dfd = open(dir, O_RDONLY | O_CLOEXEC)
        if dfd >= 0 { _ = fsync(dfd); close(dfd) }
    }

    /// The whole file.
    static func read(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(path, "open") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw failure(path, "stat") }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            throw CheckpointError.io(path: path, operation: "read", reason: "not a regular file")
        }
        let size = Int(st.st_size)
        var failed: CheckpointError?
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buf, initialized in
            var done = 0
            while done < size {
                let n = Glibc.read(fd, buf.baseAddress! + done, size - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    failed = failure(path, "read")
                    break
                }
                if n == 0 { break }  // the file shrank while reading
                done += n
            }
            initialized = done
        }
        if let failed { throw failed }
        return bytes
    }
}
