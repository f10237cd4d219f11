/// An 8-bit RGB image, row-major from the top-left pixel, 3 bytes per pixel
/// (the layout of Gymnasium's `render()` arrays of shape `[height, width, 3]`).
public struct RGBImage: Equatable, Sendable {
    public let width: Int
    public let height: Int
    /// `height * width * 3` bytes, row 0 first.
    public var pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width >= 0 && height >= 0 && pixels.count == width * height * 3,
                     "RGBImage: \(pixels.count) bytes do not make a \(width)x\(height) RGB image")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// A `width`×`height` image filled with one color.
    public init(width: Int, height: Int, fill: (UInt8, UInt8, UInt8) = (255, 255, 255)) {
        self.width = width
        self.height = height
        let count = width * height * 3
        if fill.0 == fill.1 && fill.1 == fill.2 {
            self.pixels = [UInt8](repeating: fill.0, count: count)  // memset
            return
        }
        self.pixels = [UInt8](unsafeUninitializedCapacity: count) { buf, initialized in
            guard let base = buf.baseAddress, count > 0 else { initialized = 0; return }
            base[0] = fill.0; base[1] = fill.1; base[2] = fill.2
            // Doubling copies: log2(n) memcpy calls.
            var done = 3
            while done < count {
                let n = min(done, count - done)
                (base + done).update(from: base, count: n)
                done += n
            }
            initialized = count
        }
    }
}

extension RGBImage {
    /// The color at column `x`, row `y` (row 0 at the top). Precondition: inside the image.
    @inlinable public subscript(x: Int, y: Int) -> RGB {
        get {
            precondition(x >= 0 && x < width && y >= 0 && y < height,
                         "RGBImage: pixel (\(x), \(y)) outside \(width)x\(height)")
            let i = (y &* width &+ x) &* 3
            return RGB(pixels[i], pixels[i &+ 1], pixels[i &+ 2])
        }
        set {
            precondition(x >= 0 && x < width && y >= 0 && y < height,
                         "RGBImage: pixel (\(x), \(y)) outside \(width)x\(height)")
            let i = (y &* width &+ x) &* 3
            pixels[i] = newValue.r; pixels[i &+ 1] = newValue.g; pixels[i &+ 2] = newValue.b
        }
    }

    /// The fraction of pixels (all three channels equal) that `self` and `other` share.
    /// Both images must have the same size. Cost: one pass over the pixels.
    public func fractionIdentical(to other: RGBImage) -> Double {
        precondition(width == other.width && height == other.height,
                     "RGBImage.fractionIdentical: \(width)x\(height) vs \(other.width)x\(other.height)")
        let n = width * height
        if n == 0 { return 1 }
        var same = 0
        pixels.withUnsafeBufferPointer { a in
            other.pixels.withUnsafeBufferPointer { b in
                var i = 0
                while i < n {
                    let j = i &* 3
                    if a[j] == b[j] && a[j &+ 1] == b[j &+ 1] && a[j &+ 2] == b[j &+ 2] { same &+= 1 }
                    i &+= 1
                }
            }
        }
        return Double(same) / Double(n)
    }

    /// The image upside down (what `pygame.transform.flip(surface, False, True)` does).
    public func flippedVertically() -> RGBImage {
        var out = self
        out.flipVertically()
        return out
    }

    /// Turns the image upside down in place; no allocation beyond copy-on-write.
    public mutating func flipVertically() {
        let rowBytes = width * 3
        let h = height
        guard rowBytes > 0 && h > 1 else { return }
        pixels.withUnsafeMutableBufferPointer { p in
            guard let base = p.baseAddress else { return }
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: rowBytes) { tmp in
                let t = tmp.baseAddress!
                var top = 0, bottom = h - 1
                while top < bottom {
                    let a = base + top * rowBytes, b = base + bottom * rowBytes
                    t.update(from: a, count: rowBytes)
                    a.update(from: b, count: rowBytes)
                    b.update(from: t, count: rowBytes)
                    top += 1; bottom -= 1
                }
            }
        }
    }
}
