/// Gymnasium's `Env.reset(seed=)` seeding rule, shared by the classic control
/// environments: a seed replaces the generator; no seed keeps the stream, and
/// a never-seeded environment draws its seed from system entropy.
@usableFromInline
struct GymnasiumSeeding {
    @usableFromInline var rng = NumPyGenerator(seed: 0)
    @usableFromInline var seeded = false

    @inlinable mutating func reseed(_ seed: UInt64?) {
        if let s = seed {
            rng = NumPyGenerator(seed: s)
            seeded = true
        } else if !seeded {
            rng = .fromEntropy()
            seeded = true
        }
    }
}
