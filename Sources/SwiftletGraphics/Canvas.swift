/// A software RGB framebuffer with drawing primitives that reproduce pygame's
/// pixels (pygame-ce 2.5: `pygame.gfxdraw`, which wraps SDL_gfx, and
/// `pygame.draw`). Coordinates are pixels, x to the right, y down, (0, 0) the
/// top-left pixel; everything is clipped to the canvas.
///
/// The `gfx…` methods follow SDL_gfx's integer algorithms (what Gymnasium's
/// classic-control renderers call through `pygame.gfxdraw`); `line`/`aaLines`
/// follow `pygame.draw`. Drawing allocates nothing per pixel.
///
/// ```swift
/// var c = Canvas(width: 600, height: 400)
/// c.gfxFilledPolygon([(275, 85), (275, 115), (325, 115), (325, 85)], color: .black)
/// c.gfxAACircle(x: 300, y: 107, radius: 5, color: RGB(129, 132, 203))
/// c.flipVertically()
/// let frame: RGBImage = c.image
/// ```
public struct Canvas: Sendable {
    /// The pixels drawn so far.
    public var image: RGBImage

    @inlinable public var width: Int { image.width }
    @inlinable public var height: Int { image.height }

    /// A canvas filled with `background`.
    public init(width: Int, height: Int, background: RGB = .white) {
        precondition(width >= 0 && height >= 0, "Canvas: negative size \(width)x\(height)")
        image = RGBImage(width: width, height: height, fill: (background.r, background.g, background.b))
    }

    /// A canvas that draws over an existing image.
    public init(image: RGBImage) { self.image = image }

    /// Paints every pixel with `color`.
    public mutating func fill(_ color: RGB) {
        let n = width * height
        image.pixels.withUnsafeMutableBufferPointer { p in
            var i = 0
            while i < n {
                let j = i &* 3
                p[j] = color.r; p[j &+ 1] = color.g; p[j &+ 2] = color.b
                i &+= 1
            }
        }
    }

    /// Turns the picture upside down (Gymnasium flips its pygame surface before returning it).
    public mutating func flipVertically() { image.flipVertically() }

    // MARK: Pixels

    /// Sets one pixel (ignored outside the canvas).
    @inlinable public mutating func setPixel(_ x: Int, _ y: Int, _ color: RGB) {
        guard x >= 0 && x < image.width && y >= 0 && y < image.height else { return }
        let i = (y &* image.width &+ x) &* 3
        image.pixels[i] = color.r; image.pixels[i &+ 1] = color.g; image.pixels[i &+ 2] = color.b
    }

    /// The color at (x, y); nil outside the canvas.
    @inlinable public func pixel(_ x: Int, _ y: Int) -> RGB? {
        guard x >= 0 && x < image.width && y >= 0 && y < image.height else { return nil }
        let i = (y &* image.width &+ x) &* 3
        return RGB(image.pixels[i], image.pixels[i &+ 1], image.pixels[i &+ 2])
    }

    /// SDL_gfx's pixel write: `alpha` 255 overwrites, otherwise each channel becomes
    /// `d + ((s - d) * alpha >> 8)` (arithmetic shift, as SDL_gfx's 32-bit path).
    @inlinable public mutating func gfxPixel(_ x: Int, _ y: Int, _ color: RGB, alpha: Int = 255) {
        guard x >= 0 && x < image.width && y >= 0 && y < image.height else { return }
        let i = (y &* image.width &+ x) &* 3
        if alpha >= 255 {
            image.pixels[i] = color.r; image.pixels[i &+ 1] = color.g; image.pixels[i &+ 2] = color.b
            return
        }
        image.pixels[i] = Canvas.gfxBlend(image.pixels[i], color.r, alpha)
        image.pixels[i &+ 1] = Canvas.gfxBlend(image.pixels[i &+ 1], color.g, alpha)
        image.pixels[i &+ 2] = Canvas.gfxBlend(image.pixels[i &+ 2], color.b, alpha)
    }

    @inlinable static func gfxBlend(_ d: UInt8, _ s: UInt8, _ a: Int) -> UInt8 {
        let dd = Int(d)
        return UInt8(truncatingIfNeeded: dd &+ (((Int(s) &- dd) &* a) >> 8))
    }

    /// SDL_gfx `pixelColorWeightNolock`: the color's alpha (255) scaled by `weight`/256.
    @inlinable mutating func gfxPixelWeight(_ x: Int, _ y: Int, _ color: RGB, weight: Int) {
        gfxPixel(x, y, color, alpha: (255 &* weight) >> 8)
    }

    /// Blends `color` over the pixel with coverage `alpha` in 0…1 (rounded), for plots.
    @inlinable public mutating func blendPixel(_ x: Int, _ y: Int, _ color: RGB, alpha: Double) {
        guard x >= 0 && x < image.width && y >= 0 && y < image.height else { return }
        let a = max(0, min(1, alpha))
        let i = (y &* image.width &+ x) &* 3
        @inline(__always) func mix(_ d: UInt8, _ s: UInt8) -> UInt8 {
            UInt8((Double(s) * a + Double(d) * (1 - a)).rounded())
        }
        image.pixels[i] = mix(image.pixels[i], color.r)
        image.pixels[i &+ 1] = mix(image.pixels[i &+ 1], color.g)
        image.pixels[i &+ 2] = mix(image.pixels[i &+ 2], color.b)
    }

    // MARK: Spans

    /// Fills row `y` from `x1` to `x2` inclusive (either order), clipped; `alpha` < 255 blends
    /// as SDL_gfx does. This is `gfxdraw.hline`.
    public mutating func gfxHLine(_ x1: Int, _ x2: Int, _ y: Int, _ color: RGB, alpha: Int = 255) {
        var a = x1, b = x2
        if a > b { swap(&a, &b) }
        let w = image.width
        guard y >= 0 && y < image.height && b >= 0 && a < w else { return }
        a = max(a, 0); b = min(b, w - 1)
        let row = y &* w
        image.pixels.withUnsafeMutableBufferPointer { p in
            var x = a
            if alpha >= 255 {
                while x <= b {
                    let i = (row &+ x) &* 3
                    p[i] = color.r; p[i &+ 1] = color.g; p[i &+ 2] = color.b
                    x &+= 1
                }
            } else {
                while x <= b {
                    let i = (row &+ x) &* 3
                    p[i] = Canvas.gfxBlend(p[i], color.r, alpha)
                    p[i &+ 1] = Canvas.gfxBlend(p[i &+ 1], color.g, alpha)
                    p[i &+ 2] = Canvas.gfxBlend(p[i &+ 2], color.b, alpha)
                    x &+= 1
                }
            }
        }
    }

    /// Fills column `x` from `y1` to `y2` inclusive (either order), clipped. This is `gfxdraw.vline`.
    public mutating func gfxVLine(_ x: Int, _ y1: Int, _ y2: Int, _ color: RGB, alpha: Int = 255) {
        var a = y1, b = y2
        if a > b { swap(&a, &b) }
        guard x >= 0 && x < image.width && b >= 0 && a < image.height else { return }
        a = max(a, 0); b = min(b, image.height - 1)
        var y = a
        while y <= b { gfxPixel(x, y, color, alpha: alpha); y += 1 }
    }

    /// Fills the rectangle with corners (x1, y1) and (x2, y2) inclusive; `alpha` 0…255 blends.
    public mutating func fillRect(x1: Int, y1: Int, x2: Int, y2: Int, color: RGB, alpha: Int = 255) {
        let lo = min(y1, y2), hi = max(y1, y2)
        var y = max(lo, 0)
        while y <= min(hi, image.height - 1) { gfxHLine(x1, x2, y, color, alpha: alpha); y += 1 }
    }

    // MARK: Polygons (SDL_gfx)

    /// `gfxdraw` converts each float coordinate with Python's `int()`: truncation toward zero.
    @inlinable static func gfxInt(_ v: Double) -> Int {
        guard v.isFinite else { return 0 }
        return Int(Int16(truncatingIfNeeded: Int(v.rounded(.towardZero))))
    }

    /// A filled polygon, SDL_gfx `filledPolygonColor` (scanline, 16.16 fixed-point edges).
    /// Points are truncated to integers first as `pygame.gfxdraw.filled_polygon` does.
    /// `alpha` < 255 blends every covered pixel (used for translucent bands in plots).
    public mutating func gfxFilledPolygon(_ points: [(Double, Double)], color: RGB, alpha: Int = 255) {
        let n = points.count
        guard n >= 3 else { return }
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * n) { buf in
            let vx = buf.baseAddress!, vy = vx + n, ints = vx + 2 * n
            for i in 0..<n { vx[i] = Canvas.gfxInt(points[i].0); vy[i] = Canvas.gfxInt(points[i].1) }
            var miny = vy[0], maxy = vy[0]
            for i in 1..<n {
                if vy[i] < miny { miny = vy[i] } else if vy[i] > maxy { maxy = vy[i] }
            }
            var y = miny
            while y <= maxy {
                var count = 0
                for i in 0..<n {
                    let i1 = i == 0 ? n - 1 : i - 1, i2 = i
                    var y1 = vy[i1], y2 = vy[i2], x1: Int, x2: Int
                    if y1 < y2 {
                        x1 = vx[i1]; x2 = vx[i2]
                    } else if y1 > y2 {
                        y2 = vy[i1]; y1 = vy[i2]; x2 = vx[i1]; x1 = vx[i2]
                    } else { continue }
                    if (y >= y1 && y < y2) || (y == maxy && y > y1 && y <= y2) {
                        // C int arithmetic: 32-bit, division truncating toward zero.
                        let q = Int32(truncatingIfNeeded: 65536 &* (y &- y1)) / Int32(truncatingIfNeeded: y2 &- y1)
                        let v = q &* Int32(truncatingIfNeeded: x2 &- x1) &+ Int32(truncatingIfNeeded: 65536 &* x1)
                        ints[count] = Int(v); count += 1
                    }
                }
                // Insertion sort: a handful of crossings per row.
                if count > 1 {
                    for i in 1..<count {
                        let key = ints[i]; var j = i - 1
                        while j >= 0 && ints[j] > key { ints[j + 1] = ints[j]; j -= 1 }
                        ints[j + 1] = key
                    }
                }
                var i = 0
                while i + 1 < count {
                    var xa = Int32(truncatingIfNeeded: ints[i]) &+ 1
                    xa = (xa >> 16) &+ ((xa & 32768) >> 15)
                    var xb = Int32(truncatingIfNeeded: ints[i + 1]) &- 1
                    xb = (xb >> 16) &+ ((xb & 32768) >> 15)
                    gfxHLine(Int(Int16(truncatingIfNeeded: xa)), Int(Int16(truncatingIfNeeded: xb)), y, color, alpha: alpha)
                    i += 2
                }
                y += 1
            }
        }
    }

    /// An anti-aliased polygon outline, SDL_gfx `aapolygonColor` (Wu lines without end points),
    /// points truncated as `pygame.gfxdraw.aapolygon` does.
    public mutating func gfxAAPolygon(_ points: [(Double, Double)], color: RGB) {
        let n = points.count
        guard n >= 3 else { return }
        for i in 0..<n {
            let a = points[i], b = points[(i + 1) % n]
            gfxAALine(Canvas.gfxInt(a.0), Canvas.gfxInt(a.1), Canvas.gfxInt(b.0), Canvas.gfxInt(b.1),
                      color: color, drawEndpoint: false)
        }
    }

    /// SDL_gfx's Cohen–Sutherland clip of a segment to the canvas; false when nothing is visible.
    func gfxClipLine(_ x1: inout Int, _ y1: inout Int, _ x2: inout Int, _ y2: inout Int) -> Bool {
        let left = 0, right = image.width - 1, top = 0, bottom = image.height - 1
        func code(_ x: Int, _ y: Int) -> Int {
            var c = 0
            if x < left { c |= 1 } else if x > right { c |= 2 }
            if y < top { c |= 8 } else if y > bottom { c |= 4 }
            return c
        }
        while true {
            var c1 = code(x1, y1), c2 = code(x2, y2)
            if c1 | c2 == 0 { return true }
            if c1 & c2 != 0 { return false }
            if c1 == 0 {
                swap(&x1, &x2); swap(&y1, &y2); swap(&c1, &c2)
            }
            let m: Float = x2 != x1 ? Float(y2 - y1) / Float(x2 - x1) : 1
            if c1 & 1 != 0 {
                y1 += Int(Int16(truncatingIfNeeded: Int(Float(left - x1) * m)))
                x1 = left
            } else if c1 & 2 != 0 {
                y1 += Int(Int16(truncatingIfNeeded: Int(Float(right - x1) * m)))
                x1 = right
            } else if c1 & 4 != 0 {
                if x2 != x1 { x1 += Int(Int16(truncatingIfNeeded: Int(Float(bottom - y1) / m))) }
                y1 = bottom
            } else if c1 & 8 != 0 {
                if x2 != x1 { x1 += Int(Int16(truncatingIfNeeded: Int(Float(top - y1) / m))) }
                y1 = top
            }
        }
    }

    /// SDL_gfx `lineColor` with an opaque color (Bresenham, both end points).
    public mutating func gfxLine(_ x1: Int, _ y1: Int, _ x2: Int, _ y2: Int, color: RGB) {
        var x1 = x1, y1 = y1, x2 = x2, y2 = y2
        guard gfxClipLine(&x1, &y1, &x2, &y2) else { return }
        if x1 == x2 {
            if y1 != y2 { gfxVLine(x1, y1, y2, color) } else { gfxPixel(x1, y1, color) }
            return
        }
        if y1 == y2 { gfxHLine(x1, x2, y1, color); return }
        var dx = x2 - x1, dy = y2 - y1
        let sx = dx >= 0 ? 1 : -1, sy = dy >= 0 ? 1 : -1
        dx = sx * dx + 1; dy = sy * dy + 1
        var px = sx, py = 0, qx = 0, qy = sy  // major and minor steps
        if dx < dy { swap(&dx, &dy); px = 0; py = sy; qx = sx; qy = 0 }
        var x = x1, y = y1, acc = 0
        for _ in 0..<dx {
            setPixel(x, y, color)
            acc += dy
            if acc >= dx { acc -= dx; x += qx; y += qy }
            x += px; y += py
        }
    }

    /// An anti-aliased line, SDL_gfx `_aalineColor` (Wu's algorithm in 32-bit fixed point).
    public mutating func gfxAALine(_ x1: Int, _ y1: Int, _ x2: Int, _ y2: Int, color: RGB, drawEndpoint: Bool = true) {
        var x1 = x1, y1 = y1, x2 = x2, y2 = y2
        guard image.width > 0 && image.height > 0, gfxClipLine(&x1, &y1, &x2, &y2) else { return }
        var xx0 = x1, yy0 = y1, xx1 = x2, yy1 = y2
        if yy0 > yy1 { swap(&yy0, &yy1); swap(&xx0, &xx1) }
        var dx = xx1 - xx0
        var dy = yy1 - yy0
        if dx == 0 {
            if drawEndpoint { gfxVLine(x1, y1, y2, color) }
            else if dy > 0 { gfxVLine(x1, yy0, yy0 + dy, color) }
            else { gfxPixel(x1, y1, color) }
            return
        } else if dy == 0 {
            if drawEndpoint { gfxHLine(x1, x2, y1, color) }
            else { gfxHLine(xx0, xx0 + dx, y1, color) }
            return
        } else if dx == dy && drawEndpoint {
            gfxLine(x1, y1, x2, y2, color: color)
            return
        }
        let xdir: Int
        if dx >= 0 { xdir = 1 } else { xdir = -1; dx = -dx }
        var erracc: UInt32 = 0
        gfxPixel(x1, y1, color)
        if dy > dx {
            let erradj = UInt32(truncatingIfNeeded: ((dx << 16) / dy) << 16)
            var x0pxdir = xx0 + xdir
            dy -= 1
            while dy > 0 {
                let tmp = erracc
                erracc &+= erradj
                if erracc <= tmp { xx0 = x0pxdir; x0pxdir += xdir }
                yy0 += 1
                let wgt = Int((erracc >> 24) & 255)
                gfxPixelWeight(xx0, yy0, color, weight: 255 - wgt)
                gfxPixelWeight(x0pxdir, yy0, color, weight: wgt)
                dy -= 1
            }
        } else {
            let erradj = UInt32(truncatingIfNeeded: ((dy << 16) / dx) << 16)
            var y0p1 = yy0 + 1
            dx -= 1
            while dx > 0 {
                let tmp = erracc
                erracc &+= erradj
                if erracc <= tmp { yy0 = y0p1; y0p1 += 1 }
                xx0 += xdir
                let wgt = Int((erracc >> 24) & 255)
                gfxPixelWeight(xx0, yy0, color, weight: 255 - wgt)
                gfxPixelWeight(xx0, y0p1, color, weight: wgt)
                dx -= 1
            }
        }
        if drawEndpoint { gfxPixel(x2, y2, color) }
    }

    // MARK: Circles (SDL_gfx)

    /// A filled circle, SDL_gfx `filledCircleColor` (midpoint algorithm, horizontal spans).
    public mutating func gfxFilledCircle(x: Int, y: Int, radius rad: Int, color: RGB, alpha: Int = 255) {
        guard rad >= 0 else { return }
        if rad == 0 { gfxPixel(x, y, color, alpha: alpha); return }
        guard x + rad >= 0, x - rad < image.width, y + rad >= 0, y - rad < image.height else { return }
        var cx = 0, cy = rad, ocx = -1, ocy = -1
        var df = 1 - rad, dE = 3, dSE = -2 * rad + 5
        repeat {
            if ocy != cy {
                if cy > 0 {
                    gfxHLine(x - cx, x + cx, y + cy, color, alpha: alpha)
                    gfxHLine(x - cx, x + cx, y - cy, color, alpha: alpha)
                } else {
                    gfxHLine(x - cx, x + cx, y, color, alpha: alpha)
                }
                ocy = cy
            }
            if ocx != cx {
                if cx != cy {
                    if cx > 0 {
                        gfxHLine(x - cy, x + cy, y - cx, color, alpha: alpha)
                        gfxHLine(x - cy, x + cy, y + cx, color, alpha: alpha)
                    } else {
                        gfxHLine(x - cy, x + cy, y, color, alpha: alpha)
                    }
                }
                ocx = cx
            }
            if df < 0 { df += dE; dE += 2; dSE += 2 } else { df += dSE; dE += 2; dSE += 4; cy -= 1 }
            cx += 1
        } while cx <= cy
    }

    /// A one-pixel circle outline, SDL_gfx `circleColor`.
    public mutating func gfxCircle(x: Int, y: Int, radius rad: Int, color: RGB) {
        guard rad >= 0 else { return }
        if rad == 0 { gfxPixel(x, y, color); return }
        var cx = 0, cy = rad
        var df = 1 - rad, dE = 3, dSE = -2 * rad + 5
        repeat {
            if cx > 0 {
                setPixel(x - cx, y + cy, color); setPixel(x + cx, y + cy, color)
                setPixel(x - cx, y - cy, color); setPixel(x + cx, y - cy, color)
            } else {
                setPixel(x, y - cy, color); setPixel(x, y + cy, color)
            }
            if cx > 0 && cx != cy {
                setPixel(x - cy, y + cx, color); setPixel(x + cy, y + cx, color)
                setPixel(x - cy, y - cx, color); setPixel(x + cy, y - cx, color)
            } else if cx == 0 {
                setPixel(x - cy, y, color); setPixel(x + cy, y, color)
            }
            if df < 0 { df += dE; dE += 2; dSE += 2 } else { df += dSE; dE += 2; dSE += 4; cy -= 1 }
            cx += 1
        } while cx <= cy
    }

    /// An anti-aliased circle outline, SDL_gfx `aacircleColor` (its aa-ellipse with equal radii).
    public mutating func gfxAACircle(x: Int, y: Int, radius: Int, color: RGB) {
        gfxAAEllipse(x: x, y: y, rx: radius, ry: radius, color: color)
    }

    /// An anti-aliased ellipse outline, SDL_gfx `aaellipseColor`.
    public mutating func gfxAAEllipse(x: Int, y: Int, rx: Int, ry: Int, color: RGB) {
        guard rx >= 0, ry >= 0 else { return }
        if rx == 0 { gfxVLine(x, y - ry, y + ry, color); return }
        if ry == 0 { gfxHLine(x - rx, x + rx, y, color); return }
        guard x + rx >= 0, x - rx < image.width, y + ry >= 0, y - ry < image.height else { return }
        let a2 = rx * rx, b2 = ry * ry
        let ds = 2 * a2, dt = 2 * b2
        let xc2 = 2 * x, yc2 = 2 * y
        let sab = (Double(a2 + b2)).squareRoot()
        let dxt = Int((Double(a2) / sab).rounded(.toNearestOrEven))
        var t = 0, s = -2 * a2 * ry, d = 0
        var xp = x, yp = y - ry
        gfxPixel(xp, yp, color); gfxPixel(xc2 - xp, yp, color)
        gfxPixel(xp, yc2 - yp, color); gfxPixel(xc2 - xp, yc2 - yp, color)
        @inline(__always) func weights(_ num: Int, _ den: Int) -> (Int, Int) {
            var cp: Float = 1
            if den != 0 { cp = Float(abs(num)) / Float(abs(den)); if cp > 1 { cp = 1 } }
            let w = Int(UInt8(truncatingIfNeeded: Int(cp * 255)))
            return (w, 255 - w)
        }
        if dxt >= 1 {
            for _ in 1...dxt {
                xp -= 1
                d += t - b2
                var ys: Int
                if d >= 0 {
                    ys = yp - 1
                } else if (d - s - a2) > 0 {
                    if (2 * d - s - a2) >= 0 { ys = yp + 1 } else { ys = yp; yp += 1; d -= s + a2; s += ds }
                } else {
                    yp += 1; ys = yp + 1; d -= s + a2; s += ds
                }
                t -= dt
                let (w, iw) = weights(d, s)
                let xx = xc2 - xp
                gfxPixelWeight(xp, yp, color, weight: iw); gfxPixelWeight(xx, yp, color, weight: iw)
                gfxPixelWeight(xp, ys, color, weight: w); gfxPixelWeight(xx, ys, color, weight: w)
                var yy = yc2 - yp
                gfxPixelWeight(xp, yy, color, weight: iw); gfxPixelWeight(xx, yy, color, weight: iw)
                yy = yc2 - ys
                gfxPixelWeight(xp, yy, color, weight: w); gfxPixelWeight(xx, yy, color, weight: w)
            }
        }
        let dyt = Int((Double(b2) / sab).rounded(.toNearestOrEven))
        if dyt >= 1 {
            for _ in 1...dyt {
                yp += 1
                d -= s + a2
                var xs: Int
                if d <= 0 {
                    xs = xp + 1
                } else if (d + t - b2) < 0 {
                    if (2 * d + t - b2) <= 0 { xs = xp - 1 } else { xs = xp; xp -= 1; d += t - b2; t -= dt }
                } else {
                    xp -= 1; xs = xp - 1; d += t - b2; t -= dt
                }
                s += ds
                let (w, iw) = weights(d, t)
                var xx = xc2 - xp
                let yy = yc2 - yp
                gfxPixelWeight(xp, yp, color, weight: iw); gfxPixelWeight(xx, yp, color, weight: iw)
                gfxPixelWeight(xp, yy, color, weight: iw); gfxPixelWeight(xx, yy, color, weight: iw)
                xx = xc2 - xs
                gfxPixelWeight(xs, yp, color, weight: w); gfxPixelWeight(xx, yp, color, weight: w)
                gfxPixelWeight(xs, yy, color, weight: w); gfxPixelWeight(xx, yy, color, weight: w)
            }
        }
    }
}
