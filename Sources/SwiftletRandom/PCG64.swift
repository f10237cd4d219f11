/// The PCG64 (XSL-RR 128/64) bit generator, bit-for-bit the one NumPy uses for
/// `np.random.PCG64` (and therefore Gymnasium's `np_random`).
///
/// A 128-bit linear congruential state advanced by NumPy's 128-bit multiplier,
/// output through an xor-shift-low and a random rotation. Period 2^128; the
/// increment selects one of 2^127 independent streams. Cost: one 128-bit
/// multiply-add per 64 bits, about 1–2 ns.
///
/// ```swift
/// var g = PCG64(seed: 42)
/// let bits = g.next()          // UInt64
/// let u = g.nextDouble()       // [0, 1), 53 bits, NumPy's `random()`
/// ```
///
/// `init(state:increment:)` takes the raw state the way NumPy's
/// `pcg64_set_seed` does, so a NumPy `SeedSequence` can seed it exactly.
public struct PCG64: RandomNumberGenerator, Sendable, Hashable, Codable {
    /// NumPy's `PCG_DEFAULT_MULTIPLIER_128`.
    public static let multiplier: UInt128 = (0x2360_ED05_1FC6_5DA4 << 64) | 0x4385_DF64_9FCC_F645

    /// The LCG state.
    public var state: UInt128
    /// The stream increment (always odd).
    public var increment: UInt128
    /// NumPy buffers the upper half of a 64-bit draw for the next 32-bit draw.
    public var bufferedUInt32: UInt32?

    /// Seeds exactly like NumPy's `pcg64_set_seed(state, initstate, initseq)`:
    /// `inc = initseq << 1 | 1`, one step, add `initstate`, one step.
    public init(initState: UInt128, initSequence: UInt128) {
        state = 0
        increment = (initSequence << 1) | 1
        step()
        state &+= initState
        step()
        bufferedUInt32 = nil
    }

    /// Restores a raw state (as from `state`/`increment` of another generator).
    public init(state: UInt128, increment: UInt128) {
        self.state = state
        self.increment = increment | 1
        self.bufferedUInt32 = nil
    }

    /// Seeds from one 64-bit integer through SplitMix64, so nearby seeds give
    /// unrelated streams. This is Swiftlet's own seeding (NumPy's goes through
    /// `SeedSequence`, which the environments module implements on top of
    /// `init(initState:initSequence:)`).
    public init(seed: UInt64) {
        var sm = SplitMix64(state: seed)
        let s = (UInt128(sm.next()) << 64) | UInt128(sm.next())
        let q = (UInt128(sm.next()) << 64) | UInt128(sm.next())
        self.init(initState: s, initSequence: q)
    }

    @inlinable @inline(__always)
    mutating func step() {
        state = state &* PCG64.multiplier &+ increment
    }

    /// Next 64 random bits (NumPy's `next_uint64`).
    @inlinable @inline(__always)
    public mutating func next() -> UInt64 {
        step()
        let hi = UInt64(truncatingIfNeeded: state >> 64)
        let lo = UInt64(truncatingIfNeeded: state)
        let rot = UInt64(truncatingIfNeeded: state >> 122)
        let x = hi ^ lo
        return (x >> rot) | (x << ((0 &- rot) & 63))
    }

    /// Next 32 random bits, using NumPy's buffering of the high half.
    @inlinable
    public mutating func nextUInt32() -> UInt32 {
        if let b = bufferedUInt32 { bufferedUInt32 = nil; return b }
        let n = next()
        bufferedUInt32 = UInt32(truncatingIfNeeded: n >> 32)
        return UInt32(truncatingIfNeeded: n)
    }

    /// Uniform double in [0, 1) with 53 random bits (NumPy's `next_double`).
    @inlinable
    public mutating func nextDouble() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// Uniform float in [0, 1) with 24 random bits (NumPy's `next_float`).
    @inlinable
    public mutating func nextFloat() -> Float {
        Float(nextUInt32() >> 8) * (1.0 / 16_777_216.0)
    }

    /// Advances the stream by `delta` steps in O(log delta) (Brown's algorithm),
    /// for giving parallel workers disjoint substreams.
    public mutating func advance(by delta: UInt128) {
        var accMult: UInt128 = 1, accPlus: UInt128 = 0
        var curMult = PCG64.multiplier, curPlus = increment
        var d = delta
        while d > 0 {
            if d & 1 == 1 {
                accMult = accMult &* curMult
                accPlus = accPlus &* curMult &+ curPlus
            }
            curPlus = (curMult &+ 1) &* curPlus
            curMult = curMult &* curMult
            d >>= 1
        }
        state = accMult &* state &+ accPlus
        bufferedUInt32 = nil
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): used only to expand a 64-bit seed.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64
    public init(state: UInt64) { self.state = state }
    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
