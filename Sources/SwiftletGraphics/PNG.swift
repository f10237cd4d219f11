import Foundation

/// PNG encoding and decoding (8-bit RGB and RGBA, non-interlaced; the decoder also
/// reads 8-bit gray, gray+alpha and palette images).
///
/// ```swift
/// let bytes = PNG.encode(frame)            // [UInt8], a complete .png file
/// try PNG.write(frame, to: "frame.png")    // atomic
/// let back = try PNG.decode(bytes)         // RGBImage
/// ```
public enum PNG {
    static let signature: [UInt8] = [137, 80, 78, 71, 13, 10, 26, 10]

    /// A complete PNG file holding `image` (color type 2, filter 0 or 1 per row
    /// chosen by a cheap heuristic, zlib level 6). Cost: one pass plus deflate.
    public static func encode(_ image: RGBImage, level: Int32 = 6) -> [UInt8] {
        encode(width: image.width, height: image.height, channels: 3, pixels: image.pixels, level: level)
    }

    /// A complete PNG file holding `image` with its alpha channel (color type 6).
    public static func encode(_ image: RGBAImage, level: Int32 = 6) -> [UInt8] {
        encode(width: image.width, height: image.height, channels: 4, pixels: image.pixels, level: level)
    }

    static func encode(width: Int, height: Int, channels: Int, pixels: [UInt8], level: Int32) -> [UInt8] {
        let stride = width * channels
        var raw = [UInt8](repeating: 0, count: height * (stride + 1))
        pixels.withUnsafeBufferPointer { p in
            raw.withUnsafeMutableBufferPointer { r in
                for y in 0..<height {
                    let src = y * stride, dst = y * (stride + 1)
                    // Sub filter when it makes the row smaller in sum-of-abs terms (flat areas).
                    var sumNone = 0, sumSub = 0
                    for k in 0..<stride {
                        let v = p[src + k]
                        let sub = k >= channels ? v &- p[src + k - channels] : v
                        sumNone += abs(Int(Int8(bitPattern: v)))
                        sumSub += abs(Int(Int8(bitPattern: sub)))
                    }
                    let useSub = sumSub < sumNone
                    r[dst] = useSub ? 1 : 0
                    for k in 0..<stride {
                        let v = p[src + k]
                        r[dst + 1 + k] = useSub && k >= channels ? v &- p[src + k - channels] : v
                    }
                }
            }
        }
        var out = signature
        var ihdr = [UInt8]()
        appendBE(&ihdr, UInt32(width)); appendBE(&ihdr, UInt32(height))
        ihdr += [8, channels == 4 ? 6 : 2, 0, 0, 0]
        appendChunk(&out, "IHDR", ihdr)
        appendChunk(&out, "IDAT", Zlib.compress(raw, level: level))
        appendChunk(&out, "IEND", [])
        return out
    }

    /// Writes `image` as a PNG file at `path` atomically (temporary file, then rename).
    public static func write(_ image: RGBImage, to path: String) throws {
        try writeFileAtomically(encode(image), to: path)
    }

    static func appendBE(_ a: inout [UInt8], _ v: UInt32) {
        a += [UInt8(v >> 24), UInt8((v >> 16) & 255), UInt8((v >> 8) & 255), UInt8(v & 255)]
    }

    static func appendChunk(_ out: inout [UInt8], _ type: String, _ data: [UInt8]) {
        appendBE(&out, UInt32(data.count))
        let start = out.count
        out += Array(type.utf8)
        out += data
        appendBE(&out, Zlib.crc32(out[start...]))
    }

    /// Decodes a PNG file to RGB (alpha, if any, is dropped; use ``decodeRGBA(_:)`` to keep it).
    public static func decode(_ bytes: [UInt8]) throws -> RGBImage {
        let rgba = try decodeRGBA(bytes)
        var rgb = [UInt8](repeating: 0, count: rgba.width * rgba.height * 3)
        for i in 0..<(rgba.width * rgba.height) {
            rgb[i * 3] = rgba.pixels[i * 4]; rgb[i * 3 + 1] = rgba.pixels[i * 4 + 1]; rgb[i * 3 + 2] = rgba.pixels[i * 4 + 2]
        }
        return RGBImage(width: rgba.width, height: rgba.height, pixels: rgb)
    }

    /// Reads and decodes the PNG file at `path`.
    public static func read(_ path: String) throws -> RGBImage {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ImageFileError.cannotRead(path: path, reason: "no such file or not readable")
        }
        return try decode([UInt8](data))
    }

    /// Decodes a PNG file (8-bit depth: gray, RGB, palette, gray+alpha, RGBA; no interlace)
    /// to RGBA, checking chunk CRCs. Throws ``ImageFileError/invalidFormat(_:)`` naming the problem.
    public static func decodeRGBA(_ bytes: [UInt8]) throws -> RGBAImage {
        guard bytes.count >= 8, Array(bytes[0..<8]) == signature else {
            throw ImageFileError.invalidFormat("not a PNG file (bad signature)")
        }
        func be(_ i: Int) -> Int {
            Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
        }
        var pos = 8
        var width = 0, height = 0, depth = 0, ctype = 0, interlace = 0
        var idat = [UInt8](), palette = [UInt8](), trns = [UInt8]()
        var sawEnd = false
        while pos + 12 <= bytes.count {
            let len = be(pos)
            guard len >= 0, pos + 12 + len <= bytes.count else { throw ImageFileError.invalidFormat("truncated chunk") }
            let type = String(decoding: bytes[(pos + 4)..<(pos + 8)], as: UTF8.self)
            let data = bytes[(pos + 8)..<(pos + 8 + len)]
            let crc = UInt32(be(pos + 8 + len))
            guard Zlib.crc32(bytes[(pos + 4)..<(pos + 8 + len)]) == crc else {
                throw ImageFileError.invalidFormat("CRC mismatch in \(type) chunk")
            }
            switch type {
            case "IHDR":
                guard len == 13 else { throw ImageFileError.invalidFormat("IHDR length \(len)") }
                width = be(pos + 8); height = be(pos + 12)
                depth = Int(bytes[pos + 16]); ctype = Int(bytes[pos + 17]); interlace = Int(bytes[pos + 20])
            case "PLTE": palette = Array(data)
            case "tRNS": trns = Array(data)
            case "IDAT": idat += data
            case "IEND": sawEnd = true
            default: break
            }
            pos += 12 + len
            if sawEnd { break }
        }
        guard width > 0, height > 0 else { throw ImageFileError.invalidFormat("missing IHDR") }
        guard depth == 8 else { throw ImageFileError.invalidFormat("bit depth \(depth) (only 8 supported)") }
        guard interlace == 0 else { throw ImageFileError.invalidFormat("interlaced PNG not supported") }
        let channels: Int
        switch ctype {
        case 0: channels = 1
        case 2: channels = 3
        case 3: channels = 1
        case 4: channels = 2
        case 6: channels = 4
        default: throw ImageFileError.invalidFormat("color type \(ctype)")
        }
        let stride = width * channels
        guard let raw = Zlib.decompress(idat, expectedSize: height * (stride + 1)) else {
            throw ImageFileError.invalidFormat("corrupt or truncated image data")
        }
        var cur = [UInt8](repeating: 0, count: stride * height)
        for y in 0..<height {
            let f = raw[y * (stride + 1)]
            let r = y * (stride + 1) + 1
            let o = y * stride
            for k in 0..<stride {
                let x = raw[r + k]
                let a = k >= channels ? Int(cur[o + k - channels]) : 0
                let b = y > 0 ? Int(cur[o - stride + k]) : 0
                let c = (k >= channels && y > 0) ? Int(cur[o - stride + k - channels]) : 0
                let v: Int
                switch f {
                case 0: v = 0
                case 1: v = a
                case 2: v = b
                case 3: v = (a + b) / 2
                case 4:
                    let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                    v = (pa <= pb && pa <= pc) ? a : (pb <= pc ? b : c)
                default: throw ImageFileError.invalidFormat("filter type \(f) in row \(y)")
                }
                cur[o + k] = x &+ UInt8(truncatingIfNeeded: v)
            }
        }
        var out = [UInt8](repeating: 255, count: width * height * 4)
        for i in 0..<(width * height) {
            switch ctype {
            case 0:
                out[i * 4] = cur[i]; out[i * 4 + 1] = cur[i]; out[i * 4 + 2] = cur[i]
            case 2:
                out[i * 4] = cur[i * 3]; out[i * 4 + 1] = cur[i * 3 + 1]; out[i * 4 + 2] = cur[i * 3 + 2]
            case 3:
                let idx = Int(cur[i])
                guard idx * 3 + 2 < palette.count else { throw ImageFileError.invalidFormat("palette index \(idx)") }
                out[i * 4] = palette[idx * 3]; out[i * 4 + 1] = palette[idx * 3 + 1]; out[i * 4 + 2] = palette[idx * 3 + 2]
                if idx < trns.count { out[i * 4 + 3] = trns[idx] }
            case 4:
                out[i * 4] = cur[i * 2]; out[i * 4 + 1] = cur[i * 2]; out[i * 4 + 2] = cur[i * 2]; out[i * 4 + 3] = cur[i * 2 + 1]
            default:
                out[i * 4] = cur[i * 4]; out[i * 4 + 1] = cur[i * 4 + 1]; out[i * 4 + 2] = cur[i * 4 + 2]; out[i * 4 + 3] = cur[i * 4 + 3]
            }
        }
        return RGBAImage(width: width, height: height, pixels: out)
    }
}
