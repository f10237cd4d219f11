import Foundation

/// Checks made before any work, so a bad output path fails at once and
/// leaves nothing half-written.
enum OutputPath {
    /// The folder that will hold `file` exists and is writable.
    static func checkWritableFile(_ file: String) throws {
        let url = URL(fileURLWithPath: file)
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), isDir.boolValue {
            throw CLIError("cannot write \(file): it is a folder", exitCode: ExitStatus.cannotCreate)
        }
        try checkWritableFolder(url.deletingLastPathComponent().path, for: file)
    }

    /// `folder` exists (or can be created, when `create`) and is writable.
    static func checkWritableFolder(_ folder: String, for what: String? = nil, create: Bool = false) throws {
        let name = what ?? folder
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isDir) {
            guard isDir.boolValue else {
                throw CLIError("cannot write \(name): \(folder) is a file, not a folder", exitCode: ExitStatus.cannotCreate)
            }
        } else if create {
            try makeFolders(folder)
        } else {
            throw CLIError("cannot write \(name): the folder \(folder) does not exist", exitCode: ExitStatus.cannotCreate)
        }
        guard access(folder, W_OK | X_OK) == 0 else {
            throw CLIError("cannot write \(name): the folder \(folder) is not writable", exitCode: ExitStatus.cannotCreate)
        }
    }

    /// `mkdir -p` with the system's reason on failure ("Permission denied", "No such file or directory").
    static func makeFolders(_ folder: String) throws {
        var path = folder.hasPrefix("/") ? "" : "."
        for part in folder.split(separator: "/") {
            path += "/" + part
            if mkdir(path, 0o755) != 0 && errno != EEXIST {
                throw CLIError("cannot create the folder \(folder): \(String(cString: strerror(errno)))", exitCode: ExitStatus.cannotCreate)
            }
        }
    }

    /// The underlying POSIX reason of a Foundation error, when there is one.
    static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let u = ns.userInfo[NSUnderlyingErrorKey] as? NSError, u.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(u.code)))
        }
        return ns.localizedDescription
    }
}
