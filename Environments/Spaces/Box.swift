/// Gymnasium's float32 `Box(low, high, shape)`: elementwise bounds, row-major.
///
/// ```swift
/// let space = Box(low: [-2], high: [2])
/// var rng = NumPyGenerator(seed: 0)
/// let a = space.sample(using: &rng)     // == Box(-2, 2, (1,), float32) seeded 0, .sample()
/// space.contains([2.5])                  // false
/// ```
public struct Box: Equatable, Hashable, Codable, Sendable, CustomStringConvertible {
    public let low: [Float]
    public let high: [Float]
    public let shape: [Int]

    /// A box with per-element bounds; `shape` defaults to `[low.count]`.
    public init(low: [Float], high: [Float], shape: [Int]? = nil) {
        precondition(low.count == high.count, "Box: low has \(low.count) elements, high \(high.count)")
        let sh = shape ?? [low.count]
        precondition(sh.reduce(1, *) == low.count, "Box: shape \(sh) does not hold \(low.count) elements")
        for i in low.indices {
            precondition(!(low[i] > high[i]), "Box: low[\(i)] = \(low[i]) is above high[\(i)] = \(high[i])")
        }
        self.low = low
        self.high = high
        self.shape = sh
    }

    /// A box with the same scalar bounds everywhere.
    public init(low: Float, high: Float, shape: [Int]) {
        let n = shape.reduce(1, *)
        self.init(low: [Float](repeating: low, count: n), high: [Float](repeating: high, count: n), shape: shape)
    }

    /// Number of scalar elements.
    @inlinable public var size: Int { low.count }

    /// Whether `value` has the box's size and lies within the bounds (NaN is outside).
    public func contains(_ value: [Float]) -> Bool {
        value.withUnsafeBufferPointer { contains($0) }
    }

    /// Buffer variant of `contains`.
    public func contains(_ value: UnsafeBufferPointer<Float>) -> Bool {
        guard value.count == low.count else { return false }
        for i in 0..<value.count where !(value[i] >= low[i] && value[i] <= high[i]) { return false }
        return true
    }

    /// Gymnasium's `Box.sample()`. Bounded elements match NumPy exactly
    /// (`uniform(low, high)` in float64, then rounded to float32). Unbounded
    /// elements use Gymnasium's distributions (normal / shifted exponential)
    /// but not NumPy's ziggurat draws, so they do not match Gymnasium bit for bit.
    public func sample(using rng: inout NumPyGenerator) -> [Float] {
        var out = [Float](repeating: 0, count: size)
        var boundedIdx: [Int] = []
        var unbounded: [Int] = []
        for i in 0..<size {
            if low[i].isFinite && high[i].isFinite { boundedIdx.append(i) } else { unbounded.append(i) }
        }
        // Gymnasium draws the unbounded kinds first, then the bounded ones.
        for i in unbounded {
            let u1 = max(rng.random(), 1e-300), u2 = rng.random()
            if !low[i].isFinite && !high[i].isFinite {
                out[i] = Float((-2 * _log(u1)).squareRoot() * _cos(2 * Double.pi * u2))
            } else if low[i].isFinite {
                out[i] = Float(Double(low[i]) - _log(u1))
            } else {
                out[i] = Float(Double(high[i]) + _log(u1))
            }
        }
        for i in boundedIdx {
            out[i] = Float(rng.uniform(low: Double(low[i]), high: Double(high[i])))
        }
        return out
    }

    public var description: String {
        if Set(low).count == 1 && Set(high).count == 1 {
            return "Box(\(low[0]), \(high[0]), \(shape), float32)"
        }
        return "Box(\(low), \(high), \(shape), float32)"
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@inline(__always) private func _log(_ x: Double) -> Double { log(x) }
@inline(__always) private func _cos(_ x: Double) -> Double { cos(x) }
