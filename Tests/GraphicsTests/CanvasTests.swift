import Foundation
import Testing
import SwiftletGraphics
import SwiftletEnvironments

@Suite struct CanvasTests {
    @Test func textUsesTheBitmapFont() {
        var c = Canvas(width: 20, height: 10)
        c.drawText("1", x: 2, y: 1, color: .black)
        // Glyph "1": rows ..#.. / .##.. / ..#.. ×4 / .###.
        #expect(c.pixel(4, 1) == .black && c.pixel(3, 1) == .white)
        #expect(c.pixel(3, 2) == .black && c.pixel(4, 2) == .black)
        #expect(c.pixel(3, 7) == .black && c.pixel(5, 7) == .black && c.pixel(6, 7) == .white)
        #expect(Canvas.textSize("ab") == (11, 7))
        #expect(Canvas.textSize("ab\ncd", scale: 2) == (22, 30))
        var big = Canvas(width: 40, height: 20)
        big.drawText("1", x: 0, y: 0, color: .black, scale: 2)
        #expect(big.pixel(4, 0) == .black && big.pixel(5, 1) == .black && big.pixel(3, 0) == .white)
    }

    @Test func translucentFillBlendsLikeSDLGfx() {
        var c = Canvas(width: 10, height: 10)
        c.gfxFilledPolygon([(1, 1), (8, 1), (8, 8), (1, 8)], color: RGB(0, 100, 200), alpha: 64)
        // d + ((s - d) * a >> 8): 255 + (-255*64 >> 8) = 191; 255 + (-155*64 >> 8) = 216; 255 + (-55*64>>8) = 241
        #expect(c.pixel(4, 4) == RGB(191, 216, 241))
        #expect(c.pixel(0, 0) == .white)
    }

    @Test func flipAndIdentityMeasures() {
        var c = Canvas(width: 3, height: 2)
        c.setPixel(0, 0, .black)
        let flipped = c.image.flippedVertically()
        #expect(flipped[0, 1] == .black && flipped[0, 0] == .white)
        #expect(c.image.fractionIdentical(to: flipped) == 4.0 / 6.0)
    }

    @Test func smoothScaleAveragesAreas() {
        // 4x1 → 2x1 averages pairs; 1x1 → 3x3 copies.
        let src = RGBAImage(width: 4, height: 1, pixels: [0, 0, 0, 255, 200, 100, 50, 255, 10, 10, 10, 0, 30, 30, 30, 0])
        let half = src.smoothScaled(width: 2, height: 1)
        #expect(half.pixels == [100, 50, 25, 255, 20, 20, 20, 0])
        let flipped = src.flipped(horizontally: true, vertically: false)
        #expect(Array(flipped.pixels[0..<4]) == [30, 30, 30, 0])
    }

    @Test func plotDrawsBandsLinesAndLabels() {
        let x = (0..<50).map { Double($0) * 1000 }
        let y = x.map { 10 + $0 / 200 }
        let plot = LinePlot(title: "CartPole-v1", xLabel: "steps", yLabel: "return",
                            series: [PlotSeries(label: "ppo", x: x, y: y, lower: y.map { $0 - 20 }, upper: y.map { $0 + 20 },
                                                color: RGB(31, 119, 180))])
        let img = plot.render()
        #expect(img.width == 800 && img.height == 500)
        var line = 0, band = 0, text = 0
        let bandColor = RGB(UInt8(255 + ((31 - 255) * 64 >> 8)), UInt8(255 + ((119 - 255) * 64 >> 8)), UInt8(255 + ((180 - 255) * 64 >> 8)))
        for yy in 0..<img.height { for xx in 0..<img.width {
            let p = img[xx, yy]
            if p == RGB(31, 119, 180) { line += 1 }
            if p == bandColor { band += 1 }
            if p == RGB(40, 40, 40) { text += 1 }
        } }
        #expect(line > 500)
        #expect(band > 10_000)
        #expect(text > 1_000)
        #expect(LinePlot.niceTicks(0, 49_000) == [0, 10_000, 20_000, 30_000, 40_000])
        #expect(LinePlot.formatTick(20_000) == "20k" && LinePlot.formatTick(0.25) == "0.25" && LinePlot.formatTick(1.5e6) == "1.5M")
    }

    @Test func renderersSurviveExtremeStates() {
        for x in [-10.0, 10, .nan] { _ = ClassicControlRendering.cartPole(x: x, theta: 3) }
        for p in [-1.2, 0.6, -5.0] { _ = ClassicControlRendering.mountainCar(position: p, goalPosition: 0.45) }
        _ = ClassicControlRendering.acrobot(theta1: 1e6, theta2: -1e6)
        for u in [-2.0, 2.0, 0.0, 1e-9, 5.0] { _ = ClassicControlRendering.pendulum(theta: 0.1, lastTorque: u) }
        let f = ClassicControlRendering.pendulum(theta: 0, lastTorque: nil)
        #expect(f.width == 500 && f.height == 500)
    }
}
