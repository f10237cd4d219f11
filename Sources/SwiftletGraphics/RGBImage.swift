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
        var p = [UInt8](repeating: 0, count: width * height * 3)
        for i in stride(from: 0, to: p.count, by: 3) { p[i] = fill.0; p[i + 1] = fill.1; p[i + 2] = fill.2 }
        self.pixels = p
    }
}
