import SwiftletEnvironments

/// Returns of a set of evaluation episodes.
public struct EvaluationResult: Equatable, Sendable {
    public var returns: [Double]
    public var lengths: [Int]
    /// Mean episode return.
    public var mean: Double { returns.reduce(0, +) / Double(max(returns.count, 1)) }
    /// Population standard deviation of the returns (NumPy's `np.std`, as SB3 reports).
    public var std: Double {
        let m = mean
        return (returns.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(max(returns.count, 1))).squareRoot()
    }
}

/// Runs `episodes` full episodes of `policy` on a fresh `make(envID)`
/// environment (registered time limit): the first reset uses `seed`, the
/// following ones continue the env's generator (SB3's `evaluate_policy`
/// on a seeded env). Deterministic given the policy.
///
/// ```swift
/// let r = try evaluate(envID: "CartPole-v1", episodes: 10, seed: 1000) { obs in .discrete(obs[2] > 0 ? 1 : 0) }
/// print(r.mean, r.std)
/// ```
public func evaluate(envID: String, episodes: Int, seed: UInt64, maxEpisodeSteps: Int? = nil,
                     policy: ([Float]) -> Action) throws -> EvaluationResult {
    guard let spec = Registry.spec(envID) else { throw EnvironmentError.unknownEnvironment(id: envID, available: Registry.ids) }
    return try evaluate(environment: spec, episodes: episodes, seed: seed, maxEpisodeSteps: maxEpisodeSteps, policy: policy)
}

/// `evaluate(envID:…)` on a fresh environment made from `environment`
/// (registered or not), with its time limit.
public func evaluate(environment: EnvSpec, episodes: Int, seed: UInt64, maxEpisodeSteps: Int? = nil,
                     policy: ([Float]) -> Action) throws -> EvaluationResult {
    precondition(episodes > 0, "evaluate: episodes must be positive, got \(episodes)")
    let env = environment.makeEnvironment(maxEpisodeSteps: maxEpisodeSteps)
    var result = EvaluationResult(returns: [], lengths: [])
    var obs = [Float](repeating: 0, count: env.observationSize)
    for ep in 0..<episodes {
        _ = obs.withUnsafeMutableBufferPointer { env.reset(seed: ep == 0 ? seed : nil, options: nil, into: $0) }
        var total = 0.0, length = 0
        while true {
            let t = env.step(policy(obs), into: &obs)
            total += t.reward
            length += 1
            if t.terminated || t.truncated { break }
        }
        result.returns.append(total)
        result.lengths.append(length)
    }
    return result
}
