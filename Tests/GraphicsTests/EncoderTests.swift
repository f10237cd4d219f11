import Foundation
import Testing
import SwiftletGraphics

/// PNG and GIF encoders: structure, round trips, and byte equality with files that
/// Pillow decoded to the expected pixels (Fixtures/encoded/pillow_check.json, written by
/// make_frames.py). Fresh copies are left in $TMPDIR/swiftlet-encoded/ for regeneration.
@Suite struct EncoderTests {
    /// Must match `png_pattern` in make_frames.py.
    static func pngPattern(_ w: Int, _ h: Int) -> RGBImage {
        var img = RGBImage(width: w, height: h)
        for y in 0..<h { for x in 0..<w {
            img[x, y] = RGB(UInt8((x * 7 + y * 3) % 256), UInt8((x * y) % 256), UInt8(((255 - x * 5) % 256 + 256) % 256))
        } }
        return img
    }

    /// Must match `encoded_pattern` in make_frames.py (palette-exact colors).
    static func gifPattern(_ w: Int, _ h: Int, _ k: Int) -> RGBImage {
        var img = RGBImage(width: w, height: h)
        for y in 0..<h { for x in 0..<w {
            img[x, y] = RGB(UInt8(51 * ((x + k) % 6)), UInt8(51 * (y % 6)), UInt8(51 * ((x + y + 2 * k) % 6)))
        } }
        return img
    }

    /// Must match `large_pattern` in make_frames.py: many distinct LZW strings, so the
    /// code table fills up and is reset several times.
    static func largeGIF() -> [UInt8] {
        var img = RGBImage(width: 300, height: 200)
        for y in 0..<200 { for x in 0..<300 {
            let i = (x * x + 3 * x * y + 7 * y) % 216
            img[x, y] = RGB(UInt8(51 * (i / 36)), UInt8(51 * (i / 6 % 6)), UInt8(51 * (i % 6)))
        } }
        var gif = GIFEncoder(width: 300, height: 200, fps: 10)
        gif.addFrame(img)
        return gif.encoded()
    }

    static func encodedGIF() -> [UInt8] {
        var gif = GIFEncoder(width: 37, height: 23, fps: 20)
        for k in 0..<3 { gif.addFrame(gifPattern(37, 23, k)) }
        return gif.encoded()
    }

    @Test func pngRoundTrip() throws {
        let img = Self.pngPattern(37, 23)
        let bytes = PNG.encode(img)
        #expect(Array(bytes[0..<8]) == [137, 80, 78, 71, 13, 10, 26, 10])
        #expect(try PNG.decode(bytes) == img)
        // A rendered-like frame with large flat areas compresses well and round-trips.
        var c = Canvas(width: 600, height: 400)
        c.gfxFilledCircle(x: 300, y: 200, radius: 80, color: RGB(202, 152, 101))
        c.drawText("Swiftlet 0123", x: 10, y: 10, color: .black, scale: 3)
        let frame = PNG.encode(c.image)
        #expect(frame.count < 20_000)
        #expect(try PNG.decode(frame) == c.image)
    }

    @Test func pngDecoderRejectsCorruption() throws {
        var bytes = PNG.encode(Self.pngPattern(8, 8))
        bytes[bytes.count - 20] ^= 0xFF  // inside IDAT: CRC no longer matches
        #expect(throws: ImageFileError.self) { try PNG.decode(bytes) }
        #expect(throws: ImageFileError.self) { try PNG.decode([1, 2, 3]) }
    }

    @Test func gifStructure() throws {
        let bytes = Self.encodedGIF()
        #expect(Array(bytes[0..<6]) == Array("GIF89a".utf8))
        #expect(Int(bytes[6]) | Int(bytes[7]) << 8 == 37)
        #expect(Int(bytes[8]) | Int(bytes[9]) << 8 == 23)
        #expect(bytes.last == 0x3B)
        // Walk the blocks: count image descriptors, read delays and the loop count.
        var pos = 13 + 768, frames = 0, delays: [Int] = [], loop: Int? = nil
        while pos < bytes.count && bytes[pos] != 0x3B {
            switch bytes[pos] {
            case 0x21:
                let label = bytes[pos + 1]
                if label == 0xF9 { delays.append(Int(bytes[pos + 4]) | Int(bytes[pos + 5]) << 8) }
                if label == 0xFF && Array(bytes[(pos + 3)..<(pos + 14)]) == Array("NETSCAPE2.0".utf8) {
                    loop = Int(bytes[pos + 16]) | Int(bytes[pos + 17]) << 8
                }
                pos += 2
                while bytes[pos] != 0 { pos += Int(bytes[pos]) + 1 }
                pos += 1
            case 0x2C:
                frames += 1
                pos += 10 + 1  // descriptor, LZW minimum code size
                while bytes[pos] != 0 { pos += Int(bytes[pos]) + 1 }
                pos += 1
            default:
                Issue.record("unexpected block 0x\(String(bytes[pos], radix: 16)) at \(pos)"); return
            }
        }
        #expect(frames == 3)
        #expect(delays == [5, 5, 5])
        #expect(loop == 0)
    }

    @Test func gifLargeFrameCompresses() {
        // Exercises code-width growth and table resets (many distinct strings).
        var img = RGBImage(width: 300, height: 200)
        for y in 0..<200 { for x in 0..<300 { img[x, y] = RGB(UInt8((x * 13 + y * 7) % 256), UInt8((x ^ y) & 255), UInt8(y)) } }
        var gif = GIFEncoder(width: 300, height: 200, fps: 30)
        gif.addFrame(img)
        let bytes = gif.encoded()
        #expect(bytes.count > 1000 && bytes.last == 0x3B)
    }

    @Test func encodedFilesMatchCommittedBytes() throws {
        let png = PNG.encode(Self.pngPattern(37, 23))
        let gif = Self.encodedGIF()
        let dir = NSTemporaryDirectory() + "swiftlet-encoded"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try writeFileAtomically(png, to: dir + "/pattern.png")
        try writeFileAtomically(gif, to: dir + "/pattern.gif")
        let large = Self.largeGIF()
        try writeFileAtomically(large, to: dir + "/large.gif")
        #expect(try Fixtures.bytes("encoded/large.gif") == large, "GIF encoder output changed: re-verify with make_frames.py")
        #expect(try Fixtures.bytes("encoded/pattern.png") == png, "PNG encoder output changed: re-verify with make_frames.py")
        #expect(try Fixtures.bytes("encoded/pattern.gif") == gif, "GIF encoder output changed: re-verify with make_frames.py")
        let check = try Fixtures.json("encoded/pillow_check.json") as! [String: Any]
        #expect(check["ok"] as? Bool == true, "Pillow did not decode the committed files as expected: \(check)")
    }

    @Test func atomicWriteReportsUnwritableFolder() {
        #expect(throws: ImageFileError.self) {
            try PNG.write(RGBImage(width: 2, height: 2), to: "/nonexistent-folder-swiftlet/x.png")
        }
    }
}
