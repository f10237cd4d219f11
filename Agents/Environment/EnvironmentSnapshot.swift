import SwiftletCore
import SwiftletNN
import SwiftletEnvironments
import SwiftletGraphics

/// The complete state of one training environment copy: the physical state,
/// small integer flags (e.g. CartPole's steps beyond termination), the
/// Gymnasium generator and the steps taken in the current episode. Saved in
/// checkpoints so a resumed run continues bitwise like an uninterrupted one.
public struct EnvironmentSnapshot: Codable, Equatable, Sendable {
    public var state: [Double]
    public var flags: [Int]
    public var rng: PCG64
    public var elapsedSteps: Int
}

/// Raw state access for the classic control environments (their public
/// `state`/`setState`). Internal: a request stands for a public
/// snapshot/restore API in the environments module.
protocol RawStateAccess: Environment {
    var rawState: (state: [Double], flags: [Int]) { get }
    func setRawState(_ state: [Double], flags: [Int])
}

extension CartPole: RawStateAccess {
    var rawState: (state: [Double], flags: [Int]) { (state, [stepsBeyondTerminated ?? -1]) }
    func setRawState(_ s: [Double], flags: [Int]) {
        setState(x: s[0], xDot: s[1], theta: s[2], thetaDot: s[3])
        stepsBeyondTerminated = flags[0] < 0 ? nil : flags[0]
    }
}
extension MountainCar: RawStateAccess {
    var rawState: (state: [Double], flags: [Int]) { ([position, velocity], []) }
    func setRawState(_ s: [Double], flags: [Int]) { setState(position: s[0], velocity: s[1]) }
}
extension MountainCarContinuous: RawStateAccess {
    // Limitation: right after a reset the env keeps float64 state until its
    // first step; setState marks it float32 (exact unless saved at that moment).
    var rawState: (state: [Double], flags: [Int]) { ([position, velocity], []) }
    func setRawState(_ s: [Double], flags: [Int]) { setState(position: Float(s[0]), velocity: Float(s[1])) }
}
extension Acrobot: RawStateAccess {
    var rawState: (state: [Double], flags: [Int]) { (state, []) }
    func setRawState(_ s: [Double], flags: [Int]) { setState(s) }
}
extension Pendulum: RawStateAccess {
    var rawState: (state: [Double], flags: [Int]) { ([theta, thetaDot], []) }
    func setRawState(_ s: [Double], flags: [Int]) { setState(theta: s[0], thetaDot: s[1]) }
}

/// SHIM — Gymnasium's `TimeLimit` with a settable step counter, because the
/// environments module's `TimeLimit.elapsedSteps` cannot be set from outside
/// (needed to resume a run mid-episode). Same semantics: truncated once
/// `maxEpisodeSteps` steps have been taken since the last reset.
final class ResumableTimeLimit<Base: RawStateAccess>: Environment {
    let env: Base
    let maxEpisodeSteps: Int
    var elapsedSteps = 0

    init(_ env: Base, maxEpisodeSteps: Int) {
        self.env = env
        self.maxEpisodeSteps = maxEpisodeSteps
    }
    var id: String { env.id }
    var observationSpace: Box { env.observationSpace }
    var actionSpace: Space { env.actionSpace }
    var hasReset: Bool { env.hasReset }
    var npRandom: NumPyGenerator { get { env.npRandom } set { env.npRandom = newValue } }

    func reset(seed: UInt64?, options: ResetOptions?, into observation: UnsafeMutableBufferPointer<Float>) -> StepInfo {
        elapsedSteps = 0
        return env.reset(seed: seed, options: options, into: observation)
    }
    func step(discrete action: Int, into observation: UnsafeMutableBufferPointer<Float>) -> Transition {
        var t = env.step(discrete: action, into: observation)
        elapsedSteps &+= 1
        if maxEpisodeSteps > 0 && elapsedSteps >= maxEpisodeSteps { t.truncated = true }
        return t
    }
    func step(continuous action: UnsafeBufferPointer<Float>, into observation: UnsafeMutableBufferPointer<Float>) -> Transition {
        var t = env.step(continuous: action, into: observation)
        elapsedSteps &+= 1
        if maxEpisodeSteps > 0 && elapsedSteps >= maxEpisodeSteps { t.truncated = true }
        return t
    }
    func render() -> RGBImage { env.render() }

    func snapshot() -> EnvironmentSnapshot {
        let r = env.rawState
        return EnvironmentSnapshot(state: r.state, flags: r.flags, rng: env.npRandom.bitGenerator, elapsedSteps: elapsedSteps)
    }
    func restore(_ s: EnvironmentSnapshot) {
        env.setRawState(s.state, flags: s.flags)
        var g = env.npRandom
        g.bitGenerator = s.rng
        env.npRandom = g
        elapsedSteps = s.elapsedSteps
    }
}

/// A vector environment for training with snapshot/restore of every copy.
final class TrainingEnvironments {
    let envID: String
    let venv: any VectorEnvironment
    let snapshot: () -> [EnvironmentSnapshot]
    let restore: ([EnvironmentSnapshot]) -> Void
    /// One unwrapped-by-index copy (for rendering / single-env use).
    let single: (Int) -> any Environment

    init(envID: String, count: Int, maxEpisodeSteps: Int? = nil) throws {
        guard let spec = Registry.spec(envID) else {
            throw EnvironmentError.unknownEnvironment(id: envID, available: Registry.ids)
        }
        let limit = maxEpisodeSteps ?? spec.maxEpisodeSteps ?? 0
        func build<E: RawStateAccess>(_ make: @escaping () -> E) -> (any VectorEnvironment, () -> [EnvironmentSnapshot],
                                                                    ([EnvironmentSnapshot]) -> Void, (Int) -> any Environment) {
            let v = VectorEnv(count: count) { _ in ResumableTimeLimit(make(), maxEpisodeSteps: limit) }
            return (v, { v.envs.map { $0.snapshot() } },
                    { snaps in for (e, s) in zip(v.envs, snaps) { e.restore(s) } },
                    { v.envs[$0] })
        }
        let parts: (any VectorEnvironment, () -> [EnvironmentSnapshot], ([EnvironmentSnapshot]) -> Void, (Int) -> any Environment)
        switch envID {
        case "CartPole-v1": parts = build { CartPole() }
        case "MountainCar-v0": parts = build { MountainCar() }
        case "MountainCarContinuous-v0": parts = build { MountainCarContinuous() }
        case "Acrobot-v1": parts = build { Acrobot() }
        case "Pendulum-v1": parts = build { Pendulum() }
        default: throw EnvironmentError.unknownEnvironment(id: envID, available: Registry.ids)
        }
        self.envID = envID
        (venv, snapshot, restore, single) = parts
    }
}
