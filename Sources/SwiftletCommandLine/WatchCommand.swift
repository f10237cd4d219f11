import ArgumentParser
import Foundation
import SwiftletEnvironments
import SwiftletGraphics
import SwiftletViewer

/// `swiftlet watch <run-or-checkpoint>`: plays episodes with the trained
/// policy in an SDL window and/or records them.
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Play episodes with a trained policy in a window (space pauses, r restarts, q/Esc quits) or record them.",
        discussion: """
        The target is a run folder (its best checkpoint, else its last), a checkpoint file, \
        or an environment id (a seeded random policy). --record and --frames work without a \
        display and in builds without SDL; with a display the window is shown as well \
        (unless --no-window).
        """)

    @Argument(help: "A run folder, a checkpoint file, or an environment id (random policy).")
    var target: String

    @Option(name: .long, parsing: .unconditional, help: "Episodes to play.")
    var episodes = 3

    @Option(name: .long, parsing: .unconditional, help: "Frames per second (window pacing and GIF frame delay).")
    var fps = 30.0

    @Option(name: .long, parsing: .unconditional, help: "Seed of the first episode's reset (later episodes continue its generator).")
    var seed: UInt64 = 0

    @Option(name: .long, help: "Play on this environment instead of the one trained on (same spaces needed).")
    var env: String?

    @Option(name: .long, help: "Write the episodes as an animated GIF (atomically, at the end).")
    var record: String?

    @Option(name: .long, help: "Write each frame as a PNG into this folder (created if missing).")
    var frames: String?

    @Option(name: .long, parsing: .unconditional, help: "Size factor of recorded frames, e.g. 0.5 for half size.")
    var scale = 1.0

    @Flag(name: .long, help: "Do not open a window even when a display is available (recording only).")
    var noWindow = false

    @Option(name: .long, help: .hidden)
    var screenshots: String?

    @Option(name: .long, help: .hidden)
    var keys: String?

    func validate() throws {
        guard episodes > 0 else { throw ValidationError("--episodes must be positive, got \(episodes)") }
        guard fps > 0, fps.isFinite, fps <= 1000 else { throw ValidationError("--fps must be in (0, 1000], got \(fps)") }
        guard scale > 0, scale <= 4 else { throw ValidationError("--scale must be in (0, 4], got \(scale)") }
        if let record, !record.lowercased().hasSuffix(".gif") {
            throw ValidationError("--record writes an animated GIF: give a path ending in .gif, got '\(record)'")
        }
    }

    func run() throws {
        let recording = record != nil || frames != nil
        // Outputs first: a bad path fails before anything else happens.
        if let record { try OutputPath.checkWritableFile(record) }
        if let frames { try OutputPath.checkWritableFolder(frames, create: true) }
        if let screenshots { try OutputPath.checkWritableFolder(screenshots, create: true) }
        let script = try parseKeys(keys)

        let source = try PolicySource.load(target, seed: seed, envID: env)
        guard let env = try make(source.envID) as? any RenderableEnvironment else {
            throw CLIError("\(source.envID) cannot be drawn: it does not conform to RenderableEnvironment",
                           exitCode: ExitStatus.unavailable)
        }

        var viewer: Viewer?
        if !noWindow {
            if !Viewer.isAvailable {
                if !recording { throw CLIError(Viewer.howToEnable, exitCode: ExitStatus.unavailable) }
            } else if let why = Display.missingReason() {
                if !recording {
                    throw CLIError("no display (\(why)): record instead with --record out.gif or --frames dir/ (or run under xvfb-run)",
                                   exitCode: ExitStatus.unavailable)
                }
            } else {
                let probe = env.render()
                do {
                    viewer = try Viewer(width: probe.width, height: probe.height, title: "\(source.envID) - \(source.name)")
                } catch let e as ViewerError {
                    if !recording {
                        throw CLIError("\(e.description); record instead with --record out.gif or --frames dir/",
                                       exitCode: ExitStatus.unavailable)
                    }
                    FileHandle.standardError.write(Data("swiftlet: note: no window (\(e.description)); recording only\n".utf8))
                }
            }
        }
        if viewer == nil && screenshots != nil {
            throw CLIError("--screenshots needs a window (a display, or SDL_VIDEODRIVER=dummy)", exitCode: ExitStatus.unavailable)
        }

        var options = EpisodePlayer.Options()
        options.episodes = episodes
        options.fps = fps
        options.seed = seed
        options.scale = scale
        options.script = script
        let player = EpisodePlayer(env: env, policy: source.policy, options: options, title: source.envID)
        player.viewer = viewer
        player.gifPath = record
        player.framesDir = frames
        player.screenshotsDir = screenshots
        if viewer != nil { print("\(source.envID): \(source.name) (space pauses, r restarts, q quits)") }
        try player.play { e in
            print("episode \(e.number): return \(String(format: "%.1f", e.totalReward)), \(e.length) steps")
            fflush(stdout)
        }
        viewer?.close()
        if let record { print("wrote \(record) (\(player.framesWritten) frames)") }
        if let frames { print("wrote \(player.framesWritten) frames to \(frames)/") }
        if let screenshots { print("wrote \(player.screenshotsWritten) screenshots to \(screenshots)/") }
    }

    /// "3:space,5:r,9:q" → tick → events.
    func parseKeys(_ text: String?) throws -> [Int: [ViewerEvent]] {
        guard let text else { return [:] }
        var out: [Int: [ViewerEvent]] = [:]
        for item in text.split(separator: ",") {
            let parts = item.split(separator: ":")
            guard parts.count == 2, let tick = Int(parts[0]), tick >= 0 else {
                throw CLIError("bad --keys item '\(item)': expected tick:key", exitCode: ExitStatus.usage)
            }
            let e: ViewerEvent
            switch parts[1] {
            case "space": e = .togglePause
            case "r": e = .restart
            case "q", "esc": e = .quit
            default: throw CLIError("bad --keys key '\(parts[1])': expected space, r, q or esc", exitCode: ExitStatus.usage)
            }
            out[tick, default: []].append(e)
        }
        return out
    }
}

/// Whether a window can be shown.
enum Display {
    /// Nil when a display is available; otherwise why not. An explicit
    /// SDL_VIDEODRIVER counts as available (SDL will say if it is not).
    /// Without DISPLAY/WAYLAND_DISPLAY, SDL on Linux would silently fall back
    /// to an invisible offscreen window, so that case is reported here.
    static func missingReason() -> String? {
        #if os(Linux)
        let env = ProcessInfo.processInfo.environment
        if let d = env["SDL_VIDEODRIVER"], !d.isEmpty { return nil }
        if let d = env["DISPLAY"], !d.isEmpty { return nil }
        if let d = env["WAYLAND_DISPLAY"], !d.isEmpty { return nil }
        return "neither DISPLAY nor WAYLAND_DISPLAY is set"
        #else
        return nil
        #endif
    }
}
