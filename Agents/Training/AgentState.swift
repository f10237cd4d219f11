import Foundation
import SwiftletCore
import SwiftletNN
import SwiftletEnvironments

struct PPOResumeState: Codable {
    var timesteps: Int, iterations: Int, updates: Int
    var actionRNG: RNGState, shuffleRNG: RNGState
    var obsRMS: RunningMeanStd?, retRMS: RunningMeanStd?
    var runningReturns: [Double]
    var tracker: EpisodeTracker
    var lastObs: [Float]
    var envs: VectorEnvironmentState
}

extension PPO: Algorithm {
    public static let metricNames = ["loss", "policy_loss", "value_loss", "entropy", "approx_kl", "clip_fraction",
                                     "explained_variance", "learning_rate", "clip_range", "grad_norm"]
    public static let progressMetrics = ["approx_kl"]
    public static func preset(for environment: EnvSpec) -> PPOConfig { PPOConfig.preset(for: environment.id) }
    /// Networks with gradients, Adam moments and caches; the rollout buffer
    /// and a minibatch; activations of an update; the environment copies.
    public static func estimatedMemoryBytes(_ c: PPOConfig, environment: EnvSpec) -> Double {
        let obs = Double(environment.observationSpace.size), act = Double(environment.actionSpace.flatSize)
        let n = Double(c.nEnvs), rollout = Double(c.nSteps) * n
        let sizes = { (hidden: [Int]) in [environment.observationSpace.size] + hidden }
        let params = MemoryBudget.mlpParameters(sizes(c.netArchPi) + [max(environment.actionSpace.flatSize, 2)])
            + MemoryBudget.mlpParameters(sizes(c.netArchVf) + [1])
        let widest = Double((c.netArchPi + c.netArchVf).max() ?? 1)
        let activations = (Double(c.batchSize) + n) * widest * Double(c.netArchPi.count + c.netArchVf.count + 2) * 4
        return 4 * (6 * params + rollout * (obs + act + 10) + Double(c.batchSize) * (obs + act + 6) + activations)
            + n * (obs * 8 + 2048)
    }
    public static func check(_ environment: EnvSpec) throws {
        switch environment.actionSpace {
        case .discrete, .box: return
        default: throw TrainingError.unsupportedEnvironment(envID: environment.id,
            reason: "PPO supports Discrete and Box action spaces, not \(environment.actionSpace)")
        }
    }
    public func policyTensors() -> [String: Tensor<Float>] {
        Dictionary(uniqueKeysWithValues: net.namedParameters().map { ($0.name, $0.parameter.value.detached()) })
    }
    public func loadPolicyTensors(_ t: [String: Tensor<Float>]) throws { try loadNamed(net.namedParameters(), from: t, path: "policy") }
    public func resumeTensors() -> [String: StoredTensor] {
        Dictionary(uniqueKeysWithValues: optimizer.stateDict().map { ("optimizer.\($0.key)", $0.value) })
    }
    /// `obs_rms.mean`, `obs_rms.var` (F64, one per observation value) and
    /// `obs_rms.count` (F64, one value) when observations are normalized.
    public func actingTensors() -> [String: StoredTensor] {
        guard let rms = obsRMS else { return [:] }
        return ["obs_rms.mean": .float64(Tensor(shape: [rms.mean.count], scalars: rms.mean)),
                "obs_rms.var": .float64(Tensor(shape: [rms.variance.count], scalars: rms.variance)),
                "obs_rms.count": .float64(Tensor(shape: [1], scalars: [rms.count]))]
    }
    public func loadActingTensors(_ t: [String: StoredTensor], path: String) throws {
        guard obsRMS != nil else { return }
        guard case .float64(let m)? = t["obs_rms.mean"], case .float64(let v)? = t["obs_rms.var"],
              case .float64(let c)? = t["obs_rms.count"], m.count == obsSize, v.count == obsSize, c.count == 1 else {
            throw TrainingError.badCheckpoint(path: path, reason: "normalize_observation is on but tensors obs_rms.mean/var/count "
                                              + "are missing or not F64 of \(obsSize), \(obsSize) and 1 values")
        }
        guard m.scalars.allSatisfy({ $0.isFinite }), v.scalars.allSatisfy({ $0.isFinite && $0 >= 0 }),
              c.scalars[0].isFinite, c.scalars[0] > 0 else {
            throw TrainingError.badCheckpoint(path: path, reason: "observation statistics obs_rms.mean/var/count hold "
                                              + "non-finite or negative values")
        }
        var rms = RunningMeanStd(size: obsSize)
        rms.mean = m.scalars; rms.variance = v.scalars; rms.count = c.scalars[0]
        obsRMS = rms
    }
    public func resumeJSON() throws -> Data {
        try canonicalJSON(PPOResumeState(
            timesteps: timesteps, iterations: iterations, updates: updates,
            actionRNG: RNGState(actionRNG), shuffleRNG: RNGState(shuffleRNG), obsRMS: obsRMS, retRMS: retRMS,
            runningReturns: runningReturns, tracker: tracker, lastObs: lastObs, envs: try envs.snapshot()))
    }
    public func restoreResume(tensors: [String: StoredTensor], json: Data) throws {
        let s = try JSONDecoder().decode(PPOResumeState.self, from: json)
        var opt: [String: StoredTensor] = [:]
        for (k, v) in tensors where k.hasPrefix("optimizer.") { opt[String(k.dropFirst(10))] = v }
        try optimizer.loadStateDict(opt)
        guard let a = s.actionRNG.generator, let b = s.shuffleRNG.generator, s.envs.environments.count == nEnvs,
              s.lastObs.count == nEnvs * obsSize, s.tracker.fits(nEnvs: nEnvs), s.timesteps >= 0,
              s.runningReturns.count == nEnvs, (s.obsRMS == nil) == (obsRMS == nil), (s.retRMS == nil) == (retRMS == nil),
              s.obsRMS.map({ $0.mean.count == obsSize && $0.variance.count == obsSize }) ?? true,
              [s.obsRMS, s.retRMS].allSatisfy({ r in r.map { r in
                  r.mean.allSatisfy(\.isFinite) && r.variance.allSatisfy({ $0.isFinite && $0 >= 0 }) && r.count.isFinite && r.count > 0
              } ?? true }),
              s.retRMS.map({ $0.mean.count == 1 && $0.variance.count == 1 }) ?? true,
              s.lastObs.allSatisfy({ $0.isFinite }) else {
            throw TrainingError.badCheckpoint(path: "resume_state", reason: "inconsistent PPO state")
        }
        timesteps = s.timesteps; iterations = s.iterations; updates = s.updates
        actionRNG = a; shuffleRNG = b; obsRMS = s.obsRMS; retRMS = s.retRMS
        runningReturns = s.runningReturns; tracker = s.tracker; lastObs = s.lastObs
        try envs.restore(s.envs, path: "resume_state")
    }
}

struct PendingStep: Codable { var obs: [Float]; var action: Int; var reward: Double }

struct DQNResumeState: Codable {
    var timesteps: Int, updates: Int, nCalls: Int
    var explorationRate: Double
    var explorationRNG: RNGState, replayRNG: RNGState
    var tracker: EpisodeTracker
    var lastObs: [Float]
    var pending: [PendingStep]
    var envs: VectorEnvironmentState
    var replayPosition: Int, replayCount: Int
    var replaySaved: Bool
}

extension DQN: Algorithm {
    public static let metricNames = ["loss", "epsilon", "learning_rate", "grad_norm"]
    public static let progressMetrics = ["epsilon"]
    public static func preset(for environment: EnvSpec) -> DQNConfig { DQNConfig.preset(for: environment.id) }
    /// Online and target networks with gradients, Adam moments and caches;
    /// the replay buffer (and its priority trees); a batch's activations.
    public static func estimatedMemoryBytes(_ c: DQNConfig, environment: EnvSpec) -> Double {
        let obs = Double(environment.observationSpace.size)
        let params = MemoryBudget.mlpParameters([environment.observationSpace.size] + c.netArch
                                                + [environment.actionSpace.discreteCount ?? 1]) * (c.dueling ? 2 : 1)
        let widest = Double(c.netArch.max() ?? 1)
        let replay = Double(c.bufferSize) * (4 * (2 * obs + 6) + (c.prioritizedReplay ? 32 : 0))
        let activations = Double(c.batchSize) * widest * Double(c.netArch.count + 2) * 4 * 3
        return 4 * 8 * params + replay + Double(c.batchSize) * (2 * obs + 6) * 4 + activations + 4096
    }
    public static func check(_ environment: EnvSpec) throws {
        guard environment.actionSpace.discreteCount != nil else {
            throw TrainingError.unsupportedEnvironment(envID: environment.id,
                reason: "DQN needs a discrete action space; \(environment.id) has \(environment.actionSpace) (use --algo ppo)")
        }
    }
    public func policyTensors() -> [String: Tensor<Float>] {
        var d: [String: Tensor<Float>] = [:]
        for (n, p) in qNet.namedParameters() { d[n] = p.value.detached() }
        return d
    }
    public func loadPolicyTensors(_ t: [String: Tensor<Float>]) throws {
        try loadNamed(qNet.namedParameters(), from: t, path: "policy")
    }
    public func resumeTensors() -> [String: StoredTensor] {
        var d = Dictionary(uniqueKeysWithValues: optimizer.stateDict().map { ("optimizer.\($0.key)", $0.value) })
        for (n, p) in targetNet.namedParameters() { d["target.\(n)"] = .float32(p.value.detached()) }
        if config.saveReplayBuffer {
            let c = replay.capacity, o = replay.observationSize
            d["replay.observations"] = .float32(Tensor(shape: [c, o], scalars: replay.observations))
            d["replay.next_observations"] = .float32(Tensor(shape: [c, o], scalars: replay.nextObservations))
            d["replay.actions"] = .int64(Tensor(shape: [c], scalars: replay.actions.map { Int($0) }))
            d["replay.rewards"] = .float32(Tensor(shape: [c], scalars: replay.rewards))
            d["replay.discounts"] = .float32(Tensor(shape: [c], scalars: replay.discounts))
            d["replay.terminated"] = .float32(Tensor(shape: [c], scalars: replay.terminated))
            d["replay.truncated"] = .float32(Tensor(shape: [c], scalars: replay.truncated))
            if let per = prioritized {
                // Priorities per slot (the sum tree's leaves) and the running maximum, in F64.
                d["replay.priorities"] = .float64(Tensor(shape: [c], scalars: per.sums.leaves))
                d["replay.max_priority"] = .float64(Tensor(shape: [1], scalars: [per.maxPriority]))
            }
        }
        return d
    }
    public func resumeJSON() throws -> Data {
        try canonicalJSON(DQNResumeState(
            timesteps: timesteps, updates: updates, nCalls: nCalls, explorationRate: explorationRate,
            explorationRNG: RNGState(explorationRNG), replayRNG: RNGState(replayRNG), tracker: tracker, lastObs: lastObs,
            pending: pending.map { PendingStep(obs: $0.obs, action: $0.action, reward: $0.reward) },
            envs: try envs.snapshot(), replayPosition: replay.position, replayCount: replay.count,
            replaySaved: config.saveReplayBuffer))
    }
    public func restoreResume(tensors: [String: StoredTensor], json: Data) throws {
        let s = try JSONDecoder().decode(DQNResumeState.self, from: json)
        var opt: [String: StoredTensor] = [:]
        var target: [String: Tensor<Float>] = [:]
        for (k, v) in tensors {
            if k.hasPrefix("optimizer.") { opt[String(k.dropFirst(10))] = v }
            if k.hasPrefix("target."), case .float32(let t) = v { target[String(k.dropFirst(7))] = t }
        }
        try optimizer.loadStateDict(opt)
        try loadNamed(targetNet.namedParameters(), from: target, path: "target")
        guard let a = s.explorationRNG.generator, let b = s.replayRNG.generator else {
            throw TrainingError.badCheckpoint(path: "resume_state", reason: "bad generator state")
        }
        guard s.tracker.fits(nEnvs: 1), s.lastObs.count == obsSize, s.lastObs.allSatisfy({ $0.isFinite }), s.timesteps >= 0,
              s.nCalls >= 0, s.explorationRate.isFinite, s.pending.count < config.nStep,
              s.pending.allSatisfy({ $0.obs.count == obsSize && $0.action >= 0 && $0.action < actionCount }),
              s.replayCount >= 0, s.replayCount <= replay.capacity, s.replayPosition >= 0, s.replayPosition < replay.capacity else {
            throw TrainingError.badCheckpoint(path: "resume_state", reason: "inconsistent DQN state (episode tracker, last "
                                              + "observation, pending n-step transitions or replay position)")
        }
        if s.replaySaved {
            guard case .float32(let o)? = tensors["replay.observations"], case .float32(let n)? = tensors["replay.next_observations"],
                  case .int64(let ac)? = tensors["replay.actions"], case .float32(let r)? = tensors["replay.rewards"],
                  case .float32(let di)? = tensors["replay.discounts"], case .float32(let te)? = tensors["replay.terminated"],
                  case .float32(let tr)? = tensors["replay.truncated"], o.count == replay.observations.count,
                  n.count == o.count, ac.count == replay.capacity, r.count == replay.capacity, di.count == replay.capacity,
                  te.count == replay.capacity, tr.count == replay.capacity,
                  ac.scalars.allSatisfy({ $0 >= 0 && $0 < actionCount }) else {
                throw TrainingError.badCheckpoint(path: "replay", reason: "replay buffer tensors missing or of the wrong size")
            }
            var priorities: (leaves: [Double], max: Double)? = nil
            if prioritized != nil {
                guard case .float64(let pr)? = tensors["replay.priorities"], case .float64(let mp)? = tensors["replay.max_priority"],
                      pr.count == replay.capacity, mp.count == 1 else {
                    throw TrainingError.badCheckpoint(path: "replay", reason: "prioritized_replay is on but tensors "
                        + "replay.priorities (F64, \(replay.capacity)) / replay.max_priority (F64, 1) are missing or of the wrong size")
                }
                let p = pr.scalars, m = mp.scalars[0]
                guard m > 0, m.isFinite, p.allSatisfy({ $0 >= 0 && $0.isFinite }),
                      s.replayCount >= 0, p[0..<min(s.replayCount, p.count)].allSatisfy({ $0 > 0 }) else {
                    throw TrainingError.badCheckpoint(path: "replay", reason: "replay priorities must be finite, positive for "
                        + "stored transitions, and max_priority > 0 (max_priority \(m))")
                }
                priorities = (p, m)
            }
            replay.restore(observations: o.scalars, nextObservations: n.scalars, actions: ac.scalars.map { Int32($0) },
                           rewards: r.scalars, discounts: di.scalars, terminated: te.scalars, truncated: tr.scalars,
                           position: s.replayPosition, count: s.replayCount)
            if let per = prioritized, let p = priorities { per.restorePriorities(p.leaves, maxPriority: p.max) }
        }
        timesteps = s.timesteps; updates = s.updates; nCalls = s.nCalls; explorationRate = s.explorationRate
        explorationRNG = a; replayRNG = b; tracker = s.tracker; lastObs = s.lastObs
        pending = s.pending.map { ($0.obs, $0.action, $0.reward) }
        try envs.restore(s.envs, path: "resume_state")
    }
}
