/// An environment whose randomness is Gymnasium's `np_random`, a NumPy
/// `Generator(PCG64(SeedSequence(seed)))` reproduced bit for bit. Opt-in: an
/// environment with its own (or no) randomness does not need it.
///
/// Reading or assigning `npRandom` costs a copy of a few words.
///
/// ```swift
/// let env = CartPole()
/// env.npRandom = NumPyGenerator(seed: 7)      // like env.unwrapped.np_random = np.random.default_rng(7)
/// ```
public protocol NumPySeededEnvironment: Environment {
    /// Gymnasium's `np_random` of the innermost environment; assigning it
    /// counts as seeded (a later `reset(seed: nil)` continues this stream).
    var npRandom: NumPyGenerator { get set }
}
