import RealModule

/// Sampling on top of `PCG64`. Every function consumes a documented number
/// of draws, so streams are reproducible on every machine.
extension PCG64 {
    /// A standard normal by Box–Muller from two 53-bit uniforms (two draws).
    @inlinable
    public mutating func nextNormal() -> Double {
        let u1 = 1.0 - nextDouble()          // (0, 1]: log is finite
        let u2 = nextDouble()
        return (-2.0 * Double.log(u1)).squareRoot() * Double.cos(2.0 * Double.pi * u2)
    }

    /// Uniform integer in `0..<bound` without bias (Lemire's multiply-shift
    /// with rejection; usually one draw).
    @inlinable
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "nextInt(below:): bound \(bound) must be positive")
        let b = UInt64(bound)
        var m = next().multipliedFullWidth(by: b)
        if m.low < b {
            let threshold = (0 &- b) % b
            while m.low < threshold { m = next().multipliedFullWidth(by: b) }
        }
        return Int(m.high)
    }

    /// Uniform integer in `range`.
    @inlinable
    public mutating func nextInt(in range: Range<Int>) -> Int {
        range.lowerBound + nextInt(below: range.count)
    }

    /// Uniform double in `[low, high)`.
    @inlinable
    public mutating func nextDouble(in low: Double, _ high: Double) -> Double {
        low + (high - low) * nextDouble()
    }

    /// An index drawn with probability proportional to `weights` (one draw;
    /// inverse CDF). Weights must be non-negative with a positive sum.
    @inlinable
    public mutating func nextCategorical<C: Collection>(weights: C) -> Int where C.Element: BinaryFloatingPoint {
        var total = 0.0
        for w in weights { total += Double(w) }
        precondition(total > 0 && total.isFinite, "nextCategorical: weights must have a positive finite sum, got \(total)")
        let u = nextDouble() * total
        var acc = 0.0, last = 0
        for (i, w) in weights.enumerated() {
            acc += Double(w)
            if Double(w) > 0 { last = i }
            if u < acc { return i }
        }
        return last  // rounding at the top end
    }

    /// Shuffles in place (Fisher–Yates from the back, `count-1` draws).
    @inlinable
    public mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            let j = nextInt(below: i + 1)
            array.swapAt(i, j)
        }
    }

    /// A random permutation of `0..<n`.
    @inlinable
    public mutating func permutation(_ n: Int) -> [Int] {
        var a = Array(0..<n)
        shuffle(&a)
        return a
    }
}
