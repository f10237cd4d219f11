import Foundation
import SwiftletGraphics

/// Locates committed fixtures (copied into the test bundle as `Fixtures/`).
enum Fixtures {
    static var root: URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures")
    }

    static func json(_ relative: String) throws -> Any {
        let data = try Data(contentsOf: root.appendingPathComponent(relative))
        return try JSONSerialization.jsonObject(with: data)
    }

    static func png(_ relative: String) throws -> RGBImage {
        try PNG.read(root.appendingPathComponent(relative).path)
    }

    static func bytes(_ relative: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: root.appendingPathComponent(relative)))
    }
}

extension RGBImage {
    /// Number of pixels that differ, and the largest channel difference.
    func difference(to other: RGBImage) -> (pixels: Int, maxChannel: Int) {
        var n = 0, m = 0
        for i in 0..<(width * height) {
            var differs = false
            for c in 0..<3 {
                let d = abs(Int(pixels[i * 3 + c]) - Int(other.pixels[i * 3 + c]))
                if d > 0 { differs = true; m = max(m, d) }
            }
            if differs { n += 1 }
        }
        return (n, m)
    }
}
