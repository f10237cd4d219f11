// Advantage Actor-Critic (Mnih et al. 2016, synchronous) with Stable-Baselines3's
// semantics, written against Swiftlet's public API only, in one file.
//
// Registered with `Algorithms.register(A2C.self)`, it gets the trainer (run
// folder, `--set`/YAML configs, evaluation, checkpoints, bitwise resume, the
// NaN guard, metrics) and the command line (`train --algo a2c`, `eval`,
// `watch`, `plot`) exactly as the built-in algorithms do.
import Foundation
import SwiftletCore
import SwiftletNN
import SwiftletEnvironments
import SwiftletAgents

/// A2C's hyperparameters with SB3's names and defaults (`stable_baselines3/a2c/a2c.py`).
public struct A2CConfig: AgentConfig {
    public static let algorithm = "a2c"

    public var trainer = TrainerConfig()
    /// Parallel environments.
    public var nEnvs = 1
    /// Steps per environment per update (the rollout length).
    public var nSteps = 5
    /// RMSprop (or Adam) step size.
    public var learningRate = 7e-4
    public var gamma = 0.99
    /// GAE λ (1: the n-step return of the original A2C).
    public var gaeLambda = 1.0
    public var entCoef = 0.0
    public var vfCoef = 0.5
    public var maxGradNorm = 0.5
    /// RMSprop (SB3's default, alpha 0.99) instead of Adam.
    public var useRmsProp = true
    /// RMSprop's ε (inside the denominator, PyTorch's formula).
    public var rmsPropEps = 1e-5
    public var normalizeAdvantage = false
    /// Policy architecture (SB3's `policy_kwargs`).
    public var netArchPi = [64, 64]
    public var netArchVf = [64, 64]
    public var activationFn = ActivationKind.tanh

    public init() { trainer.logInterval = 5_000 }

    public static let fields: [ConfigField<A2CConfig>] = TrainerConfig.leadingFields(\.trainer) + [
        .int("n_envs", \.nEnvs, min: 1, "parallel environments"),
        .int("n_steps", \.nSteps, min: 1, "steps per environment per update"),
        .double("learning_rate", \.learningRate, in: 0...10, "optimizer step size"),
        .double("gamma", \.gamma, in: 0...1, "discount factor"),
        .double("gae_lambda", \.gaeLambda, in: 0...1, "GAE lambda, 1 = n-step returns"),
        .double("ent_coef", \.entCoef, in: -1e9...1e9, "entropy bonus coefficient"),
        .double("vf_coef", \.vfCoef, in: 0...1e9, "value loss coefficient"),
        .double("max_grad_norm", \.maxGradNorm, in: 0...1e9, "global gradient-norm clip"),
        .bool("use_rms_prop", \.useRmsProp, "RMSprop (else Adam)"),
        .double("rms_prop_eps", \.rmsPropEps, in: 0...1, "RMSprop epsilon"),
        .bool("normalize_advantage", \.normalizeAdvantage, "normalize advantages per update"),
        .intList("net_arch_pi", \.netArchPi, "policy hidden layers"),
        .intList("net_arch_vf", \.netArchVf, "value hidden layers"),
        .choice("activation_fn", \.activationFn, "tanh or relu"),
    ] + TrainerConfig.trailingFields(\.trainer)

    public init(from decoder: Decoder) throws { self = try Self.decodeFields(from: decoder) }
    public func encode(to encoder: Encoder) throws { try encodeFields(to: encoder) }

    /// RL-Baselines3-Zoo's tuned preset (`hyperparams/a2c.yml`), SB3's defaults elsewhere.
    public static func preset(for envID: String) -> A2CConfig {
        var c = A2CConfig()
        switch envID {
        case "CartPole-v1": c.nEnvs = 8; c.nTimesteps = 500_000; c.entCoef = 0
        default: break
        }
        c.evalFreq = max(c.nTimesteps / 10, 1)
        return c
    }
}

/// What A2C saves besides the networks for a bitwise resume.
struct A2CResumeState: Codable {
    var timesteps: Int, updates: Int
    var actionRNG: RNGState
    var tracker: EpisodeTracker
    var lastObs: [Float]
    var envs: VectorEnvironmentState
}

/// Synchronous advantage actor-critic: every `n_steps` × `n_envs` transitions,
/// one gradient step on the whole rollout of
/// `−mean(A·log π(a|s)) + vf_coef·MSE(R, V(s)) − ent_coef·mean(H)`,
/// with GAE(λ) advantages, bootstrapping time-limit truncations from the true
/// final observation (as SB3), global grad-norm clipping and RMSprop.
public final class A2C: Algorithm {
    public static let metricNames = ["loss", "policy_loss", "value_loss", "entropy", "explained_variance", "grad_norm"]
    public static let progressMetrics = ["value_loss"]

    public let config: A2CConfig
    public let environment: EnvSpec
    public let seed: UInt64
    public private(set) var timesteps = 0
    public private(set) var updates = 0
    /// The policy and value networks (SB3's `MlpPolicy`).
    public let policy: ActorCritic
    let envs: TrainingEnvironments
    let optimizer: any Optimizer<Float>
    let buffer: RolloutBuffer
    var actionRNG: PCG64
    var tracker: EpisodeTracker
    var lastObs: [Float]
    let obsSize: Int, actionSize: Int
    let low: [Float], high: [Float]

    public static func preset(for environment: EnvSpec) -> A2CConfig { A2CConfig.preset(for: environment.id) }

    public static func check(_ environment: EnvSpec) throws {
        switch environment.actionSpace {
        case .discrete, .box: return
        default: throw TrainingError.unsupportedEnvironment(envID: environment.id, reason: "A2C needs Discrete or Box actions")
        }
    }

    public init(environment: EnvSpec, config: A2CConfig, seed: UInt64) throws {
        try config.validate()
        self.config = config
        self.environment = environment
        self.seed = seed
        envs = try TrainingEnvironments(spec: environment, count: config.nEnvs)
        obsSize = envs.venv.observationSize
        let space = envs.venv.singleActionSpace
        var arch = PolicyArchitecture()
        arch.netArchPi = config.netArchPi; arch.netArchVf = config.netArchVf; arch.activation = config.activationFn
        var netRNG = derivedGenerator(seed: seed, stream: 0)
        policy = try ActorCritic(observationSize: obsSize, actionSpace: space, architecture: arch, generator: &netRNG)
        actionSize = policy.isDiscrete ? 1 : policy.actionCount
        low = space.boxSpace?.low ?? []
        high = space.boxSpace?.high ?? []
        optimizer = config.useRmsProp
            ? RMSprop(policy.parameters, learningRate: config.learningRate, alpha: 0.99, epsilon: config.rmsPropEps)
            : Adam(policy.parameters, learningRate: config.learningRate)
        buffer = RolloutBuffer(nSteps: config.nSteps, nEnvs: config.nEnvs, observationSize: obsSize, actionSize: actionSize)
        actionRNG = derivedGenerator(seed: seed, stream: 1)
        tracker = EpisodeTracker(nEnvs: config.nEnvs)
        envs.venv.reset(seed: seed, options: nil)
        lastObs = Array(envs.venv.observations)
    }

    /// Samples actions for `rows` observations; returns them (unclipped) with log-probabilities and values.
    func sample(_ obs: [Float], rows: Int) -> (actions: [Float], logProbs: [Float], values: [Float]) {
        withNoGrad {
            let (out, values) = policy.forward(Tensor(shape: [rows, obsSize], scalars: obs))
            if policy.isDiscrete {
                let dist = Categorical(logits: out)
                let a = dist.sample(generator: &actionRNG)
                return (a.scalars.map(Float.init), dist.logProb(a).scalars, values.scalars)
            }
            let dist = DiagonalNormal(mean: out, logStd: policy.logStd!.value)
            let a = dist.sample(generator: &actionRNG)
            return (a.scalars, dist.logProb(a).scalars, values.scalars)
        }
    }

    public func act(_ observation: [Float], deterministic: Bool) -> Action {
        if deterministic {
            let out = withNoGrad { policy.policyOutput(Tensor(shape: [1, obsSize], scalars: observation)) }.scalars
            if policy.isDiscrete { return .discrete(out.indices.max { out[$0] < out[$1] }!) }
            return .continuous(zip(out.indices, out).map { min(max($1, low[$0]), high[$0]) })
        }
        let a = sample(observation, rows: 1).actions
        return policy.isDiscrete ? .discrete(Int(a[0])) : .continuous(zip(a.indices, a).map { min(max($1, low[$0]), high[$0]) })
    }

    /// One rollout of `n_steps` and its gradient step.
    public func iterate() throws -> MetricsRow {
        try withDenormalsFlushedToZero {
            collectRollout()
            return try train()
        }
    }

    func collectRollout() {
        let venv = envs.venv, n = config.nEnvs
        for t in 0..<config.nSteps {
            let (actions, logProbs, values) = sample(lastObs, rows: n)
            if policy.isDiscrete {
                venv.step(actions.map { Int($0) })
            } else {
                venv.step(actions.indices.map { min(max(actions[$0], low[$0 % actionSize]), high[$0 % actionSize]) })
            }
            timesteps += n
            let base = t * n
            var truncated: [Int] = [], finalObs: [Float] = []
            for i in 0..<n {
                let term = venv.terminations[i], trunc = venv.truncations[i]
                tracker.record(env: i, reward: venv.rewards[i], done: term || trunc)
                buffer.rewards[base + i] = Float(venv.rewards[i])
                buffer.terminated[base + i] = term ? 1 : 0
                buffer.truncated[base + i] = trunc && !term ? 1 : 0
                buffer.finalValues[base + i] = 0
                buffer.values[base + i] = values[i]
                buffer.logProbs[base + i] = logProbs[i]
                if trunc && !term {
                    truncated.append(i)
                    finalObs += venv.finalObservations[(i * obsSize)..<((i + 1) * obsSize)]
                }
            }
            if !truncated.isEmpty {
                let v = withNoGrad { policy.value(Tensor(shape: [truncated.count, obsSize], scalars: finalObs)) }.scalars
                for (k, i) in truncated.enumerated() { buffer.finalValues[base + i] = v[k] }
            }
            buffer.observations.replaceSubrange((base * obsSize)..<((base + n) * obsSize), with: lastObs)
            buffer.actions.replaceSubrange((base * actionSize)..<((base + n) * actionSize), with: actions)
            lastObs = Array(venv.observations)
        }
        let last = withNoGrad { policy.value(Tensor(shape: [n, obsSize], scalars: lastObs)) }.scalars
        buffer.computeReturnsAndAdvantages(lastValues: last, gamma: Float(config.gamma), gaeLambda: Float(config.gaeLambda))
    }

    func train() throws -> MetricsRow {
        let rows = buffer.size
        let obs = Tensor<Float>(shape: [rows, obsSize], scalars: buffer.observations)
        let (out, values) = policy.forward(obs)
        let logProb: Tensor<Float>, entropy: Tensor<Float>
        if policy.isDiscrete {
            let dist = Categorical(logits: out)
            let actions = Tensor<Int>(shape: [rows], scalars: buffer.actions.map { Int($0) })
            (logProb, entropy) = (dist.logProb(actions), dist.entropy())
        } else {
            let dist = DiagonalNormal(mean: out, logStd: policy.logStd!.value)
            (logProb, entropy) = (dist.logProb(Tensor(shape: [rows, actionSize], scalars: buffer.actions)), dist.entropy())
        }
        var adv = buffer.advantages
        if config.normalizeAdvantage {
            let m = adv.reduce(0, +) / Float(rows)
            let sd = (adv.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Float(rows - 1)).squareRoot()
            adv = adv.map { ($0 - m) / (sd + 1e-8) }
        }
        let policyLoss = -(Tensor<Float>(adv) * logProb).mean()
        let valueLoss = mseLoss(values, Tensor(buffer.returns))
        let entropyLoss = -entropy.mean()
        let loss = policyLoss + entropyLoss * Float(config.entCoef) + valueLoss * Float(config.vfCoef)
        try checkFinite(Double(loss.scalar), "loss", timestep: timesteps, update: updates)
        optimizer.zeroGrad()
        loss.backward()
        let norm = clipGradNorm(policy.parameters, maxNorm: config.maxGradNorm)
        try checkFinite(Double(norm), "gradient norm", timestep: timesteps, update: updates)
        optimizer.step()
        updates += 1

        var row = MetricsRow()
        row.timesteps = timesteps
        row.episodes = tracker.episodes
        row.episodeReturnMean = tracker.meanReturn
        row.episodeLengthMean = tracker.meanLength
        row["loss"] = Double(loss.scalar)
        row["policy_loss"] = Double(policyLoss.scalar)
        row["value_loss"] = Double(valueLoss.scalar)
        row["entropy"] = -Double(entropyLoss.scalar)
        row["explained_variance"] = explainedVariance(predicted: buffer.values, target: buffer.returns)
        row["grad_norm"] = Double(norm)
        return row
    }

    // MARK: Checkpoints

    public func policyTensors() -> [String: Tensor<Float>] { policy.stateDict() }
    public func loadPolicyTensors(_ tensors: [String: Tensor<Float>]) throws {
        try loadNamed(policy.namedParameters(), from: tensors, path: "policy")
    }
    public func resumeTensors() -> [String: StoredTensor] {
        Dictionary(uniqueKeysWithValues: optimizer.stateDict().map { ("optimizer.\($0.key)", $0.value) })
    }
    public func resumeJSON() throws -> Data {
        try canonicalJSON(A2CResumeState(timesteps: timesteps, updates: updates, actionRNG: RNGState(actionRNG),
                                                tracker: tracker, lastObs: lastObs, envs: try envs.snapshot()))
    }
    public func restoreResume(tensors: [String: StoredTensor], json: Data) throws {
        let s = try JSONDecoder().decode(A2CResumeState.self, from: json)
        guard let rng = s.actionRNG.generator, s.lastObs.count == config.nEnvs * obsSize else {
            throw TrainingError.badCheckpoint(path: "resume_state", reason: "inconsistent A2C state")
        }
        try optimizer.loadStateDict(SwiftletAgents.tensors(tensors, under: "optimizer."))
        try envs.restore(s.envs, path: "resume_state")
        timesteps = s.timesteps; updates = s.updates; actionRNG = rng; tracker = s.tracker; lastObs = s.lastObs
    }
}
