/// On-policy storage for one PPO rollout of `nSteps × nEnvs` transitions,
/// laid out step-major (`[t][env]`), with GAE(λ) advantages and returns.
///
/// Truncation is handled explicitly: a step that ended by a time limit
/// stores `truncated` and the value of its true final observation
/// (`finalValues`), and bootstraps from it; a terminated step bootstraps
/// from nothing. Both cut the GAE trace.
///
/// ```swift
/// let buf = RolloutBuffer(nSteps: 32, nEnvs: 8, observationSize: 4, actionSize: 1)
/// // … fill observations/actions/rewards/values/logProbs/terminated/truncated/finalValues …
/// buf.computeReturnsAndAdvantages(lastValues: v, gamma: 0.98, gaeLambda: 0.8)
/// ```
public final class RolloutBuffer {
    public let nSteps: Int
    public let nEnvs: Int
    public let observationSize: Int
    public let actionSize: Int
    /// `[nSteps·nEnvs, observationSize]`.
    @exclusivity(unchecked) public var observations: [Float]
    /// `[nSteps·nEnvs, actionSize]`; discrete actions as exact floats; the
    /// unclipped sample for Box actions.
    @exclusivity(unchecked) public var actions: [Float]
    @exclusivity(unchecked) public var rewards: [Float]
    @exclusivity(unchecked) public var values: [Float]
    @exclusivity(unchecked) public var logProbs: [Float]
    @exclusivity(unchecked) public var terminated: [Float]
    @exclusivity(unchecked) public var truncated: [Float]
    /// V(final observation) where `truncated`, else unused.
    @exclusivity(unchecked) public var finalValues: [Float]
    @exclusivity(unchecked) public var advantages: [Float]
    @exclusivity(unchecked) public var returns: [Float]

    /// Transitions held: `nSteps × nEnvs`.
    @inlinable public var size: Int { nSteps * nEnvs }

    public init(nSteps: Int, nEnvs: Int, observationSize: Int, actionSize: Int) {
        precondition(nSteps > 0 && nEnvs > 0, "RolloutBuffer: nSteps \(nSteps) and nEnvs \(nEnvs) must be positive")
        self.nSteps = nSteps
        self.nEnvs = nEnvs
        self.observationSize = observationSize
        self.actionSize = actionSize
        let n = nSteps * nEnvs
        observations = [Float](repeating: 0, count: n * observationSize)
        actions = [Float](repeating: 0, count: n * actionSize)
        rewards = [Float](repeating: 0, count: n)
        values = rewards; logProbs = rewards; terminated = rewards; truncated = rewards
        finalValues = rewards; advantages = rewards; returns = rewards
    }

    /// GAE(λ) (Schulman et al. 2016) backwards over the rollout, in Float32
    /// as SB3 does:
    /// `δₜ = rₜ + γ·b·V' − V(sₜ)` where `V'` is `V(sₜ₊₁)` (or `lastValues`
    /// after the last step, or `finalValues` on truncation) and `b` is 0 on
    /// termination; `Aₜ = δₜ + γλ·(1 − doneₜ)·Aₜ₊₁`; `returns = A + V`.
    public func computeReturnsAndAdvantages(lastValues: [Float], gamma: Float, gaeLambda: Float) {
        precondition(lastValues.count == nEnvs, "computeReturnsAndAdvantages: \(lastValues.count) last values for \(nEnvs) envs")
        for e in 0..<nEnvs {
            var lastGae: Float = 0
            for t in stride(from: nSteps - 1, through: 0, by: -1) {
                let i = t * nEnvs + e
                let term = terminated[i] != 0, trunc = truncated[i] != 0
                let nextValue: Float
                if term { nextValue = 0 }
                else if trunc { nextValue = finalValues[i] }
                else if t == nSteps - 1 { nextValue = lastValues[e] }
                else { nextValue = values[i + nEnvs] }
                let delta = rewards[i] + gamma * nextValue - values[i]
                let carry: Float = (term || trunc) ? 0 : 1
                lastGae = delta + gamma * gaeLambda * carry * lastGae
                advantages[i] = lastGae
                returns[i] = lastGae + values[i]
            }
        }
    }

    /// Copies the transitions at `indices` into `batch` (resized when the
    /// batch size changes), row by row in index order.
    ///
    /// Cost: one pass over the selected rows through raw pointers (no
    /// per-element array access on this class's stored arrays).
    public func gather(_ indices: ArraySlice<Int>, into batch: inout RolloutMinibatch) {
        batch.resize(rows: indices.count, observationSize: observationSize, actionSize: actionSize)
        Self.gatherRows(observations, width: observationSize, indices, into: &batch.observations)
        Self.gatherRows(actions, width: actionSize, indices, into: &batch.actions)
        Self.gatherRows(logProbs, width: 1, indices, into: &batch.logProbs)
        Self.gatherRows(advantages, width: 1, indices, into: &batch.advantages)
        Self.gatherRows(returns, width: 1, indices, into: &batch.returns)
        Self.gatherRows(values, width: 1, indices, into: &batch.values)
    }

    /// `dst[r] = src[indices[r]]` for rows of `width` floats.
    static func gatherRows(_ src: [Float], width: Int, _ indices: ArraySlice<Int>, into dst: inout [Float]) {
        src.withUnsafeBufferPointer { s in
            dst.withUnsafeMutableBufferPointer { d in
                indices.withUnsafeBufferPointer { idx in
                    guard let sp = s.baseAddress, let dp = d.baseAddress, let ip = idx.baseAddress else { return }
                    // Rows copied four floats at a time, then the tail (no
                    // memmove call per row: rows are a few floats wide).
                    for r in 0..<idx.count {
                        let from = UnsafeRawPointer(sp + ip[r] &* width), to = UnsafeMutableRawPointer(dp + r &* width)
                        var j = 0
                        while j &+ 4 <= width {
                            to.storeBytes(of: from.loadUnaligned(fromByteOffset: j &* 4, as: SIMD4<Float>.self),
                                          toByteOffset: j &* 4, as: SIMD4<Float>.self)
                            j &+= 4
                        }
                        while j < width {
                            to.storeBytes(of: from.load(fromByteOffset: j &* 4, as: Float.self), toByteOffset: j &* 4, as: Float.self)
                            j &+= 1
                        }
                    }
                }
            }
        }
    }
}

/// One PPO minibatch gathered from a `RolloutBuffer` (buffers reused across minibatches).
public struct RolloutMinibatch {
    public var observations: [Float] = []
    public var actions: [Float] = []
    public var logProbs: [Float] = []
    public var advantages: [Float] = []
    public var returns: [Float] = []
    /// The rollout's value predictions (for value clipping).
    public var values: [Float] = []
    public private(set) var rows = 0

    public init() {}

    mutating func resize(rows b: Int, observationSize os: Int, actionSize asz: Int) {
        guard b != rows || observations.count != b * os || actions.count != b * asz else { return }
        rows = b
        observations = [Float](repeating: 0, count: b * os)
        actions = [Float](repeating: 0, count: b * asz)
        logProbs = [Float](repeating: 0, count: b)
        advantages = logProbs; returns = logProbs; values = logProbs
    }

    /// Normalizes the advantages to zero mean and unit (Bessel-corrected)
    /// standard deviation, `(A − mean)/(std + 1e-8)`, as SB3 does.
    mutating func normalizeAdvantages() {
        let b = rows
        guard b > 1 else { return }
        advantages.withUnsafeMutableBufferPointer { adv in
            var mean: Float = 0
            for x in adv { mean += x }
            mean /= Float(b)
            var v: Float = 0
            for x in adv { v += (x - mean) * (x - mean) }
            let std = (v / Float(b - 1)).squareRoot()
            for r in 0..<b { adv[r] = (adv[r] - mean) / (std + 1e-8) }
        }
    }
}
