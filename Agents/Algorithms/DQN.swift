import Foundation
import SwiftletCore
import SwiftletNN
import SwiftletEnvironments

/// Deep Q-Network (Mnih et al. 2015) with Stable-Baselines3's semantics, in
/// one readable file: `learning_starts` random steps, ε-greedy with SB3's
/// linear schedule over `exploration_fraction`, a training phase every
/// `train_freq` steps of `gradient_steps` Huber-loss (smooth L1) updates with
/// Adam and global grad-norm clipping, and a target network updated every
/// `target_update_interval` steps (hard copy, or Polyak with `tau` < 1).
/// Options beyond SB3: Double DQN, a dueling head, n-step returns, and
/// proportional prioritized replay (`prioritized_replay`: replay ∝ (|δ|+ε)^α,
/// the Huber loss weighted per sample by importance-sampling weights with β
/// annealed linearly to `prioritized_replay_beta_final`, and the batch's |δ|
/// written back as priorities after each gradient step).
///
/// Truncation: a time-limit end stores its true final observation and is
/// not terminal, so the target bootstraps from it; termination does not.
///
/// ```swift
/// let dqn = try DQN(envID: "CartPole-v1", config: .preset(for: "CartPole-v1"), seed: 0)
/// while dqn.timesteps < dqn.config.nTimesteps { try dqn.iterate() }
/// ```
public final class DQN {
    public let config: DQNConfig
    public let environment: EnvSpec
    public let seed: UInt64
    let envs: TrainingEnvironments
    let qNet: QNetwork
    let targetNet: QNetwork
    let optimizer: Adam<Float>
    let replay: ReplayBuffer
    /// Set when `prioritized_replay` is on; its `storage` is `replay`.
    let prioritized: PrioritizedReplayBuffer?
    @exclusivity(unchecked) var batch: ReplayBatch
    /// Importance-sampling weights of `batch` (prioritized replay only).
    @exclusivity(unchecked) var isWeights: [Float]
    @exclusivity(unchecked) var tdErrors: [Float]
    @exclusivity(unchecked) var explorationRNG: PCG64
    @exclusivity(unchecked) var replayRNG: PCG64
    @exclusivity(unchecked) public internal(set) var timesteps = 0
    @exclusivity(unchecked) public internal(set) var updates = 0
    /// SB3's `_n_calls` (steps seen by the target-update rule).
    @exclusivity(unchecked) var nCalls = 0
    @exclusivity(unchecked) var explorationRate: Double
    @exclusivity(unchecked) var tracker = EpisodeTracker(nEnvs: 1)
    @exclusivity(unchecked) var lastObs: [Float]
    /// Pending n-step transitions: (obs, action, reward).
    @exclusivity(unchecked) var pending: [(obs: [Float], action: Int, reward: Double)] = []
    let obsSize: Int
    let actionCount: Int
    let exploration: Schedule

    /// A learner on the registered environment `envID`.
    public convenience init(envID: String, config: DQNConfig, seed: UInt64) throws {
        guard let spec = Registry.spec(envID) else {
            throw EnvironmentError.unknownEnvironment(id: envID, available: Registry.ids)
        }
        try self.init(environment: spec, config: config, seed: seed)
    }

    /// A learner on copies of `environment` (registered or a user's own spec).
    public init(environment: EnvSpec, config: DQNConfig, seed: UInt64) throws {
        ProcessSettings.applyDefaults()  // malloc tuning, OpenBLAS kernel fix (once per process)
        try config.validate()
        try Self.check(environment)
        self.config = config
        self.environment = environment
        self.seed = seed
        envs = try TrainingEnvironments(spec: environment, count: 1)
        guard let n = envs.venv.singleActionSpace.discreteCount else {
            throw TrainingError.unsupportedEnvironment(envID: environment.id,
                reason: "DQN needs a Discrete action space, not \(envs.venv.singleActionSpace)")
        }
        actionCount = n
        obsSize = envs.venv.observationSize
        var netRNG = derivedGenerator(seed: seed, stream: 0)
        qNet = QNetwork(observationSize: obsSize, actionCount: n, netArch: config.netArch, activation: config.activationFn,
                        dueling: config.dueling, generator: &netRNG)
        targetNet = QNetwork(observationSize: obsSize, actionCount: n, netArch: config.netArch, activation: config.activationFn,
                             dueling: config.dueling, generator: &netRNG)
        targetNet.copyParameters(from: qNet)
        optimizer = Adam(qNet.parameters, learningRate: config.learningRate)
        if config.prioritizedReplay {
            let per = PrioritizedReplayBuffer(capacity: config.bufferSize, observationSize: obsSize,
                                              alpha: config.prioritizedReplayAlpha, epsilon: config.prioritizedReplayEps)
            prioritized = per
            replay = per.storage
        } else {
            prioritized = nil
            replay = ReplayBuffer(capacity: config.bufferSize, observationSize: obsSize)
        }
        batch = ReplayBatch(batchSize: config.batchSize, observationSize: obsSize)
        isWeights = [Float](repeating: 1, count: config.prioritizedReplay ? config.batchSize : 0)
        tdErrors = isWeights
        explorationRNG = derivedGenerator(seed: seed, stream: 1)
        replayRNG = derivedGenerator(seed: seed, stream: 2)
        exploration = .linearDecay(start: config.explorationInitialEps, end: config.explorationFinalEps,
                                   endFraction: config.explorationFraction)
        explorationRate = config.explorationInitialEps
        envs.venv.reset(seed: seed, options: nil)
        lastObs = Array(envs.venv.observations)
    }

    /// Greedy action for one observation.
    func greedy(_ obs: [Float]) -> Int {
        let q = withNoGrad { qNet(Tensor(shape: [1, obsSize], scalars: obs)) }.scalars
        var best = 0
        for j in 1..<q.count where q[j] > q[best] { best = j }
        return best
    }

    /// The greedy action when `deterministic`, else ε-greedy with the current ε.
    public func act(_ observation: [Float], deterministic: Bool) -> Action {
        if !deterministic && explorationRNG.nextDouble() < explorationRate {
            return .discrete(explorationRNG.nextInt(below: actionCount))
        }
        return .discrete(greedy(observation))
    }

    /// Current ε.
    public var epsilon: Double { explorationRate }

    /// The replay buffer's transitions (read-only use: inspection and tests).
    public var replayBuffer: ReplayBuffer { replay }

    /// The prioritized replay buffer when `prioritized_replay` is on (its
    /// `storage` is `replayBuffer`), else nil.
    public var prioritizedReplayBuffer: PrioritizedReplayBuffer? { prioritized }

    /// Q-values of the online network for `observations` (row-major,
    /// `n × observationSize`), as `n × actionCount` row-major values.
    /// Cost: one forward pass without recording.
    public func qValues(_ observations: [Float]) -> [Float] {
        precondition(observations.count % obsSize == 0 && !observations.isEmpty,
                     "DQN.qValues: \(observations.count) values are not rows of \(obsSize)")
        return withNoGrad { qNet(Tensor(shape: [observations.count / obsSize, obsSize], scalars: observations)) }.scalars
    }

    /// Prioritized replay's importance-sampling exponent β now: linear from
    /// `prioritized_replay_beta0` at step 0 to `prioritized_replay_beta_final`
    /// at `n_timesteps` (Baselines' `LinearSchedule` over the training steps).
    public var prioritizedReplayBeta: Double {
        let done = 1 - Schedule.progressRemaining(step: timesteps, total: config.nTimesteps)
        return config.prioritizedReplayBeta0 + done * (config.prioritizedReplayBetaFinal - config.prioritizedReplayBeta0)
    }

    /// Adds the oldest pending transition as an n-step transition ending at `next`.
    func emitOldest(next: [Float], terminated: Bool, truncated: Bool) {
        var ret = 0.0, discount = 1.0
        for p in pending { ret += discount * p.reward; discount *= config.gamma }
        let first = pending.removeFirst()
        if let per = prioritized {
            per.add(observation: first.obs, action: first.action, reward: Float(ret), nextObservation: next,
                    terminated: terminated, truncated: truncated, discount: Float(discount))
        } else {
            replay.add(observation: first.obs, action: first.action, reward: Float(ret), nextObservation: next,
                       terminated: terminated, truncated: truncated, discount: Float(discount))
        }
    }

    /// One environment step (with storage and the target/ε rules).
    func envStep() {
        let action: Int
        if timesteps < config.learningStarts {
            action = explorationRNG.nextInt(below: actionCount)
        } else if explorationRNG.nextDouble() < explorationRate {
            action = explorationRNG.nextInt(below: actionCount)
        } else {
            action = greedy(lastObs)
        }
        let venv = envs.venv
        [action].withUnsafeBufferPointer { venv.step(discrete: $0) }
        timesteps += 1
        let r = venv.rewards[0], term = venv.terminations[0], trunc = venv.truncations[0]
        let done = term || trunc
        let newObs = Array(venv.observations)
        let next = done ? Array(venv.finalObservations[0..<obsSize]) : newObs
        tracker.record(env: 0, reward: r, done: done)
        pending.append((lastObs, action, r))
        if done {
            while !pending.isEmpty { emitOldest(next: next, terminated: term, truncated: trunc && !term) }
        } else if pending.count >= config.nStep {
            emitOldest(next: next, terminated: false, truncated: false)
        }
        lastObs = newObs
        nCalls += 1
        if nCalls % config.targetUpdateInterval == 0 {
            if config.tau >= 1 { targetNet.copyParameters(from: qNet) } else { targetNet.softUpdate(from: qNet, tau: config.tau) }
        }
        explorationRate = exploration.value(progressRemaining: Schedule.progressRemaining(step: timesteps, total: config.nTimesteps))
    }

    /// `gradientSteps` Huber-loss updates on replayed minibatches.
    func train(gradientSteps: Int) throws -> MetricsRow {
        let progress = Schedule.progressRemaining(step: timesteps, total: config.nTimesteps)
        let lr = Schedule(kind: config.lrSchedule, initial: config.learningRate).value(progressRemaining: progress)
        optimizer.learningRate = lr
        let params = qNet.parameters
        var losses: [Double] = []
        var gradNorm = 0.0
        var index = Tensor<Int>(repeating: 0, shape: [config.batchSize, 1])
        let beta = prioritizedReplayBeta
        for _ in 0..<gradientSteps {
            if let per = prioritized {
                per.sample(into: &batch, weights: &isWeights, beta: beta, generator: &replayRNG)
            } else {
                replay.sample(into: &batch, generator: &replayRNG)
            }
            let step = try gradientStep(params: params, index: &index)
            losses.append(step.loss)
            gradNorm = step.gradNorm
        }
        var row = MetricsRow()
        row["loss"] = losses.isEmpty ? nil : losses.reduce(0, +) / Double(losses.count)
        row["grad_norm"] = gradNorm
        row["learning_rate"] = lr
        return row
    }

    /// One gradient step on a given minibatch instead of a sampled one (for
    /// custom loops and for checking the update against other libraries);
    /// uniform replay only. Returns the Huber loss and the gradient norm
    /// before clipping; the target network is not copied.
    ///
    /// ```swift
    /// var b = ReplayBatch(batchSize: dqn.config.batchSize, observationSize: 2)
    /// // fill b.observations, b.actions, b.rewards, b.discounts, b.terminated, …
    /// let (loss, norm) = try dqn.update(on: b)
    /// ```
    public func update(on batch: ReplayBatch) throws -> (loss: Double, gradNorm: Double) {
        precondition(prioritized == nil, "DQN.update(on:): not with prioritized replay")
        precondition(batch.batchSize == config.batchSize && batch.observationSize == obsSize,
                     "DQN.update(on:): batch of \(batch.batchSize)×\(batch.observationSize), expected \(config.batchSize)×\(obsSize)")
        self.batch = batch
        var index = Tensor<Int>(repeating: 0, shape: [config.batchSize, 1])
        return try withDenormalsFlushedToZero { try gradientStep(params: qNet.parameters, index: &index) }
    }

    /// The online and target Q-networks' parameters with PyTorch-style names
    /// (`q_net.0.weight`, …), shared: writing them changes the networks.
    public var qNetworkParameters: [(name: String, parameter: Parameter<Float>)] { qNet.namedParameters() }
    public var targetNetworkParameters: [(name: String, parameter: Parameter<Float>)] { targetNet.namedParameters() }

    /// One Huber-loss update on `batch` (already sampled): SB3's DQN `train()`
    /// for one gradient step. Returns the loss and the gradient norm before clipping.
    func gradientStep(params: [Parameter<Float>], index: inout Tensor<Int>) throws -> (loss: Double, gradNorm: Double) {
        let b = config.batchSize, os = obsSize, k = actionCount
        let nextObs = Tensor<Float>(shape: [b, os], scalars: batch.nextObservations)
        var target = [Float](repeating: 0, count: b)
        withNoGrad {
            let qt = targetNet(nextObs).scalars
            let qo = config.doubleQ ? qNet(nextObs).scalars : []
            for i in 0..<b {
                var next: Float
                if config.doubleQ {
                    var a = 0
                    for j in 1..<k where qo[i * k + j] > qo[i * k + a] { a = j }
                    next = qt[i * k + a]
                } else {
                    next = qt[i * k]
                    for j in 1..<k { next = max(next, qt[i * k + j]) }
                }
                target[i] = batch.rewards[i] + (1 - batch.terminated[i]) * batch.discounts[i] * next
            }
        }
        index.withUnsafeMutableBufferPointer { ip in
            for i in 0..<b { ip[i] = batch.actions[i] }
        }
        let q = qNet(Tensor(shape: [b, os], scalars: batch.observations))
        let current = q.gathered(dim: 1, index: index).reshaped([b])
        let loss: Tensor<Float>
        if prioritized != nil {
            let c = current.scalars
            for i in 0..<b { tdErrors[i] = c[i] - target[i] }
            loss = weightedSmoothL1Loss(current, Tensor(target), weights: Tensor(isWeights))
        } else {
            // SB3's F.smooth_l1_loss: one fused op (forward and backward).
            loss = smoothL1Loss(current, Tensor(target))
        }
        let l = Double(loss.scalar)
        try checkFinite(l, "loss", timestep: timesteps, update: updates)
        optimizer.zeroGrad()
        loss.backward()
        // clip_grad_norm_ fused into the step: the same bits, one pass fewer.
        let (norm, clipFactor) = gradNormAndClipFactor(params, maxNorm: config.maxGradNorm)
        let gradNorm = Double(norm)
        try checkFinite(gradNorm, "gradient norm", timestep: timesteps, update: updates)
        optimizer.step(gradientScale: clipFactor)
        if let per = prioritized {
            // δ from this step's forward pass (before the update), as Baselines.
            per.updatePriorities(indices: batch.indices, tdErrors: tdErrors)
        }
        updates += 1
        return (l, gradNorm)
    }

    /// Collects `train_freq` steps (fewer at the end of the budget), then
    /// trains when past `learning_starts`. Returns the phase's metrics.
    @discardableResult
    public func iterate() throws -> MetricsRow {
        // Subnormal optimizer moments (dead units) would slow updates 2-3x;
        // flushing them is deterministic, so every caller gets the same bits.
        try withDenormalsFlushedToZero { try iterateOnce() }
    }

    func iterateOnce() throws -> MetricsRow {
        let steps = min(config.trainFreq, max(config.nTimesteps - timesteps, 1))
        for _ in 0..<steps { envStep() }
        var row = MetricsRow()
        if timesteps > config.learningStarts && replay.count >= 1 {
            row = try train(gradientSteps: config.gradientSteps >= 0 ? config.gradientSteps : steps)
        }
        row.timesteps = timesteps
        row.episodes = tracker.episodes
        row.episodeReturnMean = tracker.meanReturn
        row.episodeLengthMean = tracker.meanLength
        row["epsilon"] = explorationRate
        return row
    }
}
