import Foundation
import SwiftletCore
import SwiftletNN
import SwiftletEnvironments

/// A progress report, sent after every iteration (PPO rollout / DQN train phase).
public struct TrainingProgress: Sendable {
    public var timesteps: Int
    public var totalTimesteps: Int
    /// Steps per second since this process started training.
    public var fps: Double
    public var episodes: Int
    /// Mean return of the last 100 training episodes.
    public var recentReturn: Double?
    /// The iteration's metrics row (the algorithm's named values included).
    public var metrics: MetricsRow
    /// The algorithm's `progressMetrics` with their values in this row.
    public var highlights: [(name: String, value: Double)]
    /// The latest evaluation, if one ran at this iteration.
    public var evaluation: EvaluationResult?
    /// ε of ε-greedy exploration, when the algorithm reports it.
    public var epsilon: Double? { metrics["epsilon"] }
    /// PPO's approximate KL, when the algorithm reports it.
    public var approxKL: Double? { metrics["approx_kl"] }
}

/// How a run ended.
public struct TrainingSummary: Sendable {
    public var timesteps: Int
    public var wallSeconds: Double
    /// The last evaluation (always run at the end unless stopped by `shouldStop`).
    public var finalEvaluation: EvaluationResult?
    public var bestEvaluationMean: Double?
    /// True when `shouldStop` ended the run before the budget.
    public var interrupted: Bool
    /// True when `stop_reward_threshold` was reached.
    public var reachedThreshold: Bool
    public var runDirectory: URL?
}

struct TrainerState: Codable {
    var nextLog: Int, nextEval: Int, nextCheckpoint: Int
    var bestEval: Double?

    /// Throws unless the state is one a run at `timesteps` with `config` can
    /// have written: every due step in `(timesteps, timesteps + interval]`
    /// (or never, for a disabled evaluation or checkpoint interval), and a
    /// finite best evaluation.
    func validate(timesteps t: Int, config c: TrainerConfig, path: String) throws {
        func check(_ name: String, _ next: Int, _ interval: Int, canBeOff: Bool) throws {
            if canBeOff && interval == 0 {
                guard next == Int.max else {
                    throw TrainingError.badCheckpoint(path: path, reason: "trainer_state.\(name) is \(next) but its interval is 0 (off)")
                }
                return
            }
            guard interval > 0, next > t, next - t <= interval else {
                throw TrainingError.badCheckpoint(path: path, reason: "trainer_state.\(name) is \(next); a run at \(t) steps "
                                                  + "with an interval of \(interval) has it in \(t + 1)...\(t &+ interval)")
            }
        }
        try check("nextLog", nextLog, c.logInterval, canBeOff: false)
        try check("nextEval", nextEval, c.evalFreq, canBeOff: true)
        try check("nextCheckpoint", nextCheckpoint, c.checkpointFreq, canBeOff: true)
        if let b = bestEval, !b.isFinite {
            throw TrainingError.badCheckpoint(path: path, reason: "trainer_state.bestEval is \(b)")
        }
    }
}

/// The first multiple-step `next + k·interval` (k ≥ 0) above `t`, in O(1).
func advance(_ next: Int, past t: Int, by interval: Int) -> Int {
    guard next <= t else { return next }
    return next + ((t - next) / interval + 1) * interval
}

/// Trains agents and writes run folders.
///
/// A run folder holds `config.yml` (the resolved config with algorithm, env
/// id and seed), `metrics.csv` (see `MetricsRow.columns`), and
/// `checkpoints/last.safetensors`, `checkpoints/best.safetensors` (best
/// evaluation) and `checkpoints/step_<N>.safetensors` (every `checkpoint_freq`).
/// Checkpoints are safetensors files: tensors `policy.*` (the networks),
/// (PPO with `normalize_observation`, in every checkpoint) `obs_rms.mean`,
/// `obs_rms.var`, `obs_rms.count`, `optimizer.*`, (DQN) `target.*` and `replay.*`; metadata `algo`, `env_id`,
/// `seed`, `config` (JSON), `observation_shape`, `action_space`, `timesteps`,
/// `resume_state` and `trainer_state`.
///
/// ```swift
/// let summary = try Trainer.train(configuration: .ppo(.preset(for: "CartPole-v1")), envID: "CartPole-v1",
///                                 seed: 1, runDirectory: URL(fileURLWithPath: "runs/ppo-cartpole"))
/// // any registered algorithm, any environment spec (registered or not):
/// try Trainer.train(configuration: AgentConfiguration(myConfig), environment: mySpec, seed: 1, runDirectory: nil)
/// let resumed = try Trainer.resume(runDirectory: URL(fileURLWithPath: "runs/ppo-cartpole"))
/// ```
public enum Trainer {
    /// Trains from scratch. `steps` overrides `n_timesteps` (and so the schedules).
    /// `progress` is called after every iteration; `shouldStop` is polled
    /// there too and, when true, the run saves `last` and returns (Ctrl-C).
    /// Errors: `ConfigError`, `EnvironmentError.unknownEnvironment`,
    /// `TrainingError` (non-finite loss: the last good checkpoint is kept).
    @discardableResult
    public static func train(configuration: AgentConfiguration, envID: String, seed: UInt64, steps: Int? = nil,
                             runDirectory: URL?, progress: (TrainingProgress) -> Void = { _ in },
                             shouldStop: () -> Bool = { false }) throws -> TrainingSummary {
        guard let spec = Registry.spec(envID) else { throw EnvironmentError.unknownEnvironment(id: envID, available: Registry.ids) }
        return try train(configuration: configuration, environment: spec, seed: seed, steps: steps, runDirectory: runDirectory,
                         progress: progress, shouldStop: shouldStop)
    }

    /// Trains on `environment`, a registered spec or a user's own (a run of an
    /// unregistered environment cannot be resumed or watched by id later).
    @discardableResult
    public static func train(configuration: AgentConfiguration, environment: EnvSpec, seed: UInt64, steps: Int? = nil,
                             runDirectory: URL?, progress: (TrainingProgress) -> Void = { _ in },
                             shouldStop: () -> Bool = { false }) throws -> TrainingSummary {
        if let steps, steps <= 0 {
            throw ConfigError.badValue(key: "steps", value: "\(steps)", expected: "a positive number of steps")
        }
        let config = steps.map { configuration.with(totalTimesteps: $0) } ?? configuration
        let agent = try config.makeAgent(environment: environment, seed: seed)
        return try train(agent: agent, yaml: config.yamlString, runDirectory: runDirectory, progress: progress,
                         shouldStop: shouldStop)
    }

    /// Trains an agent that was built by hand (a custom policy network, a
    /// pre-filled buffer) with the trainer's evaluation, logging and checkpoints.
    @discardableResult
    public static func train(agent: any Agent, runDirectory: URL?, progress: (TrainingProgress) -> Void = { _ in },
                             shouldStop: () -> Bool = { false }) throws -> TrainingSummary {
        try train(agent: agent, yaml: nil, runDirectory: runDirectory, progress: progress, shouldStop: shouldStop)
    }

    static func train(agent: any Agent, yaml: String?, runDirectory: URL?, progress: (TrainingProgress) -> Void,
                      shouldStop: () -> Bool) throws -> TrainingSummary {
        let algorithm = type(of: agent).algorithmName
        var logger: MetricsLogger
        let columns = type(of: agent).metricNames
        var lock: RunFolderLock? = nil
        if let dir = runDirectory {
            try prepare(dir)
            lock = try RunFolderLock(folder: dir)
            lock?.recordOwner()
            let body = try yaml ?? AgentConfiguration.decode(algorithm: algorithm, json: agent.configJSON, path: "config").yamlString
            let text = configFileText(algorithm: algorithm, envID: agent.envID, seed: agent.seed, yaml: body)
            do { try Data(text.utf8).write(to: dir.appendingPathComponent("config.yml"), options: .atomic) }
            catch { throw TrainingError.io(path: dir.path, reason: "\(error.localizedDescription)") }
            logger = try MetricsLogger(url: dir.appendingPathComponent("metrics.csv"), metricNames: columns)
        } else {
            logger = try MetricsLogger(url: nil, metricNames: columns)
        }
        let t = agent.trainerConfig
        let state = TrainerState(nextLog: t.logInterval, nextEval: t.evalFreq > 0 ? t.evalFreq : Int.max,
                                 nextCheckpoint: t.checkpointFreq > 0 ? t.checkpointFreq : Int.max, bestEval: nil)
        return try withExtendedLifetime(lock) {
            try run(agent: agent, state: state, logger: logger, runDirectory: runDirectory, progress: progress, shouldStop: shouldStop)
        }
    }

    /// Continues the run in `runDirectory` from `checkpoints/last.safetensors`
    /// (or `checkpoint`), with the configuration stored in the checkpoint.
    /// The result equals the uninterrupted run bit for bit (weights and the
    /// reproducible metrics columns).
    @discardableResult
    public static func resume(runDirectory: URL, checkpoint: URL? = nil, progress: (TrainingProgress) -> Void = { _ in },
                              shouldStop: () -> Bool = { false }) throws -> TrainingSummary {
        let ckpt = checkpoint ?? runDirectory.appendingPathComponent("checkpoints/last.safetensors")
        let lock = try RunFolderLock(folder: runDirectory)
        let file = try CheckpointIO.read(ckpt)
        let meta = file.metadata
        func need(_ k: String) throws -> String {
            guard let v = meta[k] else { throw TrainingError.badCheckpoint(path: ckpt.path, reason: "metadata '\(k)' missing") }
            return v
        }
        let algo = try need("algo"), envID = try need("env_id")
        guard let seed = UInt64(try need("seed")) else { throw TrainingError.badCheckpoint(path: ckpt.path, reason: "bad seed") }
        let config = try AgentConfiguration.decode(algorithm: algo, json: try need("config"), path: ckpt.path)
        try checkBelongs(checkpoint: ckpt, algorithm: algo, envID: envID, seed: seed, configYAML: config.yamlString,
                         to: runDirectory)
        guard let spec = Registry.spec(envID) else {
            throw TrainingError.badCheckpoint(path: ckpt.path, reason: "environment '\(envID)' is not registered (registered: "
                                              + Registry.ids.joined(separator: ", ") + ")")
        }
        let agent = try config.makeAgent(environment: spec, seed: seed)
        try agent.loadPolicyTensors(policyTensors(file.tensors))
        try agent.restoreResume(tensors: file.tensors, json: Data(try need("resume_state").utf8))
        let state: TrainerState
        do { state = try JSONDecoder().decode(TrainerState.self, from: Data(try need("trainer_state").utf8)) } catch {
            throw TrainingError.badCheckpoint(path: ckpt.path, reason: "trainer_state is not valid: \(error)")
        }
        try state.validate(timesteps: agent.timesteps, config: agent.trainerConfig, path: ckpt.path)
        lock.recordOwner()
        let logger = try MetricsLogger(resuming: runDirectory.appendingPathComponent("metrics.csv"), upTo: agent.timesteps,
                                       metricNames: type(of: agent).metricNames)
        return try withExtendedLifetime(lock) {
            try run(agent: agent, state: state, logger: logger, runDirectory: runDirectory, progress: progress, shouldStop: shouldStop)
        }
    }

    /// The text `train` writes to a run folder's `config.yml`.
    static func configFileText(algorithm: String, envID: String, seed: UInt64, yaml: String) -> String {
        "# algo: \(algorithm)\n# env_id: \(envID)\n# seed: \(seed)\n" + yaml
    }

    /// Throws when `runDirectory`'s `config.yml` describes another run than the
    /// checkpoint (another algorithm, environment, seed or configuration: a
    /// checkpoint copied in from elsewhere). A folder without `config.yml` passes.
    static func checkBelongs(checkpoint: URL, algorithm: String, envID: String, seed: UInt64, configYAML: String,
                             to runDirectory: URL) throws {
        let configFile = runDirectory.appendingPathComponent("config.yml")
        guard let text = try? String(contentsOf: configFile, encoding: .utf8) else { return }
        let expected = configFileText(algorithm: algorithm, envID: envID, seed: seed, yaml: configYAML)
        guard text != expected else { return }
        var header: [String: String] = [:]
        for line in text.split(separator: "\n").prefix(3) where line.hasPrefix("# ") {
            let parts = line.dropFirst(2).split(separator: ":", maxSplits: 1)
            if parts.count == 2 { header[String(parts[0])] = parts[1].trimmingCharacters(in: .whitespaces) }
        }
        let folderRun = "\(header["algo"] ?? "?") on \(header["env_id"] ?? "?") (seed \(header["seed"] ?? "?"))"
        let checkpointRun = "\(algorithm) on \(envID) (seed \(seed))"
        throw TrainingError.badCheckpoint(path: checkpoint.path, reason: folderRun == checkpointRun
            ? "its configuration differs from \(configFile.path); the checkpoint does not belong to this run folder"
            : "it is from a \(checkpointRun) run, but \(configFile.path) is a \(folderRun) run; the checkpoint does not belong to this run folder")
    }

    static func policyTensors(_ t: [String: StoredTensor]) -> [String: Tensor<Float>] {
        var d: [String: Tensor<Float>] = [:]
        for (k, v) in t where k.hasPrefix("policy.") { if case .float32(let x) = v { d[String(k.dropFirst(7))] = x } }
        return d
    }

    static func prepare(_ dir: URL) throws {
        do {
            try FileManager.default.createDirectory(at: dir.appendingPathComponent("checkpoints"), withIntermediateDirectories: true)
        } catch {
            throw TrainingError.io(path: dir.path, reason: error.localizedDescription)
        }
    }

    static func save(_ agent: any Agent, state: TrainerState, to url: URL, withResume: Bool = true) throws {
        var tensors: [String: StoredTensor] = [:]
        for (k, v) in agent.policyTensors() { tensors["policy.\(k)"] = .float32(v) }
        for (k, v) in agent.actingTensors() { tensors[k] = v }
        var meta: [String: String] = [
            "format": "swiftlet-agent-1", "algo": type(of: agent).algorithmName, "env_id": agent.envID,
            "seed": "\(agent.seed)", "config": agent.configJSON, "timesteps": "\(agent.timesteps)",
        ]
        meta["observation_shape"] = "\(agent.environment.observationSpace.shape)"
        meta["action_space"] = agent.environment.actionSpace.description
        if withResume {
            for (k, v) in agent.resumeTensors() { tensors[k] = v }
            meta["resume_state"] = String(decoding: try agent.resumeJSON(), as: UTF8.self)
            meta["trainer_state"] = String(decoding: try canonicalJSON(state), as: UTF8.self)
        }
        do { try CheckpointIO.write(tensors, metadata: meta, to: url) }
        catch { throw TrainingError.io(path: url.path, reason: error.localizedDescription) }
    }

    static func run(agent: any Agent, state initial: TrainerState,
                    logger: MetricsLogger, runDirectory: URL?, progress: (TrainingProgress) -> Void,
                    shouldStop: () -> Bool) throws -> TrainingSummary {
        var state = initial
        let config = agent.trainerConfig
        let start = Date(), startSteps = agent.timesteps
        let total = agent.totalTimesteps
        let evalSeed = agent.seed &+ 1_000_000
        let ckptDir = runDirectory?.appendingPathComponent("checkpoints")
        var lastEval: EvaluationResult? = nil
        var interrupted = false, reached = false
        var lastAutosave: Date? = nil
        func evaluateNow() throws -> EvaluationResult {
            try evaluate(environment: agent.environment, episodes: config.nEvalEpisodes, seed: evalSeed) {
                agent.act($0, deterministic: true)
            }
        }
        while agent.timesteps < total {
            var row = try agent.iterate()
            let t = agent.timesteps
            let elapsed = Date().timeIntervalSince(start)
            var evaluation: EvaluationResult? = nil
            if t >= state.nextEval {
                state.nextEval = advance(state.nextEval, past: t, by: config.evalFreq)
                let r = try evaluateNow()
                evaluation = r
                lastEval = r
                row.evalMean = r.mean
                row.evalStd = r.std
                if state.bestEval.map({ r.mean > $0 }) ?? true {
                    state.bestEval = r.mean
                    if let d = ckptDir { try save(agent, state: state, to: d.appendingPathComponent("best.safetensors"), withResume: false) }
                }
                if let th = config.stopRewardThreshold, r.mean >= th { reached = true }
            }
            if t >= state.nextLog || evaluation != nil || t >= total || reached {
                state.nextLog = advance(state.nextLog, past: t, by: config.logInterval)
                row.timeElapsed = elapsed
                row.fps = Double(t - startSteps) / max(elapsed, 1e-9)
                do { try logger.log(row) } catch {
                    // Keep what can be kept: a resumable checkpoint, then stop with the write error.
                    if let d = ckptDir { try? save(agent, state: state, to: d.appendingPathComponent("last.safetensors")) }
                    throw error
                }
            }
            if let d = ckptDir, config.autosaveSeconds > 0,
               lastAutosave.map({ Date().timeIntervalSince($0) >= config.autosaveSeconds }) ?? true {
                try save(agent, state: state, to: d.appendingPathComponent("last.safetensors"))
                lastAutosave = Date()
            }
            if t >= state.nextCheckpoint, let d = ckptDir {
                state.nextCheckpoint = advance(state.nextCheckpoint, past: t, by: config.checkpointFreq)
                try save(agent, state: state, to: d.appendingPathComponent("step_\(t).safetensors"))
                try save(agent, state: state, to: d.appendingPathComponent("last.safetensors"))
            }
            let highlights = type(of: agent).progressMetrics.compactMap { name in row[name].map { (name, $0) } }
            progress(TrainingProgress(timesteps: t, totalTimesteps: total, fps: Double(t - startSteps) / max(elapsed, 1e-9),
                                      episodes: row.episodes, recentReturn: row.episodeReturnMean, metrics: row,
                                      highlights: highlights, evaluation: evaluation))
            if reached { break }
            if agent.timesteps < total && shouldStop() { interrupted = true; break }
        }
        if let d = ckptDir { try save(agent, state: state, to: d.appendingPathComponent("last.safetensors")) }
        if !interrupted && lastEval == nil || (!interrupted && config.evalFreq == 0) { lastEval = try evaluateNow() }
        return TrainingSummary(timesteps: agent.timesteps, wallSeconds: Date().timeIntervalSince(start),
                               finalEvaluation: lastEval, bestEvaluationMean: state.bestEval, interrupted: interrupted,
                               reachedThreshold: reached, runDirectory: runDirectory)
    }
}
