import Dispatch
/// Gymnasium's `SyncVectorEnv`, generic over the concrete environment type
/// so the per-copy step is statically dispatched, with optional threads.
///
/// - `workers: 1` steps the copies in order on the calling thread;
///   `workers: k` spreads contiguous chunks of copies over k threads
///   (persistent, woken by semaphores). Results are identical either way:
///   each copy only touches its own state and buffer rows.
/// - No allocation per step (except appending to `finishedEpisodes` when
///   episodes end, which reuses its capacity).
/// - Autoreset: `.sameStep` by default (see `AutoresetMode`).
///
/// ```swift
/// let venv = VectorEnv(count: 16, workers: 2) { _ in TimeLimit(CartPole(), maxEpisodeSteps: 500) }
/// venv.reset(seed: 0)
/// venv.step(Array(repeating: 1, count: 16))
/// ```
public final class VectorEnv<Env: Environment>: VectorEnvironment {
    public let envs: [Env]
    public let count: Int
    public let singleObservationSpace: Box
    public let singleActionSpace: Space
    public let autoresetMode: AutoresetMode
    public let workers: Int
    @exclusivity(unchecked) public internal(set) var finishedEpisodes: [FinishedEpisode] = []

    // Internal rather than private: cross-module optimization can then
    // serialize `init` and the stepping loop, so a client module that makes a
    // `VectorEnv` of its own environment type (through `EnvSpec`) gets them
    // specialized, with statically dispatched per-copy steps.

    let obsDim: Int
    let actDim: Int
    let obsBuf: UnsafeMutableBufferPointer<Float>
    let finalBuf: UnsafeMutableBufferPointer<Float>
    let rewBuf: UnsafeMutableBufferPointer<Double>
    let termBuf: UnsafeMutableBufferPointer<Bool>
    let truncBuf: UnsafeMutableBufferPointer<Bool>
    let needsReset: UnsafeMutableBufferPointer<Bool>
    let episodeReturn: UnsafeMutableBufferPointer<Double>
    let episodeLength: UnsafeMutableBufferPointer<Int>
    var discreteActions: UnsafeBufferPointer<Int>?
    var continuousActions: UnsafeBufferPointer<Float>?
    var pool: WorkerPool?
    /// Adaptive threading (see `runAll`): steps taken, the best serial and
    /// threaded step times of the current timing window, and the choice.
    var stepsTaken = 0
    var bestSerial: UInt64 = .max, bestThreaded: UInt64 = .max
    /// Whether steps currently use the worker threads.
    public internal(set) var threaded = true
    /// Steps all copies on this thread. Made in `init`, so where `init` is
    /// specialized for a concrete `Env` (as `EnvSpec.makeVector` is) the
    /// per-copy calls inside are static; one closure call per vector step.
    var serialStep: (() -> Void)?

    /// `count` copies made by `makeEnv(i)`; all must share the spaces of copy 0.
    public init(count: Int, workers: Int = 1, autoresetMode: AutoresetMode = .sameStep, makeEnv: (Int) -> Env) {
        precondition(count > 0, "VectorEnv: count must be positive, got \(count)")
        precondition(workers > 0, "VectorEnv: workers must be positive, got \(workers)")
        let envs = (0..<count).map(makeEnv)
        for (i, e) in envs.enumerated() {
            precondition(e.observationSpace == envs[0].observationSpace && e.actionSpace == envs[0].actionSpace,
                         "VectorEnv: copy \(i) has spaces \(e.observationSpace) / \(e.actionSpace), copy 0 \(envs[0].observationSpace) / \(envs[0].actionSpace)")
        }
        self.envs = envs
        self.count = count
        self.workers = min(workers, count)
        self.autoresetMode = autoresetMode
        singleObservationSpace = envs[0].observationSpace
        singleActionSpace = envs[0].actionSpace
        obsDim = singleObservationSpace.size
        actDim = singleActionSpace.flatSize
        func alloc<T>(_ n: Int, _ v: T) -> UnsafeMutableBufferPointer<T> {
            let p = UnsafeMutableBufferPointer<T>.allocate(capacity: n)
            p.initialize(repeating: v)
            return p
        }
        obsBuf = alloc(count * obsDim, 0)
        finalBuf = alloc(count * obsDim, 0)
        rewBuf = alloc(count, 0)
        termBuf = alloc(count, false)
        truncBuf = alloc(count, false)
        needsReset = alloc(count, false)
        episodeReturn = alloc(count, 0)
        episodeLength = alloc(count, 0)
        finishedEpisodes.reserveCapacity(count)
        if self.workers > 1 {
            pool = WorkerPool(workers: self.workers) { [unowned self] w in self.runChunk(w) }
        }
        serialStep = { [unowned self] in self.stepRange(0..<self.count) }
    }

    deinit {
        pool?.shutdown()
        obsBuf.deallocate(); finalBuf.deallocate(); rewBuf.deallocate()
        termBuf.deallocate(); truncBuf.deallocate(); needsReset.deallocate()
        episodeReturn.deallocate(); episodeLength.deallocate()
    }

    public var observations: UnsafeBufferPointer<Float> { UnsafeBufferPointer(obsBuf) }
    public var finalObservations: UnsafeBufferPointer<Float> { UnsafeBufferPointer(finalBuf) }
    public var rewards: UnsafeBufferPointer<Double> { UnsafeBufferPointer(rewBuf) }
    public var terminations: UnsafeBufferPointer<Bool> { UnsafeBufferPointer(termBuf) }
    public var truncations: UnsafeBufferPointer<Bool> { UnsafeBufferPointer(truncBuf) }

    @inline(__always)
    func row(_ b: UnsafeMutableBufferPointer<Float>, _ i: Int) -> UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(rebasing: b[i &* obsDim ..< (i &+ 1) &* obsDim])
    }

    public func reset(seed: UInt64?, options: ResetOptions?) {
        reset(seeds: (0..<count).map { i in seed.map { $0 &+ UInt64(i) } }, options: options)
    }

    /// Resets copy i with `seeds[i]` (nil continues its stream).
    public func reset(seeds: [UInt64?], options: ResetOptions? = nil) {
        precondition(seeds.count == count, "VectorEnv.reset: \(seeds.count) seeds for \(count) environments")
        for i in 0..<count {
            _ = envs[i].reset(seed: seeds[i], options: options, into: row(obsBuf, i))
            rewBuf[i] = 0; termBuf[i] = false; truncBuf[i] = false; needsReset[i] = false
            episodeReturn[i] = 0; episodeLength[i] = 0
        }
        finishedEpisodes.removeAll(keepingCapacity: true)
    }

    public func step(discrete actions: UnsafeBufferPointer<Int>) {
        precondition(actions.count == count, "VectorEnv.step: \(actions.count) actions for \(count) environments")
        discreteActions = actions
        continuousActions = nil
        runAll()
    }

    public func step(continuous actions: UnsafeBufferPointer<Float>) {
        precondition(actions.count == count * actDim,
                     "VectorEnv.step: \(actions.count) action values for \(count) environments of \(singleActionSpace)")
        continuousActions = actions
        discreteActions = nil
        runAll()
    }

    /// With workers, threads pay only when a step holds enough work (a few
    /// dozen cheap copies do not cover a wake-up): every `retimeInterval`
    /// steps the first `timedSteps` alternate serial and threaded stepping and
    /// the faster (by its best time) is kept. Results are identical either way.
    static var retimeInterval: Int { 8192 }
    static var timedSteps: Int { 16 }

    func runAll() {
        if let pool {
            let phase = stepsTaken % Self.retimeInterval
            stepsTaken &+= 1
            if phase < Self.timedSteps {
                if phase == 0 { bestSerial = .max; bestThreaded = .max }
                let t0 = DispatchTime.now().uptimeNanoseconds
                if phase % 2 == 0 { serialStep!() } else { pool.run() }
                let dt = DispatchTime.now().uptimeNanoseconds &- t0
                if phase % 2 == 0 { bestSerial = min(bestSerial, dt) } else { bestThreaded = min(bestThreaded, dt) }
                if phase == Self.timedSteps - 1 { threaded = bestThreaded < bestSerial }
            } else if threaded {
                pool.run()
            } else {
                serialStep!()
            }
        } else if let serialStep { serialStep() } else { stepRange(0..<count) }
        discreteActions = nil
        continuousActions = nil
        finishedEpisodes.removeAll(keepingCapacity: true)
        for i in 0..<count where termBuf[i] || truncBuf[i] {
            finishedEpisodes.append(FinishedEpisode(env: i, totalReward: episodeReturn[i], length: episodeLength[i], terminated: termBuf[i]))
            episodeReturn[i] = 0
            episodeLength[i] = 0
        }
    }

    func runChunk(_ w: Int) {
        let lo = w * count / workers, hi = (w + 1) * count / workers
        stepRange(lo..<hi)
    }

    func stepRange(_ range: Range<Int>) {
        envs.withUnsafeBufferPointer { ep in
            if let a = discreteActions {
                for i in range {
                    let o = row(obsBuf, i)
                    if autoresetMode == .nextStep && needsReset[i] { autoresetNextStep(ep[i], i, o); continue }
                    finish(ep[i], i, o, ep[i].step(discrete: a[i], into: o))
                }
            } else if let a = continuousActions {
                for i in range {
                    let o = row(obsBuf, i)
                    if autoresetMode == .nextStep && needsReset[i] { autoresetNextStep(ep[i], i, o); continue }
                    let ai = UnsafeBufferPointer(rebasing: a[i &* actDim ..< (i &+ 1) &* actDim])
                    finish(ep[i], i, o, ep[i].step(continuous: ai, into: o))
                }
            }
        }
    }

    @inline(__always)
    func autoresetNextStep(_ env: Env, _ i: Int, _ o: UnsafeMutableBufferPointer<Float>) {
        _ = env.reset(seed: nil, options: nil, into: o)
        rewBuf[i] = 0; termBuf[i] = false; truncBuf[i] = false; needsReset[i] = false
    }

    @inline(__always)
    func finish(_ env: Env, _ i: Int, _ o: UnsafeMutableBufferPointer<Float>, _ t: Transition) {
        rewBuf[i] = t.reward
        termBuf[i] = t.terminated
        truncBuf[i] = t.truncated
        episodeReturn[i] += t.reward
        episodeLength[i] &+= 1
        if t.terminated || t.truncated {
            if autoresetMode == .sameStep {
                let f = row(finalBuf, i)
                for k in 0..<obsDim { f[k] = o[k] }
                _ = env.reset(seed: nil, options: nil, into: o)
            } else {
                needsReset[i] = true
            }
        }
    }
}

/// The complete state of a vector environment: each copy's `EnvironmentState`
/// plus the vector's own buffers (current observations, last rewards and
/// flags, pending next-step resets, running episode statistics).
public struct VectorEnvironmentState: Codable, Equatable, Sendable {
    public var environments: [EnvironmentState]
    public var observations: [Float]
    public var rewards: [Double]
    public var terminations: [Bool]
    public var truncations: [Bool]
    public var needsReset: [Bool]
    public var episodeReturns: [Double]
    public var episodeLengths: [Int]
}

/// A vector environment that can be saved and restored (`VectorEnv` over
/// snapshottable copies, e.g. everything `makeVector` returns).
///
/// ```swift
/// let venv = try makeVector("Acrobot-v1", count: 4)
/// venv.reset(seed: 0)
/// let saved = (venv as! any SnapshottableVectorEnvironment).snapshot()
/// ```
public protocol SnapshottableVectorEnvironment: VectorEnvironment {
    func snapshot() -> VectorEnvironmentState
    /// Throws `EnvironmentError.invalidArgument` when the snapshot does not
    /// fit (another count, environment or observation size).
    func restore(_ state: VectorEnvironmentState) throws
}

extension VectorEnv: SnapshottableVectorEnvironment where Env: SnapshottableEnvironment {
    public func snapshot() -> VectorEnvironmentState {
        VectorEnvironmentState(environments: envs.map { $0.snapshot() }, observations: Array(obsBuf),
                               rewards: Array(rewBuf), terminations: Array(termBuf), truncations: Array(truncBuf),
                               needsReset: Array(needsReset), episodeReturns: Array(episodeReturn),
                               episodeLengths: Array(episodeLength))
    }

    public func restore(_ s: VectorEnvironmentState) throws {
        guard s.environments.count == count, s.observations.count == count * obsDim, s.rewards.count == count,
              s.terminations.count == count, s.truncations.count == count, s.needsReset.count == count,
              s.episodeReturns.count == count, s.episodeLengths.count == count else {
            throw EnvironmentError.invalidArgument(
                "VectorEnv.restore: snapshot of \(s.environments.count) environments with \(s.observations.count) "
                + "observation values; this vector has \(count) environments of \(obsDim) values")
        }
        for (e, st) in zip(envs, s.environments) { try e.restore(st) }
        for i in 0..<(count * obsDim) { obsBuf[i] = s.observations[i] }
        for i in 0..<count {
            rewBuf[i] = s.rewards[i]; termBuf[i] = s.terminations[i]; truncBuf[i] = s.truncations[i]
            needsReset[i] = s.needsReset[i]; episodeReturn[i] = s.episodeReturns[i]; episodeLength[i] = s.episodeLengths[i]
        }
        finishedEpisodes.removeAll(keepingCapacity: true)
    }
}
