/// Gymnasium's `Discrete(n, start)`: the integers `start ..< start + n`.
///
/// ```swift
/// let space = Discrete(2)
/// var rng = NumPyGenerator(seed: 42)     // == space.seed(42) in Gymnasium
/// let a = space.sample(using: &rng)       // == space.sample()
/// ```
public struct Discrete: Equatable, Hashable, Codable, Sendable, CustomStringConvertible {
    /// Number of actions.
    public let n: Int
    /// The smallest action.
    public let start: Int

    public init(_ n: Int, start: Int = 0) {
        precondition(n > 0, "Discrete: n must be positive, got \(n)")
        self.n = n
        self.start = start
    }

    /// Whether `value` is one of the space's integers.
    @inlinable public func contains(_ value: Int) -> Bool { value >= start && value - start < n }

    /// Gymnasium's `sample()` (`start + np_random.integers(n)`), with the
    /// space's generator passed in explicitly.
    public func sample(using rng: inout NumPyGenerator) -> Int {
        start + Int(rng.integers(0, Int64(n)))
    }

    public var description: String { start == 0 ? "Discrete(\(n))" : "Discrete(\(n), start=\(start))" }
}
