import Foundation
import Testing
import SwiftletGraphics
import SwiftletViewer

/// The SDL viewer under SDL's `dummy` video driver (no display needed): a canvas frame
/// shown in the window reads back unchanged, and key presses come back as events.
@Suite(.serialized) struct ViewerTests {
    static func testFrame() -> RGBImage {
        var c = Canvas(width: 120, height: 80)
        c.gfxFilledPolygon([(10, 10), (60, 12), (40, 70)], color: RGB(202, 152, 101))
        c.gfxAACircle(x: 90, y: 40, radius: 20, color: RGB(129, 132, 203))
        c.drawText("Hi 42", x: 70, y: 65, color: .black)
        return c.image
    }

    @Test func showsFrameAndReadsItBack() throws {
        guard Viewer.isAvailable else {
            #expect(throws: ViewerError.self) { _ = try Viewer(width: 120, height: 80, title: "t") }
            return
        }
        setenv("SDL_VIDEODRIVER", "dummy", 1)
        let viewer = try Viewer(width: 120, height: 80, title: "Swiftlet test")
        defer { viewer.close() }
        #expect(viewer.driverName == "dummy")
        let frame = Self.testFrame()
        try viewer.show(frame)
        let back = try viewer.readBack()
        #expect(back.width == 120 && back.height == 80)
        #expect(back == frame)

        // A second, different frame replaces the first.
        var other = Canvas(width: 120, height: 80, background: RGB(10, 20, 30))
        other.line(0, 0, 119, 79, color: .white, width: 3)
        try viewer.show(other.image)
        #expect(try viewer.readBack() == other.image)
    }

    @Test func reportsKeyPresses() throws {
        guard Viewer.isAvailable else { return }
        setenv("SDL_VIDEODRIVER", "dummy", 1)
        let viewer = try Viewer(width: 64, height: 48, title: "keys")
        defer { viewer.close() }
        _ = viewer.pollEvents()
        viewer.simulateKeyPress(.togglePause)
        viewer.simulateKeyPress(.restart)
        viewer.simulateKeyPress(.quit)
        #expect(viewer.pollEvents() == [.togglePause, .restart, .quit])
        #expect(viewer.pollEvents() == [])
    }

    @Test func unavailableMessageSaysHowToEnable() {
        #expect(Viewer.howToEnable.contains("--traits SDL"))
        #expect(Viewer.howToEnable.contains("libsdl2-dev"))
        #expect(ViewerError.sdlUnavailable(Viewer.howToEnable).description == Viewer.howToEnable)
    }
}
