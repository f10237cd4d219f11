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
    public var observations: [Float]
    /// `[nSteps·nEnvs, actionSize]`; discrete actions as exact floats; the
    /// unclipped sample for Box actions.
    public var actions: [Float]
    public var rewards: [Float]
    public var values: [Float]
    public var logProbs: [Float]
    public var terminated: [Float]
    public var truncated: [Float]
    /// V(final observation) where `truncated`, else unused.
    public var finalValues: [Float]
    public var advantages: [Float]
    public var returns: [Float]

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
}
