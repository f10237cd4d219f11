import Foundation
import SwiftletCore
import SwiftletNN

/// Loads a JSON fixture from the test bundle.
func fixtureJSON(_ name: String) throws -> Any {
    let url = try fixtureURL(name)
    return try JSONSerialization.jsonObject(with: Data(contentsOf: url))
}

func fixtureURL(_ name: String) throws -> URL {
    let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
    guard let url = Bundle.module.url(forResource: parts[0], withExtension: parts.count > 1 ? parts[1] : nil,
                                      subdirectory: "Fixtures") else {
        throw FixtureError.missing(name)
    }
    return url
}

enum FixtureError: Error { case missing(String), malformed(String) }

func doubles(_ any: Any?) -> [Double] {
    (any as? [Any] ?? []).map { ($0 as? NSNumber)?.doubleValue ?? .nan }
}

func ints(_ any: Any?) -> [Int] {
    (any as? [Any] ?? []).map { ($0 as? NSNumber)?.intValue ?? Int.min }
}

/// Largest |a−b| / max(1, |b|).
func maxRelativeError<S: BinaryFloatingPoint>(_ a: [S], _ b: [Double]) -> Double {
    guard a.count == b.count else { return .infinity }
    var worst = 0.0
    for (x, y) in zip(a, b) {
        let e = Swift.abs(Double(x) - y) / Swift.max(1, Swift.abs(y))
        if !(e <= worst) { worst = e.isNaN ? .infinity : e }
    }
    return worst
}

func tensor<S: TensorFloatingPoint>(_ values: [Double], _ shape: [Int], as _: S.Type = S.self) -> Tensor<S> {
    Tensor<S>(shape: shape, scalars: values.map { S($0) })
}

func temporaryDirectory() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("swiftlet-nn-tests-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
