import Foundation

/// One curve of a ``LinePlot``: points (x, y), optionally a band between `lower` and
/// `upper` (e.g. mean ± std across seeds) drawn translucent behind the line.
public struct PlotSeries: Sendable {
    public var label: String
    public var x: [Double]
    public var y: [Double]
    public var lower: [Double]?
    public var upper: [Double]?
    /// Nil picks the next color of ``RGB/palette``.
    public var color: RGB?

    public init(label: String, x: [Double], y: [Double], lower: [Double]? = nil, upper: [Double]? = nil, color: RGB? = nil) {
        precondition(x.count == y.count, "PlotSeries \(label): \(x.count) x values for \(y.count) y values")
        precondition(lower.map { $0.count == y.count } ?? true, "PlotSeries \(label): lower band length \(lower?.count ?? 0) != \(y.count)")
        precondition(upper.map { $0.count == y.count } ?? true, "PlotSeries \(label): upper band length \(upper?.count ?? 0) != \(y.count)")
        self.label = label; self.x = x; self.y = y; self.lower = lower; self.upper = upper; self.color = color
    }
}

/// A learning-curve style chart drawn on a ``Canvas``: axes with "nice" ticks and
/// grid, a title, axis labels, a legend, and series with translucent bands.
///
/// ```swift
/// let plot = LinePlot(title: "CartPole-v1 (PPO, 3 seeds)", xLabel: "steps", yLabel: "return",
///                     series: [PlotSeries(label: "ppo", x: steps, y: mean, lower: lo, upper: hi)])
/// try PNG.write(plot.render(), to: "curves.png")
/// ```
public struct LinePlot: Sendable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [PlotSeries]
    public var width: Int
    public var height: Int
    /// Band opacity 0…255 (SDL_gfx-style blend).
    public var bandAlpha: Int = 64

    public init(title: String = "", xLabel: String = "", yLabel: String = "", series: [PlotSeries],
                width: Int = 800, height: Int = 500) {
        self.title = title; self.xLabel = xLabel; self.yLabel = yLabel; self.series = series
        self.width = width; self.height = height
    }

    /// Pixel rectangle of the data area (left, top, right, bottom) in the rendered image.
    public var plotArea: (left: Int, top: Int, right: Int, bottom: Int) {
        (70, title.isEmpty ? 16 : 40, width - 20, height - (xLabel.isEmpty ? 34 : 50))
    }

    /// Ticks covering `lo…hi` at 1, 2 or 5 × 10^k spacing (about `target` of them).
    public static func niceTicks(_ lo: Double, _ hi: Double, target: Int = 6) -> [Double] {
        guard lo.isFinite, hi.isFinite, hi > lo else { return [lo] }
        // Halves first: hi − lo overflows for values near ±1.8e308.
        let raw = (hi / 2 - lo / 2) / (Double(max(1, target)) / 2)
        guard raw.isFinite, raw > 0 else { return [lo] }
        let mag = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * mag }.first { $0 >= raw } ?? 10 * mag
        let first = (lo / step).rounded(.up)
        var out: [Double] = []
        // k·step from the first multiple (a bounded count: adding a step to a
        // value 1e16 times larger would not move it).
        for k in 0..<(4 * max(1, target) + 4) {
            let t = (first + Double(k)) * step
            guard t.isFinite, t <= hi + step * 1e-9 else { break }
            out.append(abs(t) < step * 1e-9 ? 0 : t)
        }
        return out.isEmpty ? [lo] : out
    }

    /// A pixel coordinate from a position, clamped far outside any image
    /// (never traps on a huge or non-finite value).
    static func pixel(_ v: Double) -> Int {
        guard v.isFinite else { return 0 }
        return Int(Swift.max(-1e6, Swift.min(1e6, v)).rounded())
    }

    /// Short tick label: 1.5k, 2M, 0.25, 100, 1e+308.
    public static func formatTick(_ v: Double) -> String {
        let a = abs(v)
        func trim(_ s: String) -> String {
            guard s.contains(".") else { return s }
            var s = s
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
            return s
        }
        if a >= 1e9 { return String(format: "%.2g", v) }
        if a >= 1e6 { return trim(String(format: "%.2f", v / 1e6)) + "M" }
        if a >= 1e4 { return trim(String(format: "%.1f", v / 1e3)) + "k" }
        if a >= 100 || a == 0 { return String(format: "%.0f", v) }
        return trim(String(format: "%.3f", v))
    }

    /// Draws the chart. Cost: proportional to the image size plus the number of points.
    public func render() -> RGBImage {
        var c = Canvas(width: width, height: height)
        let area = plotArea
        var xs: [Double] = [], ys: [Double] = []
        for s in series {
            xs += s.x.filter(\.isFinite)
            ys += s.y.filter(\.isFinite)
            ys += (s.lower ?? []).filter(\.isFinite) + (s.upper ?? []).filter(\.isFinite)
        }
        var x0 = xs.min() ?? 0, x1 = xs.max() ?? 1, y0 = ys.min() ?? 0, y1 = ys.max() ?? 1
        if x1 <= x0 { x0 -= 0.5; x1 += 0.5 }
        if y1 <= y0 { y0 -= 0.5; y1 += 0.5 }
        // Spans as halves, so that values near ±1.8e308 do not overflow to infinity.
        let pad = (y1 / 2 - y0 / 2) * 0.1
        y0 = Swift.max(y0 - pad, -Double.greatestFiniteMagnitude); y1 = Swift.min(y1 + pad, Double.greatestFiniteMagnitude)
        let pw = Double(area.right - area.left), ph = Double(area.bottom - area.top)
        let xHalfSpan = x1 / 2 - x0 / 2, yHalfSpan = y1 / 2 - y0 / 2
        func px(_ x: Double) -> Double { Double(area.left) + (x / 2 - x0 / 2) / xHalfSpan * pw }
        func py(_ y: Double) -> Double { Double(area.bottom) - (y / 2 - y0 / 2) / yHalfSpan * ph }

        let grid = RGB(225, 225, 225), ink = RGB(40, 40, 40)
        for t in Self.niceTicks(x0, x1) {
            let x = Self.pixel(px(t))
            c.gfxVLine(x, area.top, area.bottom, grid)
            c.gfxVLine(x, area.bottom, area.bottom + 4, ink)
            let label = Self.formatTick(t)
            let size = Canvas.textSize(label)
            c.drawText(label, x: x - size.width / 2, y: area.bottom + 7, color: ink)
        }
        for t in Self.niceTicks(y0, y1) {
            let y = Self.pixel(py(t))
            c.gfxHLine(area.left, area.right, y, grid)
            c.gfxHLine(area.left - 4, area.left, y, ink)
            let label = Self.formatTick(t)
            let size = Canvas.textSize(label)
            c.drawText(label, x: area.left - 7 - size.width, y: y - size.height / 2, color: ink)
        }

        for (k, s) in series.enumerated() {
            let color = s.color ?? RGB.palette[k % RGB.palette.count]
            if let lo = s.lower, let hi = s.upper, s.x.count >= 2 {
                var poly: [(Double, Double)] = []
                for i in 0..<s.x.count where hi[i].isFinite { poly.append((px(s.x[i]), py(hi[i]))) }
                for i in (0..<s.x.count).reversed() where lo[i].isFinite { poly.append((px(s.x[i]), py(lo[i]))) }
                c.gfxFilledPolygon(poly, color: color, alpha: bandAlpha)
            }
        }
        for (k, s) in series.enumerated() {
            let color = s.color ?? RGB.palette[k % RGB.palette.count]
            let pts = zip(s.x, s.y).filter { $0.0.isFinite && $0.1.isFinite }.map { (px($0.0), py($0.1)) }
            c.polyline(pts, color: color, width: 2)
        }

        // Frame, title, axis labels.
        c.gfxHLine(area.left, area.right, area.top, ink); c.gfxHLine(area.left, area.right, area.bottom, ink)
        c.gfxVLine(area.left, area.top, area.bottom, ink); c.gfxVLine(area.right, area.top, area.bottom, ink)
        if !title.isEmpty {
            let s = Canvas.textSize(title, scale: 2)
            c.drawText(title, x: (width - s.width) / 2, y: 12, color: ink, scale: 2)
        }
        if !xLabel.isEmpty {
            let s = Canvas.textSize(xLabel)
            c.drawText(xLabel, x: (area.left + area.right - s.width) / 2, y: height - 16, color: ink)
        }
        if !yLabel.isEmpty {
            let s = Canvas.textSize(yLabel)
            c.drawTextVertical(yLabel, x: 8, y: (area.top + area.bottom - s.width) / 2, color: ink)
        }
        // Legend (top-left inside the plot area).
        var ly = area.top + 8
        for (k, s) in series.enumerated() where !s.label.isEmpty {
            let color = s.color ?? RGB.palette[k % RGB.palette.count]
            c.fillRect(x1: area.left + 8, y1: ly + 2, x2: area.left + 22, y2: ly + 4, color: color)
            c.drawText(s.label, x: area.left + 28, y: ly, color: ink)
            ly += 12
        }
        return c.image
    }
}
