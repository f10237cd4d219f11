/// A Gymnasium-style environment with float32 vector observations.
///
/// A conforming type needs only `observationSpace`, `actionSpace`,
/// `reset(seed:options:into:)` and the `step` for its kind of action. Further
/// abilities are opt-in protocols: `RenderableEnvironment` (frames for
/// `swiftlet watch` and GIFs), `NumPySeededEnvironment` (Gymnasium's
/// `np_random`), `StatefulEnvironment` (get/set the physical state) and
/// `SnapshottableEnvironment` (bitwise checkpoint/resume). Wrappers conform
/// to `Wrapper` and forward all of these when the wrapped environment has them.
///
/// Two layers:
/// - the **hot path** `reset(seed:options:into:)` / `step(discrete:into:)` /
///   `step(continuous:into:)` writes the observation into a caller buffer of
///   `observationSize` floats and allocates nothing. Discrete actions out of
///   range stop with a precondition naming the value; continuous actions are
///   passed through as Gymnasium does (MountainCarContinuous and Pendulum clip).
/// - the **checked API** `reset(seed:options:)` / `step(_:)` returns Swift
///   arrays and throws `EnvironmentError` for stepping before reset and for
///   actions outside `actionSpace` (Gymnasium's OrderEnforcing plus a
///   `contains` check).
///
/// ```swift
/// let env = try make("CartPole-v1")
/// var (obs, _) = env.reset(seed: 42)
/// let r = try env.step(1)                  // StepResult
/// ```
public protocol Environment: AnyObject {
    /// The registered id, e.g. "CartPole-v1" (used in error messages).
    /// Default: the type's name.
    var id: String { get }
    /// The observation space (always float32 here).
    var observationSpace: Box { get }
    /// The action space.
    var actionSpace: Space { get }
    /// Whether `reset` has been called (OrderEnforcing's `has_reset`); the
    /// checked `step(_:)` throws `resetNeeded` while it is false. Default:
    /// always true (no order check).
    var hasReset: Bool { get }
    /// Gymnasium's `unwrapped`: the innermost environment under all wrappers
    /// (the environment itself when it wraps nothing, the default).
    var unwrapped: any Environment { get }

    /// Resets; with a seed the generator is re-seeded exactly like
    /// Gymnasium's `reset(seed:)`, without one the stream continues (or is
    /// seeded from system entropy on first use). Writes the first observation.
    func reset(seed: UInt64?, options: ResetOptions?, into observation: UnsafeMutableBufferPointer<Float>) -> StepInfo
    /// Steps with a discrete action (Discrete spaces). Default: stops with a
    /// message naming the action space.
    func step(discrete action: Int, into observation: UnsafeMutableBufferPointer<Float>) -> Transition
    /// Steps with a continuous action of `actionSpace.flatSize` floats (Box
    /// spaces). Default: stops with a message naming the action space.
    func step(continuous action: UnsafeBufferPointer<Float>, into observation: UnsafeMutableBufferPointer<Float>) -> Transition
}

extension Environment {
    public var id: String { String(describing: Self.self) }
    public var hasReset: Bool { true }
    public var unwrapped: any Environment { self }

    /// Floats per observation.
    @inlinable public var observationSize: Int { observationSpace.size }

    public func step(discrete action: Int, into observation: UnsafeMutableBufferPointer<Float>) -> Transition {
        fatalError("\(id): step(discrete: \(action)) on the action space \(actionSpace); use step(continuous:)")
    }
    public func step(continuous action: UnsafeBufferPointer<Float>, into observation: UnsafeMutableBufferPointer<Float>) -> Transition {
        fatalError("\(id): step(continuous: \(Array(action))) on the action space \(actionSpace); use step(discrete:)")
    }

    /// Gymnasium's `reset(seed=, options=)`: returns a fresh observation array.
    @discardableResult
    public func reset(seed: UInt64? = nil, options: ResetOptions? = nil) -> (observation: [Float], info: StepInfo) {
        var obs = [Float](repeating: 0, count: observationSize)
        let info = obs.withUnsafeMutableBufferPointer { reset(seed: seed, options: options, into: $0) }
        return (obs, info)
    }

    /// Gymnasium's `step(action)` for discrete action spaces, checked.
    public func step(_ action: Int) throws -> StepResult {
        guard hasReset else { throw EnvironmentError.resetNeeded(env: id) }
        guard case .discrete(let d) = actionSpace, d.contains(action) else {
            throw EnvironmentError.invalidAction(env: id, action: "\(action)", space: actionSpace)
        }
        var obs = [Float](repeating: 0, count: observationSize)
        let t = obs.withUnsafeMutableBufferPointer { step(discrete: action, into: $0) }
        return StepResult(observation: obs, reward: t.reward, terminated: t.terminated, truncated: t.truncated, info: t.info)
    }

    /// Gymnasium's `step(action)` for Box action spaces, checked against the bounds.
    public func step(_ action: [Float]) throws -> StepResult {
        guard hasReset else { throw EnvironmentError.resetNeeded(env: id) }
        guard case .box(let b) = actionSpace, b.contains(action) else {
            throw EnvironmentError.invalidAction(env: id, action: "\(action)", space: actionSpace)
        }
        var obs = [Float](repeating: 0, count: observationSize)
        let t = obs.withUnsafeMutableBufferPointer { o in action.withUnsafeBufferPointer { step(continuous: $0, into: o) } }
        return StepResult(observation: obs, reward: t.reward, terminated: t.terminated, truncated: t.truncated, info: t.info)
    }

    /// Unchecked step with either kind of action, writing the next
    /// observation into `observation` (evaluation and playback loops).
    @inlinable
    public func step(_ action: Action, into observation: inout [Float]) -> Transition {
        switch action {
        case .discrete(let a): return observation.withUnsafeMutableBufferPointer { step(discrete: a, into: $0) }
        case .continuous(let a):
            return observation.withUnsafeMutableBufferPointer { o in a.withUnsafeBufferPointer { step(continuous: $0, into: o) } }
        }
    }

    /// Checked step with either kind of action.
    public func step(_ action: Action) throws -> StepResult {
        switch action {
        case .discrete(let a): return try step(a)
        case .continuous(let a): return try step(a)
        }
    }
}
