import Foundation
import SwiftletEnvironments
import SwiftletGraphics
import SwiftletViewer

/// Chooses an action for an observation.
typealias Policy = ([Float]) -> Action

/// Plays episodes of a policy, drawing each frame with the episode's return
/// on it, into any of: an SDL window (paced at `fps`, keys: space pauses,
/// r restarts the episode, q/Esc quits), an animated GIF, a folder of PNGs,
/// and a folder of window read-backs (screenshots).
final class EpisodePlayer {
    struct Options {
        var episodes = 3
        var fps = 30.0
        var seed: UInt64 = 0
        /// Size factor for the GIF and PNG frames (window and screenshots stay 1:1).
        var scale = 1.0
        /// Scripted key presses for demos and tests: loop tick → event.
        var script: [Int: [ViewerEvent]] = [:]
    }

    /// Per-episode outcome.
    struct Episode { var number: Int; var totalReward: Double; var length: Int }

    let env: any RenderableEnvironment
    let policy: Policy
    let options: Options
    let title: String
    var viewer: Viewer?
    /// Where to write the GIF (created at the first frame, written at the end).
    var gifPath: String?
    private var gif: GIFEncoder?
    var framesDir: String?
    var screenshotsDir: String?
    private(set) var framesWritten = 0
    private(set) var screenshotsWritten = 0
    private(set) var episodes: [Episode] = []
    private(set) var quitByUser = false

    init(env: any RenderableEnvironment, policy: @escaping Policy, options: Options, title: String) {
        self.env = env
        self.policy = policy
        self.options = options
        self.title = title
    }

    /// Runs all episodes (or until quit), then finishes the GIF. `report` gets each finished episode.
    func play(report: (Episode) -> Void) throws {
        var obs = [Float](repeating: 0, count: env.observationSize)
        var tick = 0
        var paused = false
        let frameTime = 1.0 / options.fps
        var next = Date().timeIntervalSinceReferenceDate
        var episodeIndex = 0
        var firstReset = true
        outer: while episodeIndex < options.episodes {
            _ = obs.withUnsafeMutableBufferPointer { env.reset(seed: firstReset ? options.seed : nil, options: nil, into: $0) }
            firstReset = false
            var total = 0.0, length = 0
            try emit(overlay(env.render(), episode: episodeIndex, step: 0, total: total, paused: false))
            while true {
                if let viewer {
                    var events = viewer.pollEvents()
                    if let scripted = options.script[tick] {
                        for e in scripted { viewer.simulateKeyPress(e) }
                        events += viewer.pollEvents()
                    }
                    tick += 1
                    var restart = false
                    for e in events {
                        switch e {
                        case .quit: quitByUser = true; break outer
                        case .restart: restart = true
                        case .togglePause:
                            paused.toggle()
                            try viewer.show(overlay(env.render(), episode: episodeIndex, step: length, total: total, paused: paused))
                        }
                    }
                    if restart { paused = false; continue outer }
                    if paused {
                        pace(&next, frameTime)
                        continue
                    }
                }
                let t = env.step(policy(obs), into: &obs)
                total += t.reward
                length += 1
                try emit(overlay(env.render(), episode: episodeIndex, step: length, total: total, paused: false))
                if viewer != nil { pace(&next, frameTime) }
                if t.done { break }
            }
            let e = Episode(number: episodeIndex + 1, totalReward: total, length: length)
            episodes.append(e)
            report(e)
            episodeIndex += 1
        }
        if let gif, let gifPath { try gif.finish(to: gifPath) }
    }

    /// Sleeps until the next frame is due (never catches up by skipping frames).
    private func pace(_ next: inout Double, _ frameTime: Double) {
        next += frameTime
        let now = Date().timeIntervalSinceReferenceDate
        if next > now { usleep(useconds_t((next - now) * 1e6)) } else { next = now }
    }

    private func emit(_ frame: RGBImage) throws {
        if let viewer {
            try viewer.show(frame)
            if let dir = screenshotsDir {
                try PNG.write(try viewer.readBack(), to: Self.framePath(dir, screenshotsWritten))
                screenshotsWritten += 1
            }
        }
        guard gifPath != nil || framesDir != nil else { return }
        let out = options.scale == 1 ? frame : Self.resized(frame, scale: options.scale)
        if gifPath != nil && gif == nil { gif = GIFEncoder(width: out.width, height: out.height, fps: options.fps) }
        gif?.addFrame(out)
        if let dir = framesDir { try PNG.write(out, to: Self.framePath(dir, framesWritten)) }
        framesWritten += 1
    }

    /// `dir/frame-000001.png` (numbered from 0).
    static func framePath(_ dir: String, _ index: Int) -> String {
        (dir as NSString).appendingPathComponent(String(format: "frame-%06d.png", index))
    }

    /// The frame with "episode 1/3  step 42  return 42.0" in a light box at the top left.
    func overlay(_ frame: RGBImage, episode: Int, step: Int, total: Double, paused: Bool) -> RGBImage {
        var c = Canvas(image: frame)
        let text = "episode \(episode + 1)/\(options.episodes)  step \(step)  return \(String(format: "%.1f", total))"
            + (paused ? "  PAUSED" : "")
        let scale = frame.width >= 400 ? 2 : 1
        let size = Canvas.textSize(text, scale: scale)
        c.fillRect(x1: 4, y1: 4, x2: 4 + size.width + 8, y2: 4 + size.height + 8, color: .white, alpha: 200)
        c.drawText(text, x: 8, y: 8, color: .black, scale: scale)
        return c.image
    }

    /// Area-averaged resize by `scale` (0 < scale ≤ 1 shrinks; > 1 repeats pixels).
    static func resized(_ image: RGBImage, scale: Double) -> RGBImage {
        let w = max(1, Int((Double(image.width) * scale).rounded())), h = max(1, Int((Double(image.height) * scale).rounded()))
        var out = [UInt8](repeating: 0, count: w * h * 3)
        let sx = Double(image.width) / Double(w), sy = Double(image.height) / Double(h)
        image.pixels.withUnsafeBufferPointer { src in
            for y in 0..<h {
                let y0 = Int(Double(y) * sy), y1 = max(y0 + 1, min(image.height, Int(Double(y + 1) * sy)))
                for x in 0..<w {
                    let x0 = Int(Double(x) * sx), x1 = max(x0 + 1, min(image.width, Int(Double(x + 1) * sx)))
                    var r = 0, g = 0, b = 0
                    for yy in y0..<y1 {
                        var i = (yy * image.width + x0) * 3
                        for _ in x0..<x1 { r += Int(src[i]); g += Int(src[i + 1]); b += Int(src[i + 2]); i += 3 }
                    }
                    let n = (y1 - y0) * (x1 - x0), o = (y * w + x) * 3
                    out[o] = UInt8((r + n / 2) / n); out[o + 1] = UInt8((g + n / 2) / n); out[o + 2] = UInt8((b + n / 2) / n)
                }
            }
        }
        return RGBImage(width: w, height: h, pixels: out)
    }
}
