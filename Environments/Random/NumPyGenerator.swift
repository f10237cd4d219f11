import SwiftletRandom

/// NumPy's `np.random.Generator(PCG64(SeedSequence(seed)))` — the generator
/// Gymnasium calls `np_random` — reproducing the draws Gymnasium's classic
/// control environments and spaces make: `uniform`, `random` and `integers`.
///
/// `NumPyGenerator(seed: s)` equals `np.random.default_rng(s)` and
/// `gymnasium.utils.seeding.np_random(s)`. Each draw costs one or two PCG64
/// steps (a few ns).
///
/// ```swift
/// var rng = NumPyGenerator(seed: 0)
/// let x = rng.uniform(low: -0.05, high: 0.05)   // == default_rng(0).uniform(-0.05, 0.05)
/// let k = rng.integers(0, 3)                     // == ...integers(0, 3)
/// ```
public struct NumPyGenerator: Sendable, Hashable {
    /// The underlying bit generator (its 32-bit buffer is NumPy's `has_uint32`).
    public var bitGenerator: PCG64

    /// Seeds exactly like `np.random.default_rng(seed)`.
    public init(seed: UInt64) {
        self.init(seedSequence: SeedSequence(entropy: seed))
    }

    /// Seeds from a `SeedSequence`, as `PCG64(seed_seq)` does: four 64-bit
    /// words, the first two the 128-bit state, the last two the stream.
    public init(seedSequence: SeedSequence) {
        let v = seedSequence.generateState64(words: 4)
        let s = (UInt128(v[0]) << 64) | UInt128(v[1])
        let q = (UInt128(v[2]) << 64) | UInt128(v[3])
        bitGenerator = PCG64(initState: s, initSequence: q)
    }

    /// A generator seeded from the system's entropy (Gymnasium's
    /// `reset(seed=None)` on a never-seeded environment).
    public static func fromEntropy() -> NumPyGenerator {
        var sys = SystemRandomNumberGenerator()
        return NumPyGenerator(seed: sys.next())
    }

    /// `Generator.random()`: uniform in [0, 1) from 53 bits.
    @inlinable @inline(__always)
    public mutating func random() -> Double { bitGenerator.nextDouble() }

    /// `Generator.uniform(low, high)`: `low + (high - low) * random()`.
    @inlinable @inline(__always)
    public mutating func uniform(low: Double, high: Double) -> Double {
        let range = high - low
        return low + range * bitGenerator.nextDouble()
    }

    /// `Generator.integers(low, high)` (high exclusive, int64), NumPy's
    /// Lemire rejection sampling including its 32-bit path for ranges below
    /// 2^32. `high` must be greater than `low`.
    public mutating func integers(_ low: Int64, _ high: Int64) -> Int64 {
        precondition(high > low, "NumPyGenerator.integers: high \(high) must be greater than low \(low)")
        let rng = UInt64(bitPattern: high &- low) &- 1
        return low &+ Int64(bitPattern: boundedUInt64(rng))
    }

    /// Draws in [0, rng] inclusive (`random_bounded_uint64_fill`, count 1, unmasked).
    @usableFromInline
    mutating func boundedUInt64(_ rng: UInt64) -> UInt64 {
        if rng == 0 { return 0 }
        if rng <= 0xFFFF_FFFF {
            if rng == 0xFFFF_FFFF { return UInt64(bitGenerator.nextUInt32()) }
            let r32 = UInt32(rng)
            let excl = r32 &+ 1
            var m = UInt64(bitGenerator.nextUInt32()) &* UInt64(excl)
            var leftover = UInt32(truncatingIfNeeded: m)
            if leftover < excl {
                let threshold = (UInt32.max &- r32) % excl
                while leftover < threshold {
                    m = UInt64(bitGenerator.nextUInt32()) &* UInt64(excl)
                    leftover = UInt32(truncatingIfNeeded: m)
                }
            }
            return m >> 32
        }
        if rng == UInt64.max { return bitGenerator.next() }
        let excl = rng &+ 1
        var m = bitGenerator.next().multipliedFullWidth(by: excl)
        if m.low < excl {
            let threshold = (UInt64.max &- rng) % excl
            while m.low < threshold {
                m = bitGenerator.next().multipliedFullWidth(by: excl)
            }
        }
        return m.high
    }
}
