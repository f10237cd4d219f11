// Lines as `pygame.draw` (pygame-ce 2.5) draws them: `line` with a width, and
// anti-aliased `aaline`/`aalines` in float32 arithmetic.

extension Canvas {
    /// `pygame.draw.line(surface, color, start, end, width)`: coordinates truncated to
    /// integers (as pygame does with floats), Bresenham for width 1, and for wider lines
    /// horizontal or vertical spans of `width` pixels along the minor axis.
    public mutating func line(from start: (Double, Double), to end: (Double, Double), color: RGB, width: Int = 1) {
        line(Canvas.pyInt(start.0), Canvas.pyInt(start.1), Canvas.pyInt(end.0), Canvas.pyInt(end.1),
             color: color, width: width)
    }

    /// Integer form of ``line(from:to:color:width:)``.
    public mutating func line(_ x1: Int, _ y1: Int, _ x2: Int, _ y2: Int, color: RGB, width: Int = 1) {
        guard width >= 1 else { return }
        if width == 1 { bresenham(x1, y1, x2, y2, color); return }
        var x1 = x1, y1 = y1
        let extra = 1 - (width % 2)
        let half = width / 2
        let xinc = abs(x1 - x2) <= abs(y1 - y2)
        let endX = image.width - 1, endY = image.height - 1
        // Reject lines whose widened bounding box misses the canvas.
        let left = min(x1, x2) - (xinc ? half : 0), right = max(x1, x2) + (xinc ? half : 0)
        let top = min(y1, y2) - (xinc ? 0 : half), bottom = max(y1, y2) + (xinc ? 0 : half)
        if right < 0 || bottom < 0 || left >= image.width || top >= image.height { return }
        if x1 == x2 && y1 == y2 {
            let s = max(x1 - half + extra, 0), e = min(endX, x1 + half)
            if s <= e { gfxHLine(s, e, y1, color) }
            return
        }
        let dx = abs(x2 - x1), dy = abs(y2 - y1)
        let sx = x2 > x1 ? 1 : -1, sy = y2 > y1 ? 1 : -1
        var err = (dx > dy ? dx : -dy) / 2
        if xinc {
            while y1 != y2 + sy {
                if y1 >= 0 && y1 <= endY {
                    let s = max(x1 - half + extra, 0), e = min(endX, x1 + half)
                    if s <= e { gfxHLine(s, e, y1, color) }
                }
                let e2 = err
                if e2 > -dx { err -= dy; x1 += sx }
                if e2 < dy { err += dx; y1 += sy }
            }
        } else {
            while x1 != x2 + sx {
                if x1 >= 0 && x1 <= endX {
                    let s = max(y1 - half + extra, 0), e = min(endY, y1 + half)
                    if s <= e { gfxVLine(x1, s, e, color) }
                }
                let e2 = err
                if e2 > -dx { err -= dy; x1 += sx }
                if e2 < dy { err += dx; y1 += sy }
            }
        }
    }

    private mutating func bresenham(_ x1: Int, _ y1: Int, _ x2: Int, _ y2: Int, _ color: RGB) {
        var x1 = x1, y1 = y1
        if x1 == x2 && y1 == y2 { setPixel(x1, y1, color); return }
        if y1 == y2 {
            let d = x1 < x2 ? 1 : -1
            for k in 0...abs(x1 - x2) { setPixel(x1 + d * k, y1, color) }
            return
        }
        if x1 == x2 {
            let d = y1 < y2 ? 1 : -1
            for k in 0...abs(y1 - y2) { setPixel(x1, y1 + d * k, color) }
            return
        }
        let dx = abs(x2 - x1), sx = x1 < x2 ? 1 : -1
        let dy = abs(y2 - y1), sy = y1 < y2 ? 1 : -1
        var err = (dx > dy ? dx : -dy) / 2
        while x1 != x2 || y1 != y2 {
            setPixel(x1, y1, color)
            let e2 = err
            if e2 > -dx { err -= dy; x1 += sx }
            if e2 < dy { err += dx; y1 += sy }
        }
        setPixel(x2, y2, color)
    }

    /// Python's `int()` of a float as pygame applies it to coordinates (truncation).
    @inlinable static func pyInt(_ v: Double) -> Int {
        guard v.isFinite else { return 0 }
        return Int(Int32(truncatingIfNeeded: Int(v.rounded(.towardZero))))
    }

    /// A polyline through `points` (e.g. a learning curve) with `width`-pixel segments.
    public mutating func polyline(_ points: [(Double, Double)], color: RGB, width: Int = 1) {
        guard points.count >= 2 else {
            if let p = points.first { line(from: p, to: p, color: color, width: width) }
            return
        }
        for i in 1..<points.count { line(from: points[i - 1], to: points[i], color: color, width: width) }
    }

    // MARK: Anti-aliased lines (pygame.draw.aaline / aalines)

    /// `pygame.draw.aaline(surface, color, start, end)` (width 1).
    public mutating func aaLine(from start: (Double, Double), to end: (Double, Double), color: RGB) {
        drawAALine(Float(start.0), Float(start.1), Float(end.0), Float(end.1), color,
                   disableFirst: false, disableSecond: false, extraPixel: false)
    }

    /// `pygame.draw.aalines(surface, color, closed, points)`: connected anti-aliased
    /// segments, with pygame's end-point rules between segments. Coordinates are
    /// rounded to float32 as pygame does.
    public mutating func aaLines(_ points: [(Double, Double)], color: RGB, closed: Bool = false) {
        let n = points.count
        guard n >= 2 else { return }
        let xs = points.map { Float($0.0) }, ys = points.map { Float($0.1) }
        @inline(__always) func steep(_ a0: Float, _ a1: Float, _ b0: Float, _ b1: Float) -> Bool {
            abs(b0 - a0) < abs(b1 - a1)  // |dx| < |dy| with (a0,a1)=from, (b0,b1)=to
        }
        @inline(__always) func whole(_ x: Float, _ y: Float) -> Bool {
            x.rounded() == x && y.rounded() == y
        }
        var pts: (Float, Float, Float, Float) = (xs[0], ys[0], xs[1], ys[1])
        var prev = pts
        var steepPrev = steep(prev.0, prev.1, prev.2, prev.3)
        // pygame compares the first segment with the next using its start y (kept as is).
        let x2 = n > 2 ? xs[2] : xs[1], y2 = n > 2 ? ys[2] : ys[1]
        var steepCurr = abs(x2 - pts.2) < abs(y2 - pts.1)
        var extra = steepPrev && !steepCurr
        var disable = !whole(pts.2, pts.3)
        drawAALine(pts.0, pts.1, pts.2, pts.3, color, disableFirst: closed ? disable : false,
                   disableSecond: disable, extraPixel: extra)
        if n > 3 {
            for k in 2..<(n - 1) {
                pts = (xs[k - 1], ys[k - 1], xs[k], ys[k])
                steepPrev = steep(prev.0, prev.1, prev.2, prev.3)
                steepCurr = steep(pts.0, pts.1, pts.2, pts.3)
                extra = steepPrev != steepCurr
                disable = !whole(pts.2, pts.3)
                prev = pts
                drawAALine(pts.0, pts.1, pts.2, pts.3, color, disableFirst: disable, disableSecond: disable,
                           extraPixel: extra)
            }
        }
        pts = (xs[n - 2], ys[n - 2], xs[n - 1], ys[n - 1])
        steepPrev = steep(prev.0, prev.1, prev.2, prev.3)
        steepCurr = steep(pts.0, pts.1, pts.2, pts.3)
        extra = steepPrev != steepCurr
        disable = !whole(pts.2, pts.3)
        prev = pts
        drawAALine(pts.0, pts.1, pts.2, pts.3, color, disableFirst: disable,
                   disableSecond: closed ? disable : false, extraPixel: extra)
        if closed && n > 2 {
            pts = (xs[n - 1], ys[n - 1], xs[0], ys[0])
            steepPrev = steep(prev.0, prev.1, prev.2, prev.3)
            steepCurr = steep(pts.0, pts.1, pts.2, pts.3)
            extra = steepPrev != steepCurr
            disable = !whole(pts.2, pts.3)
            drawAALine(pts.0, pts.1, pts.2, pts.3, color, disableFirst: disable, disableSecond: disable,
                       extraPixel: extra)
        }
    }

    /// pygame's `get_antialiased_color` + `set_at`: truncating float32 mix with the background.
    @inline(__always)
    private mutating func aaPlot(_ x: Int, _ y: Int, _ color: RGB, _ brightness: Float) {
        guard x >= 0 && x < image.width && y >= 0 && y < image.height else { return }
        let i = (y &* image.width &+ x) &* 3
        @inline(__always) func mix(_ c: UInt8, _ bg: UInt8) -> UInt8 {
            let v = brightness * Float(c) + (1 - brightness) * Float(bg)
            return UInt8(truncatingIfNeeded: Int(v))
        }
        image.pixels[i] = mix(color.r, image.pixels[i])
        image.pixels[i &+ 1] = mix(color.g, image.pixels[i &+ 1])
        image.pixels[i &+ 2] = mix(color.b, image.pixels[i &+ 2])
    }

    private mutating func drawAALine(_ fx: Float, _ fy: Float, _ tx: Float, _ ty: Float, _ color: RGB,
                                     disableFirst: Bool, disableSecond: Bool, extraPixel: Bool) {
        var fromX = fx, fromY = fy, toX = tx, toY = ty
        var dx = toX - fromX, dy = toY - fromY
        if abs(Double(dx)) < 0.0001 && abs(Double(dy)) < 0.0001 {
            let px = Int((Double(fromX) + 0.5).rounded(.down)), py = Int((Double(fromY) + 0.5).rounded(.down))
            aaPlot(px, py, color, 1)
            return
        }
        var clipLeft: Float = -1
        var clipRight: Float = clipLeft + Float(image.width) + 1
        var clipTop: Float = -1
        var clipBottom: Float = clipTop + Float(image.height) + 1
        let steep = abs(dx) < abs(dy)
        if steep {
            swap(&fromX, &fromY); swap(&toX, &toY); swap(&dx, &dy)
            swap(&clipLeft, &clipTop); swap(&clipRight, &clipBottom)
        }
        if dx < 0 {
            swap(&fromX, &toX); swap(&fromY, &toY); dx = -dx; dy = -dy
        }
        if toX <= clipLeft || fromX >= clipRight { return }
        let gradient = dy / dx
        if fromX < clipLeft { fromY += gradient * (clipLeft - fromX); fromX = clipLeft }
        if toX > clipRight { toY += gradient * (clipRight - toX); toX = clipRight }
        if gradient > 0 {
            if toY <= clipTop || fromY >= clipBottom { return }
            if fromY < clipTop { fromX += (clipTop - fromY) / gradient; fromY = clipTop }
            if toY > clipBottom { toX += (clipBottom - toY) / gradient; toY = clipBottom }
        } else {
            if fromY <= clipTop || toY >= clipBottom { return }
            if toY < clipTop { toX += (clipTop - toY) / gradient; toY = clipTop }
            if fromY > clipBottom { fromX += (clipBottom - fromY) / gradient; fromY = clipBottom }
        }
        fromY += 1; toY += 1
        @inline(__always) func ci(_ v: Float) -> Int { Int(v.rounded(.towardZero)) }
        @inline(__always) func plot(_ a: Int, _ b: Int, _ br: Float) {
            if steep { aaPlot(b, a, color, br) } else { aaPlot(a, b, color, br) }
        }
        var xStart = 0
        var intersectY: Float = 0
        if !disableFirst || extraPixel {
            xStart = ci(fromX)
            let yEnd = fromY + gradient * (Float(xStart) - fromX)
            intersectY = yEnd
            if toX > clipLeft + 1 {
                let xGap = Float(1 + xStart) - fromX
                var brightness = yEnd - Float(ci(yEnd))
                // (major, minor) coordinates; plot swaps for steep lines.
                let major = xStart
                var minor = ci(yEnd)
                if Float(ci(yEnd)) < yEnd { plot(major, minor, brightness * xGap) }
                minor -= 1
                brightness = 1 - brightness
                plot(major, minor, brightness * xGap)
                intersectY += gradient
                xStart += 1
            }
        }
        if disableFirst {
            xStart = ci(fromX.rounded(.up))
            intersectY = fromY + gradient * (Float(xStart) - fromX)
        }
        let xEnd = ci(toX.rounded(.up))
        if !disableSecond || extraPixel {
            if fromX < clipRight - 1 {
                let yEnd = toY + gradient * (Float(xEnd) - toX)
                let xGap = Float(1 - xEnd) + toX
                var brightness = yEnd - Float(ci(yEnd))
                var minor = ci(yEnd)
                if Float(ci(yEnd)) < yEnd { plot(xEnd, minor, brightness * xGap) }
                minor -= 1
                brightness = 1 - brightness
                plot(xEnd, minor, brightness * xGap)
            }
        }
        var x = xStart
        while x < xEnd {
            let y = ci(intersectY)
            var brightness = 1 - intersectY + Float(y)
            plot(x, y - 1, brightness)
            if Float(y) < intersectY {
                brightness = 1 - brightness
                plot(x, y, brightness)
            }
            intersectY += gradient
            x += 1
        }
    }
}
