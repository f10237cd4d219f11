import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive lock on a run folder for as long as a process trains into it:
/// `flock` on `<run>/.swiftlet.lock`, which holds the owner's pid. The kernel
/// releases it when the process ends however it ends, so a lock file left by
/// a killed run never blocks (the next owner takes it over).
public final class RunFolderLock {
    public let path: String
    private let fd: Int32

    /// Takes the lock; throws `TrainingError.io` naming the process that holds it.
    public init(folder: URL) throws {
        path = folder.appendingPathComponent(".swiftlet.lock").path
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw TrainingError.io(path: path, reason: String(cString: strerror(errno)))
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            var buffer = [UInt8](repeating: 0, count: 32)
            let n = pread(fd, &buffer, 31, 0)
            let holder = n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : "?"
            close(fd)
            throw TrainingError.io(path: folder.path, reason: "the run folder is in use by another training process (pid \(holder)); "
                                   + "wait for it to finish or stop it first")
        }
        self.folder = folder
    }

    private let folder: URL

    /// Writes this process's pid into the lock file (for the error another
    /// process gets) and removes temporary files that atomic writes cut short
    /// by a kill left behind (nobody else can be writing now). Called once
    /// the run is known to be valid, so that a refused resume changes nothing.
    public func recordOwner() {
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pwrite(fd, pid, pid.count, 0)
        let checkpoints = folder.appendingPathComponent("checkpoints").path
        for name in (try? FileManager.default.contentsOfDirectory(atPath: checkpoints)) ?? []
        where name.hasPrefix(".") && name.contains(".tmp-") {
            unlink(checkpoints + "/" + name)
        }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
