import Foundation
import Testing

/// Loading SwiftletCore leaves the process alone; `ProcessSettings` changes
/// it only when called. Checked in a fresh process (the ProcessSettingsProbe
/// executable, built next to the test bundle), since other tests in this
/// process may already have applied the settings.
@Suite("Process settings")
struct ProcessSettingsTests {
    /// Runs the probe with `environment` added and returns its `key=value` lines.
    func runProbe(_ environment: [String: String?]) throws -> [String: String] {
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let probe = folder.appendingPathComponent("ProcessSettingsProbe")
        try #require(FileManager.default.isExecutableFile(atPath: probe.path),
                     "no ProcessSettingsProbe at \(probe.path); `swift build --build-tests` builds it")
        let p = Process()
        p.executableURL = probe
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        var lines: [String: String] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let kv = line.split(separator: "=", maxSplits: 1)
            if kv.count == 2 { lines[String(kv[0])] = String(kv[1]) }
        }
        return lines
    }

    #if os(Linux)
    @Test func loadingChangesNothingAndApplyDefaultsTunesMalloc() throws {
        let r = try runProbe(["SWIFTLET_DEFAULT_MALLOC": nil, "OPENBLAS_CORETYPE": nil,
                              "SWIFTLET_PROBE_MARK": "kept"])
        #expect(r["used"] == "32768.0")
        // glibc's default: a 4 MiB block is mmap'd (threshold 128 KiB).
        #expect(r["mappedBefore"] == "true")
        #expect(r["env.OPENBLAS_CORETYPE"] == "unset")
        #expect(r["env.SWIFTLET_PROBE_MARK"] == "kept")
        // After applyDefaults: blocks up to 32 MiB come from the heap.
        #expect(r["mappedAfter"] == "false")
    }

    @Test func defaultMallocOptOutIsHonoured() throws {
        let r = try runProbe(["SWIFTLET_DEFAULT_MALLOC": "1", "OPENBLAS_CORETYPE": nil])
        #expect(r["mappedBefore"] == "true")
        #expect(r["mappedAfter"] == "true")
    }
    #endif
}
