/// An 8-bit RGBA image (straight, not premultiplied alpha), row-major from the
/// top-left, 4 bytes per pixel. Used for sprites drawn over a ``Canvas`` (e.g.
/// Pendulum's torque arrow).
public struct RGBAImage: Equatable, Sendable {
    public let width: Int
    public let height: Int
    /// `height * width * 4` bytes: R, G, B, A per pixel, row 0 first.
    public var pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width >= 0 && height >= 0 && pixels.count == width * height * 4,
                     "RGBAImage: \(pixels.count) bytes do not make a \(width)x\(height) RGBA image")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// `pygame.transform.smoothscale` (pygame-ce's integer filters: area-averaging when
    /// shrinking, bilinear when growing; X first, then Y). Sizes of 0 give an empty image.
    /// Cost: O(source pixels + destination pixels), two temporary buffers.
    public func smoothScaled(width dw: Int, height dh: Int) -> RGBAImage {
        precondition(dw >= 0 && dh >= 0, "RGBAImage.smoothScaled: negative size \(dw)x\(dh)")
        if dw == 0 || dh == 0 { return RGBAImage(width: dw, height: dh, pixels: []) }
        if dw == width && dh == height { return self }
        var cur = pixels, cw = width
        if dw < width { cur = Self.shrinkX(cur, height: height, srcWidth: width, dstWidth: dw); cw = dw }
        else if dw > width { cur = Self.expandX(cur, height: height, srcWidth: width, dstWidth: dw); cw = dw }
        if dh < height { cur = Self.shrinkY(cur, width: cw, srcHeight: height, dstHeight: dh) }
        else if dh > height { cur = Self.expandY(cur, width: cw, srcHeight: height, dstHeight: dh) }
        return RGBAImage(width: dw, height: dh, pixels: cur)
    }

    // The accumulators are 16-bit and the products 32-bit in pygame; wrapping
    // arithmetic reproduces its results even for extreme ratios.
    static func shrinkX(_ src: [UInt8], height: Int, srcWidth: Int, dstWidth: Int) -> [UInt8] {
        var dst = [UInt8](repeating: 0, count: dstWidth * height * 4)
        let xspace = Int32(truncatingIfNeeded: 0x10000 * srcWidth / dstWidth)
        let xrecip = Int32(truncatingIfNeeded: Int64(0x1_0000_0000) / Int64(xspace))
        src.withUnsafeBufferPointer { s in
            dst.withUnsafeMutableBufferPointer { d in
                var si = 0, di = 0
                for _ in 0..<height {
                    var acc: (UInt16, UInt16, UInt16, UInt16) = (0, 0, 0, 0)
                    var counter = xspace
                    for _ in 0..<srcWidth {
                        if counter > 0x10000 {
                            acc.0 &+= UInt16(s[si]); acc.1 &+= UInt16(s[si + 1])
                            acc.2 &+= UInt16(s[si + 2]); acc.3 &+= UInt16(s[si + 3])
                            si += 4
                            counter -= 0x10000
                        } else {
                            let frac = 0x10000 - counter
                            @inline(__always) func out(_ a: UInt16, _ p: UInt8) -> UInt8 {
                                let v = (Int32(a) &+ ((Int32(p) &* counter) >> 16)) &* xrecip
                                return UInt8(truncatingIfNeeded: v >> 16)
                            }
                            d[di] = out(acc.0, s[si]); d[di + 1] = out(acc.1, s[si + 1])
                            d[di + 2] = out(acc.2, s[si + 2]); d[di + 3] = out(acc.3, s[si + 3])
                            di += 4
                            @inline(__always) func rem(_ p: UInt8) -> UInt16 {
                                UInt16(truncatingIfNeeded: (Int32(p) &* frac) >> 16)
                            }
                            acc = (rem(s[si]), rem(s[si + 1]), rem(s[si + 2]), rem(s[si + 3]))
                            si += 4
                            counter = xspace - frac
                        }
                    }
                }
            }
        }
        return dst
    }

    static func shrinkY(_ src: [UInt8], width: Int, srcHeight: Int, dstHeight: Int) -> [UInt8] {
        var dst = [UInt8](repeating: 0, count: width * dstHeight * 4)
        let yspace = Int32(truncatingIfNeeded: 0x10000 * srcHeight / dstHeight)
        let yrecip = Int32(truncatingIfNeeded: Int64(0x1_0000_0000) / Int64(yspace))
        var acc = [UInt16](repeating: 0, count: width * 4)
        var counter = yspace
        var di = 0
        let rowLen = width * 4
        src.withUnsafeBufferPointer { s in
            dst.withUnsafeMutableBufferPointer { d in
                acc.withUnsafeMutableBufferPointer { a in
                    for y in 0..<srcHeight {
                        let row = y * rowLen
                        if counter > 0x10000 {
                            for k in 0..<rowLen { a[k] &+= UInt16(s[row + k]) }
                            counter -= 0x10000
                        } else {
                            let frac = 0x10000 - counter
                            for k in 0..<rowLen {
                                let v = (Int32(a[k]) &+ ((Int32(s[row + k]) &* counter) >> 16)) &* yrecip
                                d[di + k] = UInt8(truncatingIfNeeded: v >> 16)
                            }
                            di += rowLen
                            for k in 0..<rowLen {
                                a[k] = UInt16(truncatingIfNeeded: (Int32(s[row + k]) &* frac) >> 16)
                            }
                            counter = yspace - frac
                        }
                    }
                }
            }
        }
        return dst
    }

    static func expandX(_ src: [UInt8], height: Int, srcWidth: Int, dstWidth: Int) -> [UInt8] {
        var dst = [UInt8](repeating: 0, count: dstWidth * height * 4)
        for y in 0..<height {
            let row = y * srcWidth * 4
            for x in 0..<dstWidth {
                let idx = x * (srcWidth - 1) / dstWidth
                let m1 = 0x10000 * ((x * (srcWidth - 1)) % dstWidth) / dstWidth
                let m0 = 0x10000 - m1
                let si = row + idx * 4, di = (y * dstWidth + x) * 4
                for c in 0..<4 {
                    let next = idx + 1 < srcWidth ? Int(src[si + 4 + c]) : 0
                    dst[di + c] = UInt8(truncatingIfNeeded: (Int(src[si + c]) * m0 + next * m1) >> 16)
                }
            }
        }
        return dst
    }

    static func expandY(_ src: [UInt8], width: Int, srcHeight: Int, dstHeight: Int) -> [UInt8] {
        var dst = [UInt8](repeating: 0, count: width * dstHeight * 4)
        let rowLen = width * 4
        for y in 0..<dstHeight {
            let idx = y * (srcHeight - 1) / dstHeight
            let m1 = 0x10000 * ((y * (srcHeight - 1)) % dstHeight) / dstHeight
            let m0 = 0x10000 - m1
            for k in 0..<rowLen {
                let a = Int(src[idx * rowLen + k])
                let b = idx + 1 < srcHeight ? Int(src[(idx + 1) * rowLen + k]) : 0
                dst[y * rowLen + k] = UInt8(truncatingIfNeeded: (a * m0 + b * m1) >> 16)
            }
        }
        return dst
    }

    /// The image mirrored left–right and/or upside down (`pygame.transform.flip`).
    public func flipped(horizontally: Bool, vertically: Bool) -> RGBAImage {
        if !horizontally && !vertically { return self }
        var out = [UInt8](repeating: 0, count: pixels.count)
        for y in 0..<height {
            let sy = vertically ? height - 1 - y : y
            for x in 0..<width {
                let sx = horizontally ? width - 1 - x : x
                let s = (sy * width + sx) * 4, d = (y * width + x) * 4
                out[d] = pixels[s]; out[d + 1] = pixels[s + 1]; out[d + 2] = pixels[s + 2]; out[d + 3] = pixels[s + 3]
            }
        }
        return RGBAImage(width: width, height: height, pixels: out)
    }
}

extension Canvas {
    /// Draws `sprite` with its top-left corner at (x, y), blending by its alpha the way
    /// pygame blits a per-pixel-alpha surface onto an opaque one:
    /// `d + (((s - d) * a + s) >> 8)` per channel. Clipped to the canvas.
    public mutating func blit(_ sprite: RGBAImage, x: Int, y: Int) {
        let w = image.width, h = image.height
        let x0 = max(0, x), x1 = min(w, x + sprite.width)
        let y0 = max(0, y), y1 = min(h, y + sprite.height)
        guard x0 < x1 && y0 < y1 else { return }
        sprite.pixels.withUnsafeBufferPointer { s in
            image.pixels.withUnsafeMutableBufferPointer { d in
                for yy in y0..<y1 {
                    var si = ((yy - y) * sprite.width + (x0 - x)) * 4
                    var di = (yy * w + x0) * 3
                    for _ in x0..<x1 {
                        let a = Int(s[si + 3])
                        if a != 0 {
                            for c in 0..<3 {
                                let sc = Int(s[si + c]), dc = Int(d[di + c])
                                d[di + c] = UInt8(truncatingIfNeeded: ((((sc - dc) * a) + sc) >> 8) + dc)
                            }
                        }
                        si += 4; di += 3
                    }
                }
            }
        }
    }
}
