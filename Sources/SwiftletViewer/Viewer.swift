import Foundation
import SwiftletGraphics
#if SDL
import CSDL2
#endif

/// What the user asked for in the viewer window.
public enum ViewerEvent: Equatable, Sendable {
    /// Space: pause or resume.
    case togglePause
    /// R: restart the episode.
    case restart
    /// Q, Escape or the window's close button.
    case quit
}

/// Why a viewer could not be opened or used.
public enum ViewerError: Error, CustomStringConvertible, Equatable {
    /// Swiftlet was built without SDL2.
    case sdlUnavailable(String)
    /// SDL could not open a window (no display, bad driver, …), with SDL's message.
    case cannotOpen(String)
    /// A rendering call failed, with SDL's message.
    case renderingFailed(String)

    public var description: String {
        switch self {
        case let .sdlUnavailable(m), let .cannotOpen(m), let .renderingFailed(m): return m
        }
    }
}

/// A window that shows ``RGBImage`` frames (SDL2 texture streaming) and reports key
/// presses. Only compiled with SDL when the package trait `SDL` is enabled (the
/// default); otherwise every initializer throws ``ViewerError/sdlUnavailable(_:)``.
///
/// Use from one thread (SDL's video calls belong on the thread that opened the window).
///
/// ```swift
/// let viewer = try Viewer(width: 600, height: 400, title: "CartPole-v1")
/// try viewer.show(env.render())
/// for event in viewer.pollEvents() where event == .quit { viewer.close() }
/// ```
public final class Viewer {
    /// True when this build includes SDL2.
    public static var isAvailable: Bool {
        #if SDL
        return true
        #else
        return false
        #endif
    }

    /// How to get a viewer when this build has none.
    public static let howToEnable =
        "this swiftlet was built without SDL2: install libsdl2-dev (apt-get install libsdl2-dev, or brew install sdl2) and build with the SDL trait (`swift build --traits SDL`, on by default); recording works without it (--record out.gif or --frames dir/)"

    public let width: Int
    public let height: Int

    #if SDL
    private var window: OpaquePointer?
    private var renderer: OpaquePointer?
    private var texture: OpaquePointer?
    private var textureSize = (0, 0)
    private var last: RGBImage?

    /// Opens a `width`×`height` window titled `title`. Throws ``ViewerError/cannotOpen(_:)``
    /// with SDL's message when no display is available (set `SDL_VIDEODRIVER=dummy` or
    /// `offscreen` to run headless).
    public init(width: Int, height: Int, title: String) throws {
        precondition(width > 0 && height > 0, "Viewer: window size \(width)x\(height) must be positive")
        self.width = width
        self.height = height
        if SDL_InitSubSystem(SDL_INIT_VIDEO) != 0 {
            throw ViewerError.cannotOpen("cannot start SDL video (\(Self.sdlError())); is a display available? (DISPLAY, or SDL_VIDEODRIVER=offscreen)")
        }
        // Without an explicit SDL_VIDEODRIVER, SDL falls back to an invisible
        // driver when the window system does not answer (DISPLAY set, no X
        // server): that would play unseen and report success.
        let driver = SDL_GetCurrentVideoDriver().map { String(cString: $0) } ?? "none"
        if ProcessInfo.processInfo.environment["SDL_VIDEODRIVER"] == nil, ["offscreen", "dummy", "none"].contains(driver) {
            SDL_QuitSubSystem(SDL_INIT_VIDEO)
            let display = ProcessInfo.processInfo.environment["DISPLAY"].map { "DISPLAY=\($0) is set but no X server answers" }
                ?? "no DISPLAY or Wayland display"
            throw ViewerError.cannotOpen("no window can be shown (\(display); SDL_VIDEODRIVER=offscreen plays without one)")
        }
        let centered = Int32(0x2FFF_0000)  // SDL_WINDOWPOS_CENTERED (a macro Swift does not import)
        window = SDL_CreateWindow(title, centered, centered, Int32(width), Int32(height), SDL_WINDOW_SHOWN.rawValue)
        guard window != nil else {
            let m = Self.sdlError()
            SDL_QuitSubSystem(SDL_INIT_VIDEO)
            throw ViewerError.cannotOpen("cannot open a window (\(m))")
        }
        renderer = SDL_CreateRenderer(window, -1, 0)
        if renderer == nil { renderer = SDL_CreateRenderer(window, -1, SDL_RENDERER_SOFTWARE.rawValue) }
        guard renderer != nil else {
            let m = Self.sdlError()
            SDL_DestroyWindow(window); window = nil
            SDL_QuitSubSystem(SDL_INIT_VIDEO)
            throw ViewerError.cannotOpen("cannot create a renderer (\(m))")
        }
    }

    deinit { close() }

    /// Closes the window; further calls do nothing. Called automatically on deinit.
    public func close() {
        guard window != nil else { return }
        if texture != nil { SDL_DestroyTexture(texture); texture = nil }
        if renderer != nil { SDL_DestroyRenderer(renderer); renderer = nil }
        SDL_DestroyWindow(window); window = nil
        SDL_QuitSubSystem(SDL_INIT_VIDEO)
    }

    /// Displays `frame`, scaled to the window if its size differs. Cost: one texture
    /// upload and present; the texture is reused while the frame size stays the same.
    public func show(_ frame: RGBImage) throws {
        guard window != nil else { throw ViewerError.renderingFailed("the viewer window is closed") }
        last = frame
        try draw(frame)
        SDL_RenderPresent(renderer)
    }

    private func draw(_ frame: RGBImage) throws {
        if texture == nil || textureSize != (frame.width, frame.height) {
            if texture != nil { SDL_DestroyTexture(texture) }
            texture = SDL_CreateTexture(renderer, SDL_PIXELFORMAT_RGB24.rawValue,
                                        Int32(SDL_TEXTUREACCESS_STREAMING.rawValue),
                                        Int32(frame.width), Int32(frame.height))
            guard texture != nil else { throw ViewerError.renderingFailed("cannot create a texture (\(Self.sdlError()))") }
            textureSize = (frame.width, frame.height)
        }
        let rc = frame.pixels.withUnsafeBytes { p in
            SDL_UpdateTexture(texture, nil, p.baseAddress, Int32(frame.width * 3))
        }
        guard rc == 0 else { throw ViewerError.renderingFailed("cannot upload a frame (\(Self.sdlError()))") }
        SDL_RenderClear(renderer)
        guard SDL_RenderCopy(renderer, texture, nil, nil) == 0 else {
            throw ViewerError.renderingFailed("cannot draw a frame (\(Self.sdlError()))")
        }
    }

    /// Reads back what the window shows (the last frame as rendered at window size)
    /// with `SDL_RenderReadPixels`, for tests and screenshots.
    public func readBack() throws -> RGBImage {
        guard window != nil else { throw ViewerError.renderingFailed("the viewer window is closed") }
        if let f = last { try draw(f) }
        var w: Int32 = 0, h: Int32 = 0
        SDL_GetRendererOutputSize(renderer, &w, &h)
        var pixels = [UInt8](repeating: 0, count: Int(w) * Int(h) * 3)
        let rc = pixels.withUnsafeMutableBytes { p in
            SDL_RenderReadPixels(renderer, nil, SDL_PIXELFORMAT_RGB24.rawValue, p.baseAddress, w * 3)
        }
        guard rc == 0 else { throw ViewerError.renderingFailed("cannot read pixels back (\(Self.sdlError()))") }
        return RGBImage(width: Int(w), height: Int(h), pixels: pixels)
    }

    /// Drains SDL's event queue and returns the viewer events in order (space, r,
    /// q/Escape, window close); other events are dropped. Call once per frame so the
    /// window stays responsive.
    public func pollEvents() -> [ViewerEvent] {
        var out: [ViewerEvent] = []
        var e = SDL_Event()
        while SDL_PollEvent(&e) != 0 {
            if e.type == SDL_QUIT.rawValue {
                out.append(.quit)
            } else if e.type == SDL_WINDOWEVENT.rawValue && e.window.event == UInt8(SDL_WINDOWEVENT_CLOSE.rawValue) {
                out.append(.quit)
            } else if e.type == SDL_KEYDOWN.rawValue && e.key.repeat == 0 {
                switch e.key.keysym.sym {
                case Int32(SDLK_SPACE.rawValue): out.append(.togglePause)
                case Int32(SDLK_r.rawValue): out.append(.restart)
                case Int32(SDLK_q.rawValue), Int32(SDLK_ESCAPE.rawValue): out.append(.quit)
                default: break
                }
            }
        }
        return out
    }

    /// Puts a key press for `event` on SDL's queue, as if the user had pressed the key
    /// (space, r or q). For tests and scripted demos.
    public func simulateKeyPress(_ event: ViewerEvent) {
        var e = SDL_Event()
        e.type = SDL_KEYDOWN.rawValue
        e.key.state = UInt8(SDL_PRESSED)
        switch event {
        case .togglePause: e.key.keysym.sym = Int32(SDLK_SPACE.rawValue)
        case .restart: e.key.keysym.sym = Int32(SDLK_r.rawValue)
        case .quit: e.key.keysym.sym = Int32(SDLK_q.rawValue)
        }
        e.key.windowID = SDL_GetWindowID(window)
        SDL_PushEvent(&e)
    }

    /// The SDL video driver in use (e.g. "x11", "dummy", "offscreen").
    public var driverName: String {
        guard let p = SDL_GetCurrentVideoDriver() else { return "none" }
        return String(cString: p)
    }

    private static func sdlError() -> String {
        guard let p = SDL_GetError() else { return "unknown SDL error" }
        let s = String(cString: p)
        return s.isEmpty ? "unknown SDL error" : s
    }
    #else
    /// Always throws ``ViewerError/sdlUnavailable(_:)``: this build has no SDL2.
    public init(width: Int, height: Int, title: String) throws {
        self.width = width
        self.height = height
        throw ViewerError.sdlUnavailable(Viewer.howToEnable)
    }

    public func close() {}
    public func show(_ frame: RGBImage) throws { throw ViewerError.sdlUnavailable(Viewer.howToEnable) }
    public func readBack() throws -> RGBImage { throw ViewerError.sdlUnavailable(Viewer.howToEnable) }
    public func pollEvents() -> [ViewerEvent] { [] }
    public func simulateKeyPress(_ event: ViewerEvent) {}
    public var driverName: String { "none" }
    #endif
}
