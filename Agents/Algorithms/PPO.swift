import Foundation
import SwiftletCore
import SwiftletNN
import SwiftletEnvironments

/// Proximal Policy Optimization (Schulman et al. 2017) with Stable-Baselines3's
/// semantics, in one readable file (in the spirit of CleanRL's `ppo.py`).
///
/// One `iterate()` collects `n_steps` over the `n_envs` copies of a vector
/// environment (batched policy inference without a graph), computes GAE(λ)
/// with truncation bootstrapped from the true final observation, then runs
/// `n_epochs` passes of seeded minibatch shuffles of the clipped surrogate
/// (optional value clipping, entropy bonus, global grad-norm clip, linear
/// annealing of learning rate and clip range, target-KL early stop). Box
/// actions use a diagonal Gaussian with a state-independent log-std, or
/// gSDE (`use_sde`, Raffin et al. 2021) as SB3 does.
///
/// All randomness comes from `seed`: network init, action sampling and
/// minibatch shuffles use separate derived generators; the environment copy
/// `i` is reset with `seed + i` (Gymnasium's rule).
///
/// ```swift
/// let ppo = try PPO(envID: "CartPole-v1", config: .preset(for: "CartPole-v1"), seed: 1)
/// while ppo.timesteps < ppo.config.nTimesteps { let m = try ppo.iterate() }
/// ```
public final class PPO {
    public let config: PPOConfig
    public let environment: EnvSpec
    public let seed: UInt64
    let envs: TrainingEnvironments
    /// The policy: the built-in `ActorCritic`, or one handed to `init(…, policy:)`.
    let net: any ActorCriticPolicy
    /// The built-in network when it uses gSDE (its latent and noise matrices).
    let sdeNet: ActorCritic?
    /// Discrete: number of actions; Box: action dimension.
    let actionCount: Int
    let optimizer: Adam<Float>
    @exclusivity(unchecked) var actionRNG: PCG64
    @exclusivity(unchecked) var shuffleRNG: PCG64
    let buffer: RolloutBuffer
    /// Observation and reward normalization (SB3's `VecNormalize` over the
    /// training copies), when `normalize_observation` or `normalize_reward`.
    let normalizer: VecNormalize?
    /// What the rollouts step: the normalizer, else the raw copies.
    let rolloutEnvs: any VectorEnvironment
    /// Environment steps taken.
    @exclusivity(unchecked) public internal(set) var timesteps = 0
    /// Rollouts completed.
    @exclusivity(unchecked) public internal(set) var iterations = 0
    /// Gradient updates made.
    @exclusivity(unchecked) public internal(set) var updates = 0
    @exclusivity(unchecked) var tracker: EpisodeTracker
    /// The (normalized) observations the next rollout step acts on.
    @exclusivity(unchecked) var lastObs: [Float]
    let nEnvs: Int
    let obsSize: Int
    let actionSize: Int
    let isDiscrete: Bool
    let actionLow: [Float]
    let actionHigh: [Float]
    /// gSDE: one exploration matrix per environment copy `[n_envs, h, d]`,
    /// redrawn at each rollout start (and every `sde_sample_freq` steps).
    @exclusivity(unchecked) var explorationMatrices: Tensor<Float>?

    /// A learner on the registered environment `envID`.
    public convenience init(envID: String, config: PPOConfig, seed: UInt64) throws {
        guard let spec = Registry.spec(envID) else {
            throw EnvironmentError.unknownEnvironment(id: envID, available: Registry.ids)
        }
        try self.init(environment: spec, config: config, seed: seed)
    }

    /// A learner on copies of `environment` (registered or a user's own spec)
    /// with the built-in `ActorCritic` of `config`'s architecture.
    public convenience init(environment: EnvSpec, config: PPOConfig, seed: UInt64) throws {
        try self.init(environment: environment, config: config, seed: seed, policy: nil)
    }

    /// A learner whose policy is `policy` (any `ActorCriticPolicy`, e.g. a
    /// network written from public ops) instead of the built-in one; nil
    /// builds the built-in. The network's weights are the caller's: only action
    /// sampling and minibatches draw from `seed`. gSDE needs the built-in policy.
    public init(environment: EnvSpec, config: PPOConfig, seed: UInt64, policy: (any ActorCriticPolicy)?) throws {
        ProcessSettings.applyDefaults()  // malloc tuning, OpenBLAS kernel fix (once per process)
        try config.validate()
        try Self.check(environment)
        self.config = config
        self.environment = environment
        self.seed = seed
        nEnvs = config.nEnvs
        envs = try TrainingEnvironments(spec: environment, count: nEnvs)
        let space = envs.venv.singleActionSpace
        obsSize = envs.venv.observationSize
        switch space {
        case .discrete(let d): isDiscrete = true; actionCount = d.n
        case .box(let b): isDiscrete = false; actionCount = b.size
        default: throw TrainingError.unsupportedEnvironment(envID: environment.id,
                                                            reason: "PPO supports Discrete and Box action spaces, not \(space)")
        }
        if let policy {
            if config.useSde {
                throw ConfigError.badValue(key: "use_sde", value: "true", expected: "false with a custom policy (gSDE needs the built-in ActorCritic)")
            }
            try checkPolicyShapes(policy, observationSize: obsSize, actionCount: actionCount, isDiscrete: isDiscrete,
                                  envID: environment.id)
            net = policy
            sdeNet = nil
        } else {
            var netRNG = derivedGenerator(seed: seed, stream: 0)
            let builtIn = try ActorCritic(observationSize: obsSize, actionSpace: space, config: config, generator: &netRNG)
            net = builtIn
            sdeNet = builtIn.useSde ? builtIn : nil
        }
        actionSize = isDiscrete ? 1 : actionCount
        actionLow = space.boxSpace?.low ?? []
        actionHigh = space.boxSpace?.high ?? []
        optimizer = Adam(net.parameters, learningRate: config.learningRate, epsilon: 1e-5)
        actionRNG = derivedGenerator(seed: seed, stream: 1)
        shuffleRNG = derivedGenerator(seed: seed, stream: 2)
        buffer = RolloutBuffer(nSteps: config.nSteps, nEnvs: nEnvs, observationSize: obsSize, actionSize: actionSize)
        normalizer = config.normalizeObservation || config.normalizeReward
            ? VecNormalize(envs.venv, gamma: config.gamma, normalizeObservation: config.normalizeObservation,
                           normalizeReward: config.normalizeReward)
            : nil
        rolloutEnvs = normalizer ?? envs.venv
        tracker = EpisodeTracker(nEnvs: nEnvs)
        rolloutEnvs.reset(seed: seed, options: nil)
        lastObs = Array(rolloutEnvs.observations)
    }

    /// The running observation statistics (nil without `normalize_observation`).
    var obsRMS: RunningMeanStd? {
        get { normalizer?.state.observations }
        set { normalizer?.state.observations = newValue }
    }
    /// The running return statistics (nil without `normalize_reward`).
    var retRMS: RunningMeanStd? {
        get { normalizer?.state.returns }
        set { normalizer?.state.returns = newValue }
    }
    /// Each copy's discounted return for reward scaling.
    var runningReturns: [Double] {
        get { normalizer?.state.runningReturns ?? [Double](repeating: 0, count: nEnvs) }
        set { normalizer?.state.runningReturns = newValue }
    }

    // MARK: Acting

    /// Samples actions for `obs` `[n, obsSize]` into `actions` (unclipped) and returns log-probs and values.
    func sampleActions(_ obs: [Float], rows n: Int, actions: inout [Float]) -> (logProbs: [Float], values: [Float]) {
        if sdeNet != nil { return sampleNoiseActions(obs, rows: n, actions: &actions) }
        let (out, v) = withNoGrad { net.forward(Tensor(shape: [n, obsSize], scalars: obs)) }
        let values = v.scalars
        var logProbs = [Float](repeating: 0, count: n)
        if isDiscrete {
            Categorical.sample(logits: out, generator: &actionRNG, actions: &actions, logProbs: &logProbs)
        } else {
            DiagonalNormal.sample(mean: out, logStd: net.logStd!.value, generator: &actionRNG, actions: &actions,
                                  logProbs: &logProbs)
        }
        return (logProbs, values)
    }

    /// Draws new gSDE exploration matrices, one per row of the next inputs.
    func resampleExplorationMatrices(rows: Int) {
        explorationMatrices = StateDependentNoise.explorationMatrices(
            logStd: sdeNet!.logStd!.value, actionCount: actionCount, count: rows, useExpln: sdeNet!.useExpln,
            generator: &actionRNG)
    }

    /// gSDE's `sampleActions`: mean + latent·M with the current matrices (fresh
    /// ones when their count does not match, e.g. for one observation).
    func sampleNoiseActions(_ obs: [Float], rows n: Int, actions: inout [Float]) -> (logProbs: [Float], values: [Float]) {
        if explorationMatrices?.shape[0] != n { resampleExplorationMatrices(rows: n) }
        return withNoGrad {
            let f = sdeNet!.forwardWithLatent(Tensor(shape: [n, obsSize], scalars: obs))
            let dist = sdeNet!.noiseDistribution(mean: f.policy, latent: f.latent!)
            let a = f.policy + dist.noise(matrices: explorationMatrices!)
            actions = a.scalars
            return (dist.logProb(a).scalars, f.value.scalars)
        }
    }

    /// The action for one raw observation: the mode (argmax or mean, clipped)
    /// when `deterministic`, else a sample. Normalizes with the frozen statistics.
    public func act(_ observation: [Float], deterministic: Bool) -> Action {
        var obs = observation
        if let normalizer { obs.withUnsafeMutableBufferPointer { normalizer.normalize(observations: $0, rows: 1) } }
        if deterministic {
            let out = withNoGrad { net.policyOutput(Tensor(shape: [1, obsSize], scalars: obs)) }.scalars
            return PPO.modeAction(out, isDiscrete: isDiscrete, low: actionLow, high: actionHigh)
        }
        var a = [Float](repeating: 0, count: actionSize)
        _ = sampleActions(obs, rows: 1, actions: &a)
        return isDiscrete ? .discrete(Int(a[0])) : .continuous(PPO.clip(a, actionLow, actionHigh))
    }

    static func modeAction(_ out: [Float], isDiscrete: Bool, low: [Float], high: [Float]) -> Action {
        if isDiscrete {
            var best = 0
            for j in 1..<out.count where out[j] > out[best] { best = j }
            return .discrete(best)
        }
        return .continuous(clip(out, low, high))
    }

    static func clip(_ a: [Float], _ low: [Float], _ high: [Float]) -> [Float] {
        (0..<a.count).map { min(max(a[$0], low[$0]), high[$0]) }
    }

    // MARK: Rollout

    /// Collects one rollout into `buffer` and computes advantages and returns.
    func collectRollout() {
        let venv = rolloutEnvs, raw = envs.venv
        let n = nEnvs, os = obsSize, gamma = config.gamma
        var actions = [Float](repeating: 0, count: n * actionSize)
        var discrete = [Int](repeating: 0, count: n)
        var clipped = [Float](repeating: 0, count: n * actionSize)
        for t in 0..<config.nSteps {
            if sdeNet != nil && (t == 0 || (config.sdeSampleFreq > 0 && t % config.sdeSampleFreq == 0)) {
                resampleExplorationMatrices(rows: n)
            }
            let (logProbs, values) = sampleActions(lastObs, rows: n, actions: &actions)
            if isDiscrete {
                for i in 0..<n { discrete[i] = Int(actions[i]) }
                discrete.withUnsafeBufferPointer { venv.step(discrete: $0) }
            } else {
                for i in 0..<n { for j in 0..<actionSize {
                    clipped[i * actionSize + j] = min(max(actions[i * actionSize + j], actionLow[j]), actionHigh[j])
                } }
                clipped.withUnsafeBufferPointer { venv.step(continuous: $0) }
            }
            timesteps += n
            let base = t * n
            let newObs = Array(venv.observations)
            var finalObs: [Float] = []
            var truncatedEnvs: [Int] = []
            for i in 0..<n {
                // Episode statistics in raw rewards; the buffer gets the scaled ones.
                let r = raw.rewards[i], term = venv.terminations[i], trunc = venv.truncations[i]
                tracker.record(env: i, reward: r, done: term || trunc)
                buffer.terminated[base + i] = term ? 1 : 0
                buffer.truncated[base + i] = (trunc && !term) ? 1 : 0
                buffer.finalValues[base + i] = 0
                if trunc && !term {
                    truncatedEnvs.append(i)
                    finalObs += venv.finalObservations[(i * os)..<((i + 1) * os)]
                }
            }
            let rewards = venv.rewards
            if !truncatedEnvs.isEmpty {
                let fv = withNoGrad { net.value(Tensor(shape: [truncatedEnvs.count, os], scalars: finalObs)) }.scalars
                for (k, i) in truncatedEnvs.enumerated() { buffer.finalValues[base + i] = fv[k] }
            }
            for i in 0..<n {
                buffer.rewards[base + i] = Float(rewards[i])
                buffer.values[base + i] = values[i]
                buffer.logProbs[base + i] = logProbs[i]
            }
            buffer.observations.replaceSubrange((base * os)..<((base + n) * os), with: lastObs)
            buffer.actions.replaceSubrange((base * actionSize)..<((base + n) * actionSize), with: actions)
            lastObs = newObs
        }
        let lastValues = withNoGrad { net.value(Tensor(shape: [n, os], scalars: lastObs)) }.scalars
        buffer.computeReturnsAndAdvantages(lastValues: lastValues, gamma: Float(gamma), gaeLambda: Float(config.gaeLambda))
    }

    // MARK: Update

    /// Runs the epochs of clipped-surrogate updates on the current rollout.
    func train() throws -> MetricsRow {
        let progress = Schedule.progressRemaining(step: timesteps, total: config.nTimesteps)
        let lr = Schedule(kind: config.lrSchedule, initial: config.learningRate).value(progressRemaining: progress)
        let clip = Schedule(kind: config.clipRangeSchedule, initial: config.clipRange).value(progressRemaining: progress)
        optimizer.learningRate = lr
        let params = net.parameters
        let os = obsSize
        var pgLosses: [Double] = [], valueLosses: [Double] = [], entropyLosses: [Double] = []
        var clipFractions: [Double] = [], kls: [Double] = []
        var lastLoss = 0.0, lastGradNorm = 0.0
        var continueTraining = true
        let fClip = Float(clip)
        let entropyInLoss = config.entCoef != 0
        var mb = RolloutMinibatch()  // reused across minibatches
        for _ in 0..<config.nEpochs {
            for idx in MinibatchSampler.epoch(size: buffer.size, batchSize: config.batchSize, generator: &shuffleRNG) {
                let b = idx.count
                buffer.gather(idx, into: &mb)
                if config.normalizeAdvantage { mb.normalizeAdvantages() }
                let obs = Tensor<Float>(shape: [b, os], scalars: mb.observations)
                let (out, latent, values) = sdeNet.map { $0.forwardWithLatent(obs) }
                    ?? { let f = net.forward(obs); return (f.policy, nil, f.value) }()
                let logp: Tensor<Float>, entropy: Tensor<Float>
                if let sde = sdeNet {
                    let dist = sde.noiseDistribution(mean: out, latent: latent!)
                    logp = dist.logProb(Tensor(shape: [b, actionSize], scalars: mb.actions))
                    entropy = entropyInLoss ? dist.entropy() : withNoGrad { dist.entropy() }
                } else {
                    (logp, entropy) = isDiscrete
                        ? Categorical.logProbAndEntropy(logits: out, actions: mb.actions, entropyGradient: entropyInLoss)
                        : DiagonalNormal.logProbAndEntropy(mean: out, logStd: net.logStd!.value, actions: mb.actions)
                }
                let (policyLoss, ratio) = clippedSurrogateLoss(logProb: logp, oldLogProb: Tensor(mb.logProbs),
                                                               advantages: Tensor(mb.advantages), clipRange: fClip)
                let vPred: Tensor<Float>
                if let cvf = config.clipRangeVf {
                    let oldVT = Tensor<Float>(mb.values)
                    vPred = oldVT + (values - oldVT).clamped(min: Float(-cvf), max: Float(cvf))
                } else {
                    vPred = values
                }
                // SB3's F.mse_loss(returns, values_pred): one fused op.
                let valueLoss = mseLoss(vPred, Tensor(mb.returns))
                let entropyLoss = -entropy.mean()
                // With ent_coef 0 the entropy term adds ±0: left out of the graph.
                let loss = entropyInLoss
                    ? policyLoss + entropyLoss * Float(config.entCoef) + valueLoss * Float(config.vfCoef)
                    : policyLoss + valueLoss * Float(config.vfCoef)

                var clipped = 0, kl = 0.0
                ratio.withUnsafeBufferPointer { rp in
                    for x in rp {
                        if abs(x - 1) > fClip { clipped += 1 }
                        kl += Double((x - 1) - Foundation.log(x))
                    }
                }
                kl /= Double(b)
                pgLosses.append(Double(policyLoss.scalar))
                valueLosses.append(Double(valueLoss.scalar))
                entropyLosses.append(Double(entropyLoss.scalar))
                clipFractions.append(Double(clipped) / Double(b))
                kls.append(kl)
                if let target = config.targetKl, kl > 1.5 * target { continueTraining = false; break }
                lastLoss = Double(loss.scalar)
                try checkFinite(lastLoss, "loss", timestep: timesteps, update: updates)
                optimizer.zeroGrad()
                loss.backward()
                // clip_grad_norm_ fused into the step: the same bits, one pass fewer.
                let (norm, clipFactor) = gradNormAndClipFactor(params, maxNorm: config.maxGradNorm)
                lastGradNorm = Double(norm)
                try checkFinite(lastGradNorm, "gradient norm", timestep: timesteps, update: updates)
                optimizer.step(gradientScale: clipFactor)
                updates += 1
            }
            if !continueTraining { break }
        }
        var row = MetricsRow()
        func mean(_ a: [Double]) -> Double? { a.isEmpty ? nil : a.reduce(0, +) / Double(a.count) }
        row["policy_loss"] = mean(pgLosses)
        row["value_loss"] = mean(valueLosses)
        row["entropy"] = mean(entropyLosses).map { -$0 }
        row["clip_fraction"] = mean(clipFractions)
        row["approx_kl"] = mean(kls)
        row["loss"] = lastLoss
        row["grad_norm"] = lastGradNorm
        row["learning_rate"] = lr
        row["clip_range"] = clip
        row["explained_variance"] = explainedVariance(predicted: buffer.values, target: buffer.returns)
        return row
    }

    /// One rollout plus its update. Returns the update's metrics (with episode statistics).
    @discardableResult
    public func iterate() throws -> MetricsRow {
        // Subnormal optimizer moments (dead units) would slow updates 2-3x;
        // flushing them is deterministic, so every caller gets the same bits.
        try withDenormalsFlushedToZero { try iterateOnce() }
    }

    func iterateOnce() throws -> MetricsRow {
        collectRollout()
        iterations += 1
        var row = try train()
        row.timesteps = timesteps
        row.episodes = tracker.episodes
        row.episodeReturnMean = tracker.meanReturn
        row.episodeLengthMean = tracker.meanLength
        return row
    }

    /// The network's named parameters (for checkpoints).
    var namedParameters: [(name: String, parameter: Parameter<Float>)] { net.namedParameters() }
}

/// `1 − Var(target − predicted) / Var(target)` (SB3's `explained_variance`), nil when Var(target) = 0.
public func explainedVariance(predicted: [Float], target: [Float]) -> Double? {
    let n = Double(target.count)
    guard n > 0 else { return nil }
    let my = target.reduce(0.0) { $0 + Double($1) } / n
    let vy = target.reduce(0.0) { $0 + (Double($1) - my) * (Double($1) - my) } / n
    guard vy > 0 else { return nil }
    var md = 0.0
    for i in 0..<target.count { md += Double(target[i] - predicted[i]) }
    md /= n
    var vd = 0.0
    for i in 0..<target.count { let d = Double(target[i] - predicted[i]) - md; vd += d * d }
    return 1 - (vd / n) / vy
}
