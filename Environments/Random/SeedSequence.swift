/// NumPy's `np.random.SeedSequence`, bit for bit: it hashes a non-negative
/// integer seed into a 4-word entropy pool and expands that pool into as many
/// 32-bit state words as a bit generator needs.
///
/// This is what makes `NumPyGenerator(seed:)` equal to
/// `np.random.default_rng(seed)` and therefore to Gymnasium's
/// `env.reset(seed: s)`. Cost: a few hundred integer operations.
///
/// ```swift
/// let ss = SeedSequence(entropy: 42)
/// let words = ss.generateState(words: 4)   // == SeedSequence(42).generate_state(4)
/// ```
public struct SeedSequence: Sendable, Hashable {
    /// NumPy's hash constants (`numpy/random/bit_generator.pyx`).
    @usableFromInline static let initA: UInt32 = 0x43b0_d7e5
    @usableFromInline static let multA: UInt32 = 0x931e_8875
    @usableFromInline static let initB: UInt32 = 0x8b51_f9dd
    @usableFromInline static let multB: UInt32 = 0x58f3_8ded
    @usableFromInline static let mixMultL: UInt32 = 0xca01_f9dd
    @usableFromInline static let mixMultR: UInt32 = 0x4973_f715
    @usableFromInline static let xshift: UInt32 = 16

    /// The seed split into 32-bit words, least significant first (NumPy's
    /// `_coerce_to_uint32_array`; `0` is the single word `[0]`).
    public let entropyWords: [UInt32]
    /// The mixed 4-word pool (`SeedSequence.pool`).
    public let pool: [UInt32]

    /// A sequence from one non-negative integer seed, as `SeedSequence(seed)`.
    public init(entropy: UInt64) {
        var words: [UInt32] = []
        if entropy == 0 { words = [0] }
        var n = entropy
        while n > 0 { words.append(UInt32(truncatingIfNeeded: n)); n >>= 32 }
        self.init(entropyWords: words)
    }

    /// A sequence from explicit entropy words (least significant first).
    public init(entropyWords: [UInt32], poolSize: Int = 4) {
        self.entropyWords = entropyWords
        var hashConst = SeedSequence.initA
        @inline(__always) func hashmix(_ v: UInt32) -> UInt32 {
            var value = v ^ hashConst
            hashConst = hashConst &* SeedSequence.multA
            value = value &* hashConst
            value ^= value >> SeedSequence.xshift
            return value
        }
        @inline(__always) func mix(_ x: UInt32, _ y: UInt32) -> UInt32 {
            var r = SeedSequence.mixMultL &* x &- SeedSequence.mixMultR &* y
            r ^= r >> SeedSequence.xshift
            return r
        }
        var mixer = [UInt32](repeating: 0, count: poolSize)
        for i in 0..<poolSize {
            mixer[i] = hashmix(i < entropyWords.count ? entropyWords[i] : 0)
        }
        for src in 0..<poolSize {
            for dst in 0..<poolSize where src != dst {
                mixer[dst] = mix(mixer[dst], hashmix(mixer[src]))
            }
        }
        if entropyWords.count > poolSize {
            for src in poolSize..<entropyWords.count {
                for dst in 0..<poolSize {
                    mixer[dst] = mix(mixer[dst], hashmix(entropyWords[src]))
                }
            }
        }
        pool = mixer
    }

    /// `generate_state(n, np.uint32)`.
    public func generateState(words n: Int) -> [UInt32] {
        var hashConst = SeedSequence.initB
        var out = [UInt32](repeating: 0, count: n)
        for i in 0..<n {
            var v = pool[i % pool.count] ^ hashConst
            hashConst = hashConst &* SeedSequence.multB
            v = v &* hashConst
            v ^= v >> SeedSequence.xshift
            out[i] = v
        }
        return out
    }

    /// `generate_state(n, np.uint64)`: pairs of 32-bit words, little-endian.
    public func generateState64(words n: Int) -> [UInt64] {
        let w = generateState(words: 2 * n)
        return (0..<n).map { UInt64(w[2 * $0]) | (UInt64(w[2 * $0 + 1]) << 32) }
    }
}
