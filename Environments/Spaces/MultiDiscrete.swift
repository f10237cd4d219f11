/// Gymnasium's `MultiDiscrete(nvec)`: one `Discrete(nvec[i])` per element.
public struct MultiDiscrete: Equatable, Hashable, Codable, Sendable, CustomStringConvertible {
    public let nvec: [Int]

    public init(_ nvec: [Int]) {
        for (i, n) in nvec.enumerated() {
            precondition(n > 0, "MultiDiscrete: nvec[\(i)] must be positive, got \(n)")
        }
        self.nvec = nvec
    }

    public func contains(_ value: [Int]) -> Bool {
        value.count == nvec.count && zip(value, nvec).allSatisfy { $0 >= 0 && $0 < $1 }
    }

    /// Gymnasium's `sample()` (`np_random.random(shape) * nvec` floored), exact.
    public func sample(using rng: inout NumPyGenerator) -> [Int] {
        nvec.map { n in Int((rng.random() * Double(n)).rounded(.down)) }
    }

    public var description: String { "MultiDiscrete(\(nvec))" }
}
