import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reading files a user names (configs, checkpoints) without the ways that
/// can hang or exhaust a process: a named pipe (FIFO) or socket is refused
/// instead of waiting for a writer forever, and reads are bounded.
public enum UserFile {
    /// Why `path` cannot be read as a file, or nil when it is a regular file
    /// or a character device such as /dev/null. Does not block.
    public static func problem(_ path: String) -> String? {
        var st = stat()
        guard stat(path, &st) == 0 else { return String(cString: strerror(errno)) }
        switch st.st_mode & S_IFMT {
        case S_IFREG, S_IFCHR: return nil
        case S_IFDIR: return "it is a folder"
        case S_IFIFO: return "it is a named pipe (FIFO), not a file"
        case S_IFSOCK: return "it is a socket, not a file"
        default: return "it is not a regular file"
        }
    }

    /// The contents of `path`, at most `maxBytes` (throws `ConfigError.malformed`
    /// naming the file for anything else: missing, unreadable, not a file, too large).
    public static func readConfig(_ path: String, maxBytes: Int) throws -> Data {
        if let p = problem(path) { throw ConfigError.malformed(source: path, message: "cannot read file: \(p)") }
        guard let h = FileHandle(forReadingAtPath: path) else {
            throw ConfigError.malformed(source: path, message: "cannot read file: \(String(cString: strerror(errno)))")
        }
        defer { try? h.close() }
        let data: Data
        do { data = try h.read(upToCount: maxBytes + 1) ?? Data() } catch {
            throw ConfigError.malformed(source: path, message: "cannot read file: \(error.localizedDescription)")
        }
        guard data.count <= maxBytes else {
            throw ConfigError.malformed(source: path, message: "more than \(maxBytes) bytes; a config is at most \(maxBytes) bytes")
        }
        return data
    }
}
