/// An animated GIF encoder (GIF89a, one global 256-color palette: the 6×6×6 color
/// cube plus 40 grays, LZW-compressed frames, looping forever).
///
/// Frames are quantized to the nearest palette color (exact for colors whose
/// channels are multiples of 51, e.g. pure black and white). Compressed frames
/// are kept in memory; ``finish(to:)`` writes the file atomically.
///
/// ```swift
/// var gif = GIFEncoder(width: 600, height: 400, fps: 30)
/// for frame in frames { gif.addFrame(frame) }
/// try gif.finish(to: "cartpole.gif")
/// ```
public struct GIFEncoder: Sendable {
    public let width: Int
    public let height: Int
    /// Frame delay in hundredths of a second (GIF's unit), from the requested fps.
    public let delayCentiseconds: Int
    public private(set) var frameCount = 0
    var body: [UInt8] = []
    var indices: [UInt8] = []

    /// An encoder for `width`×`height` frames shown at `fps` frames per second
    /// (delay = round(100 / fps) centiseconds, at least 2 since viewers slow down shorter delays).
    public init(width: Int, height: Int, fps: Double = 30) {
        precondition(width > 0 && height > 0 && width <= 65535 && height <= 65535,
                     "GIFEncoder: size \(width)x\(height) outside 1…65535")
        precondition(fps > 0 && fps.isFinite, "GIFEncoder: fps must be positive, got \(fps)")
        self.width = width
        self.height = height
        delayCentiseconds = max(2, Int((100 / fps).rounded()))
    }

    /// The 256 palette colors: index = 36 r + 6 g + b for the cube (levels 0, 51, …, 255),
    /// then 40 grays.
    public static let palette: [RGB] = {
        var p = [RGB]()
        for r in 0..<6 { for g in 0..<6 { for b in 0..<6 { p.append(RGB(UInt8(r * 51), UInt8(g * 51), UInt8(b * 51))) } } }
        for g in grayLevels { p.append(RGB(UInt8(g), UInt8(g), UInt8(g))) }
        return p
    }()

    static let grayLevels: [Int] = (1...40).map { Int((Double($0) * 255 / 41).rounded()) }

    /// Nearest gray-ramp index (216 + k) for a mean intensity 0…255.
    static let nearestGray: [UInt8] = (0...255).map { v in
        var best = 0
        for k in 1..<40 where abs(grayLevels[k] - v) < abs(grayLevels[best] - v) { best = k }
        return UInt8(best)
    }

    /// The palette index closest (squared RGB distance) among the cube's best match and the gray ramp's.
    static func index(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        let ri = (Int(r) + 25) / 51, gi = (Int(g) + 25) / 51, bi = (Int(b) + 25) / 51
        let dr = Int(r) - ri * 51, dg = Int(g) - gi * 51, db = Int(b) - bi * 51
        let dCube = dr * dr + dg * dg + db * db
        if dCube == 0 { return UInt8(ri * 36 + gi * 6 + bi) }
        let k = Int(nearestGray[(Int(r) + Int(g) + Int(b)) / 3])
        let gv = grayLevels[k]
        let er = Int(r) - gv, eg = Int(g) - gv, eb = Int(b) - gv
        return er * er + eg * eg + eb * eb < dCube ? UInt8(216 + k) : UInt8(ri * 36 + gi * 6 + bi)
    }

    /// Quantizes and compresses one frame (must match the encoder's size).
    public mutating func addFrame(_ image: RGBImage) {
        precondition(image.width == width && image.height == height,
                     "GIFEncoder.addFrame: frame \(image.width)x\(image.height), encoder \(width)x\(height)")
        let n = width * height
        if indices.count != n { indices = [UInt8](repeating: 0, count: n) }
        image.pixels.withUnsafeBufferPointer { p in
            indices.withUnsafeMutableBufferPointer { q in
                // Rendered frames have long runs of one color: reuse the last lookup.
                var lr = p[0], lg = p[1], lb = p[2]
                var li = Self.index(lr, lg, lb)
                for i in 0..<n {
                    let r = p[3 * i], g = p[3 * i + 1], b = p[3 * i + 2]
                    if r != lr || g != lg || b != lb { lr = r; lg = g; lb = b; li = Self.index(r, g, b) }
                    q[i] = li
                }
            }
        }
        // Graphic control extension: no disposal, delay, no transparency.
        body += [0x21, 0xF9, 0x04, 0x00, UInt8(delayCentiseconds & 255), UInt8(delayCentiseconds >> 8), 0x00, 0x00]
        // Image descriptor: full frame, no local palette.
        body += [0x2C, 0, 0, 0, 0, UInt8(width & 255), UInt8(width >> 8), UInt8(height & 255), UInt8(height >> 8), 0x00]
        body.append(8)  // LZW minimum code size
        Self.lzw(indices, into: &body)
        body.append(0)  // block terminator
        frameCount += 1
    }

    /// The complete GIF file for the frames added so far.
    public func encoded() -> [UInt8] {
        var out = Array("GIF89a".utf8)
        out += [UInt8(width & 255), UInt8(width >> 8), UInt8(height & 255), UInt8(height >> 8), 0xF7, 0, 0]
        for c in Self.palette { out += [c.r, c.g, c.b] }
        // NETSCAPE2.0 application extension: loop forever.
        out += [0x21, 0xFF, 0x0B] + Array("NETSCAPE2.0".utf8) + [0x03, 0x01, 0x00, 0x00, 0x00]
        out += body
        out.append(0x3B)
        return out
    }

    /// Writes the GIF to `path` atomically (temporary file, then rename).
    public func finish(to path: String) throws {
        try writeFileAtomically(encoded(), to: path)
    }

    /// GIF LZW (variable code width 9…12 bits, clear code 256, end code 257), packed LSB
    /// first into sub-blocks of at most 255 bytes.
    static func lzw(_ data: [UInt8], into out: inout [UInt8]) {
        let clear = 256, end = 257
        var codeSize = 9, next = 258
        // Open-addressing table: key (prefix << 8 | byte) + 1 → code.
        let tableSize = 8192
        var keys = [Int32](repeating: 0, count: tableSize)
        var values = [Int16](repeating: 0, count: tableSize)
        var block = [UInt8](), bitBuf: UInt32 = 0, bitCount = 0
        block.reserveCapacity(256)
        func emit(_ code: Int) {
            bitBuf |= UInt32(code) << UInt32(bitCount)
            bitCount += codeSize
            while bitCount >= 8 {
                block.append(UInt8(bitBuf & 255))
                bitBuf >>= 8; bitCount -= 8
                if block.count == 255 { out.append(255); out += block; block.removeAll(keepingCapacity: true) }
            }
        }
        emit(clear)
        guard var prefix = data.first.map(Int.init) else {
            emit(end)
            if bitCount > 0 { block.append(UInt8(bitBuf & 255)) }
            if !block.isEmpty { out.append(UInt8(block.count)); out += block }
            return
        }
        for i in 1..<max(1, data.count) where i < data.count {
            let byte = Int(data[i])
            let key = Int32(prefix << 8 | byte) + 1
            var h = Int((UInt32(bitPattern: key) &* 2654435761) >> 19) & (tableSize - 1)
            var found = -1
            while keys[h] != 0 {
                if keys[h] == key { found = Int(values[h]); break }
                h = (h + 1) & (tableSize - 1)
            }
            if found >= 0 { prefix = found; continue }
            emit(prefix)
            if next < 4096 {
                keys[h] = key; values[h] = Int16(next)
                // The decoder widens codes once `next` passes the current width.
                if next == (1 << codeSize) { codeSize += 1 }
                next += 1
            } else {
                emit(clear)
                for k in 0..<tableSize { keys[k] = 0 }
                codeSize = 9; next = 258
            }
            prefix = byte
        }
        emit(prefix)
        emit(end)
        if bitCount > 0 { block.append(UInt8(bitBuf & 255)) }
        if !block.isEmpty { out.append(UInt8(block.count)); out += block }
    }
}
