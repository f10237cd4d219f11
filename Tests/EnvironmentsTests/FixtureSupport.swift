import Foundation
import Testing

/// Loads a JSON fixture written by make_fixtures.py.
func loadFixture(_ name: String) throws -> [String: Any] {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil)
        ?? Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
    let data = try Data(contentsOf: url)
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
}

private func hexWords(_ s: String, digits: Int) -> [UInt64] {
    let bytes = Array(s.utf8)
    precondition(bytes.count % digits == 0, "hex string of \(bytes.count) digits is not a multiple of \(digits)")
    var out: [UInt64] = []
    out.reserveCapacity(bytes.count / digits)
    var i = 0
    while i < bytes.count {
        var v: UInt64 = 0
        for j in 0..<digits {
            let c = bytes[i + j]
            let d: UInt64 = c >= 97 ? UInt64(c - 87) : UInt64(c - 48)
            v = v << 4 | d
        }
        out.append(v)
        i += digits
    }
    return out
}

/// Concatenated big-endian float32 bit patterns.
func f32s(_ any: Any?) -> [Float] {
    hexWords(any as! String, digits: 8).map { Float(bitPattern: UInt32($0)) }
}

/// Concatenated big-endian float64 bit patterns.
func f64s(_ any: Any?) -> [Double] {
    hexWords(any as! String, digits: 16).map { Double(bitPattern: $0) }
}

func ints(_ any: Any?) -> [Int] { (any as! [Any]).map { ($0 as! NSNumber).intValue } }

/// Index of the first element whose bits differ, or nil.
func firstBitDifference(_ a: [Float], _ b: [Float]) -> Int? {
    if a.count != b.count { return min(a.count, b.count) }
    return zip(a, b).enumerated().first { $0.element.0.bitPattern != $0.element.1.bitPattern }?.offset
}
func firstBitDifference(_ a: [Double], _ b: [Double]) -> Int? {
    if a.count != b.count { return min(a.count, b.count) }
    return zip(a, b).enumerated().first { $0.element.0.bitPattern != $0.element.1.bitPattern }?.offset
}
