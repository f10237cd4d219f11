/// An opaque 8-bit RGB color.
///
/// ```swift
/// let pole = RGB(202, 152, 101)
/// ```
public struct RGB: Equatable, Hashable, Sendable {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8

    @inlinable public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r; self.g = g; self.b = b
    }

    public static let black = RGB(0, 0, 0)
    public static let white = RGB(255, 255, 255)
    public static let red = RGB(214, 39, 40)
    public static let blue = RGB(31, 119, 180)
    public static let green = RGB(44, 160, 44)
    public static let orange = RGB(255, 127, 14)
    public static let gray = RGB(128, 128, 128)

    /// A categorical palette (the matplotlib "tab10" colors) for plotting several series.
    public static let palette: [RGB] = [
        RGB(31, 119, 180), RGB(255, 127, 14), RGB(44, 160, 44), RGB(214, 39, 40),
        RGB(148, 103, 189), RGB(140, 86, 75), RGB(227, 119, 194), RGB(127, 127, 127),
        RGB(188, 189, 34), RGB(23, 190, 207),
    ]
}
