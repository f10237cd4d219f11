import Foundation
import SwiftletCore

/// A tensor as stored in JSON fixtures: `{"shape": [...], "data": [...]}`
/// (row-major, float64).
public struct TensorFixture: Decodable, Sendable {
    public var shape: [Int]
    public var data: [Double]
    /// As a Float64 tensor.
    public var tensor: Tensor<Double> { Tensor(shape: shape, scalars: data) }
    /// The data as integers (index fixtures).
    public var intTensor: Tensor<Int> { Tensor(shape: shape, scalars: data.map { Int($0) }) }
}

/// Decodes a JSON fixture file of type `T` from a test bundle's resources.
/// Test targets pass their own `Bundle.module`, e.g.
/// `try loadFixture([OpCase].self, "ops.json", bundle: .module)`.
public func loadFixture<T: Decodable>(_ type: T.Type, _ name: String, bundle: Bundle, subdirectory: String = "Fixtures") throws -> T {
    let base = (name as NSString).deletingPathExtension, ext = (name as NSString).pathExtension
    guard let url = bundle.url(forResource: base, withExtension: ext, subdirectory: subdirectory)
        ?? bundle.url(forResource: base, withExtension: ext) else {
        throw FixtureError.missing(name)
    }
    return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
}

/// A fixture file that is not in the bundle.
public enum FixtureError: Error, CustomStringConvertible {
    case missing(String)
    public var description: String {
        switch self { case .missing(let n): return "fixture \(n) not found in the test bundle (regenerate with make_fixtures.py)" }
    }
}
