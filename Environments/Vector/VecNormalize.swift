/// Stable-Baselines3's `VecNormalize` as a vector-environment wrapper:
/// observations normalized by running statistics, `clip((o − μ) / √(σ² + ε), ±clip_obs)`,
/// and rewards scaled by the running standard deviation of the discounted
/// return, `clip(r / √(σ²_R + ε), ±clip_reward)`. While `training`, every
/// reset and step folds the new raw observations (and returns) into the
/// statistics first, as SB3 does. Final observations of finished episodes
/// are normalized too (for bootstrapping truncations).
///
/// The statistics are plain values (`state`, Codable) so checkpoints store
/// them and acting can reuse them frozen (`normalize(observations:rows:)`).
/// Cost: one pass over the batch per step; no allocation per step.
///
/// ```swift
/// let venv = VecNormalize(try makeVector("MountainCar-v0", count: 16), gamma: 0.99, normalizeReward: false)
/// venv.reset(seed: 0)
/// venv.step(actions)                 // venv.observations normalized, venv.originalRewards raw
/// ```
public final class VecNormalize: VectorEnvironment {
    /// The wrapped vector environment (raw values).
    public let venv: any VectorEnvironment
    /// The running statistics and returns (what checkpoints store).
    public struct State: Codable, Equatable, Sendable {
        /// Observation statistics (nil: observations pass through).
        public var observations: RunningMeanStd?
        /// Discounted-return statistics (nil: rewards pass through).
        public var returns: RunningMeanStd?
        /// Each copy's running discounted return.
        public var runningReturns: [Double]
    }
    /// The statistics; assign to restore them.
    public var state: State
    /// Whether resets and steps update the statistics (false: frozen, for evaluation).
    public var training = true
    public let gamma: Double
    public let clipObservation: Double
    public let clipReward: Double
    public let epsilon: Double

    private let obs: UnsafeMutableBufferPointer<Float>
    private let finalObs: UnsafeMutableBufferPointer<Float>
    private let scaledRewards: UnsafeMutableBufferPointer<Double>
    private var returnsAsFloat: [Float]

    /// Wraps `venv`; `normalizeObservation`/`normalizeReward` choose what is
    /// normalized (SB3's `norm_obs`/`norm_reward`).
    public init(_ venv: any VectorEnvironment, gamma: Double = 0.99, normalizeObservation: Bool = true,
                normalizeReward: Bool = true, clipObservation: Double = 10, clipReward: Double = 10, epsilon: Double = 1e-8) {
        self.venv = venv
        self.gamma = gamma
        self.clipObservation = clipObservation
        self.clipReward = clipReward
        self.epsilon = epsilon
        let n = venv.count, d = venv.observationSize
        state = State(observations: normalizeObservation ? RunningMeanStd(size: d) : nil,
                      returns: normalizeReward ? RunningMeanStd(size: 1) : nil,
                      runningReturns: [Double](repeating: 0, count: n))
        obs = .allocate(capacity: n * d); obs.initialize(repeating: 0)
        finalObs = .allocate(capacity: n * d); finalObs.initialize(repeating: 0)
        scaledRewards = .allocate(capacity: n); scaledRewards.initialize(repeating: 0)
        returnsAsFloat = [Float](repeating: 0, count: n)
    }

    deinit { obs.deallocate(); finalObs.deallocate(); scaledRewards.deallocate() }

    public var count: Int { venv.count }
    public var singleObservationSpace: Box { venv.singleObservationSpace }
    public var singleActionSpace: Space { venv.singleActionSpace }
    public var autoresetMode: AutoresetMode { venv.autoresetMode }
    /// Normalized observations.
    public var observations: UnsafeBufferPointer<Float> { UnsafeBufferPointer(obs) }
    /// Normalized final observations (rows of finished episodes).
    public var finalObservations: UnsafeBufferPointer<Float> { UnsafeBufferPointer(finalObs) }
    /// Scaled rewards (raw when reward normalization is off).
    public var rewards: UnsafeBufferPointer<Double> { UnsafeBufferPointer(scaledRewards) }
    /// The wrapped environment's raw rewards (SB3's `get_original_reward`).
    public var originalRewards: UnsafeBufferPointer<Double> { venv.rewards }
    /// The wrapped environment's raw observations.
    public var originalObservations: UnsafeBufferPointer<Float> { venv.observations }
    public var terminations: UnsafeBufferPointer<Bool> { venv.terminations }
    public var truncations: UnsafeBufferPointer<Bool> { venv.truncations }
    public var finishedEpisodes: [FinishedEpisode] { venv.finishedEpisodes }

    public func reset(seed: UInt64?, options: ResetOptions?) {
        venv.reset(seed: seed, options: options)
        for i in state.runningReturns.indices { state.runningReturns[i] = 0 }
        let n = count, d = venv.observationSize
        if training, state.observations != nil { state.observations!.update(batch: venv.observations, rows: n) }
        copyNormalized(venv.observations, into: obs, rows: n * d)
        for i in 0..<n { scaledRewards[i] = 0 }
    }

    public func step(discrete actions: UnsafeBufferPointer<Int>) {
        venv.step(discrete: actions)
        afterStep()
    }

    public func step(continuous actions: UnsafeBufferPointer<Float>) {
        venv.step(continuous: actions)
        afterStep()
    }

    private func afterStep() {
        let n = count, d = venv.observationSize
        if training, state.observations != nil { state.observations!.update(batch: venv.observations, rows: n) }
        copyNormalized(venv.observations, into: obs, rows: n * d)
        copyNormalized(venv.finalObservations, into: finalObs, rows: n * d)
        let raw = venv.rewards
        guard state.returns != nil else {
            for i in 0..<n { scaledRewards[i] = raw[i] }
            return
        }
        if training {
            for i in 0..<n {
                state.runningReturns[i] = state.runningReturns[i] * gamma + raw[i]
                returnsAsFloat[i] = Float(state.runningReturns[i])
            }
            returnsAsFloat.withUnsafeBufferPointer { state.returns!.update(batch: $0, rows: n) }
        }
        let scale = (state.returns!.variance[0] + epsilon).squareRoot()
        for i in 0..<n {
            scaledRewards[i] = Swift.max(-clipReward, Swift.min(clipReward, raw[i] / scale))
            if venv.terminations[i] || venv.truncations[i] { state.runningReturns[i] = 0 }
        }
    }

    private func copyNormalized(_ source: UnsafeBufferPointer<Float>, into target: UnsafeMutableBufferPointer<Float>, rows values: Int) {
        for i in 0..<values { target[i] = source[i] }
        normalize(observations: target, rows: values / venv.observationSize)
    }

    /// Normalizes `rows` observations in place with the current statistics
    /// (unchanged: acting and evaluation). No-op without observation normalization.
    public func normalize(observations x: UnsafeMutableBufferPointer<Float>, rows: Int) {
        state.observations?.normalize(x, rows: rows, epsilon: epsilon, clip: clipObservation)
    }
}
