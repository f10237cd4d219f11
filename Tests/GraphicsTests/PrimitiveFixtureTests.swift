import Foundation
import Testing
import SwiftletGraphics

/// Single pygame drawing calls on a white 64×48 surface (Fixtures/primitives, made by
/// make_frames.py with pygame-ce 2.5.8) against the same call on our canvas.
@Suite struct PrimitiveFixtureTests {
    static func points(_ v: Any?) -> [(Double, Double)] {
        (v as! [[Double]]).map { ($0[0], $0[1]) }
    }

    @Test func primitivesMatchPygame() throws {
        let cases = try Fixtures.json("primitives/manifest.json") as! [[String: Any]]
        #expect(cases.count >= 60)
        var exact = 0, worst = 1.0
        for c in cases {
            let file = c["file"] as! String
            let rgb = c["color"] as! [Int]
            let color = RGB(UInt8(rgb[0]), UInt8(rgb[1]), UInt8(rgb[2]))
            var canvas = Canvas(width: 64, height: 48)
            switch c["op"] as! String {
            case "filled_polygon": canvas.gfxFilledPolygon(Self.points(c["points"]), color: color)
            case "aapolygon": canvas.gfxAAPolygon(Self.points(c["points"]), color: color)
            case "aacircle":
                canvas.gfxAACircle(x: c["x"] as! Int, y: c["y"] as! Int, radius: c["r"] as! Int, color: color)
            case "filled_circle":
                canvas.gfxFilledCircle(x: c["x"] as! Int, y: c["y"] as! Int, radius: c["r"] as! Int, color: color)
            case "line":
                let s = c["start"] as! [Double], e = c["end"] as! [Double]
                canvas.line(from: (s[0], s[1]), to: (e[0], e[1]), color: color, width: c["width"] as! Int)
            case "aalines": canvas.aaLines(Self.points(c["points"]), color: color)
            default: Issue.record("unknown op in \(file)")
            }
            let expected = try Fixtures.png("primitives/" + file)
            let frac = canvas.image.fractionIdentical(to: expected)
            if frac == 1 { exact += 1 } else {
                print("primitive \(file): identical \(frac), diff \(canvas.image.difference(to: expected))")
            }
            worst = min(worst, frac)
            #expect(frac >= 0.99, "\(file): \(frac) identical")
        }
        print("primitives: \(exact)/\(cases.count) pixel-exact, worst \(worst)")
        #expect(exact == cases.count, "every primitive drawing should be pixel-exact")
    }
}
