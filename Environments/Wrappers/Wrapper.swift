import SwiftletGraphics

/// Gymnasium's `Wrapper`: an environment around another one (`env`) that
/// forwards everything it does not change.
///
/// The default implementations forward `id`, the spaces, `hasReset`,
/// `reset`, both `step`s and `unwrapped` to `env`, so a wrapper only writes
/// what it changes. Capabilities are forwarded by conditional conformances,
/// one line each, when the wrapped environment has them:
///
/// ```swift
/// /// Doubles every reward.
/// public final class DoubleReward<Inner: Environment>: Wrapper {
///     public let env: Inner
///     public init(_ env: Inner) { self.env = env }
///     public func step(discrete action: Int, into o: UnsafeMutableBufferPointer<Float>) -> Transition {
///         var t = env.step(discrete: action, into: o)
///         t.reward *= 2
///         return t
///     }
/// }
/// extension DoubleReward: RenderableEnvironment where Inner: RenderableEnvironment {}
/// extension DoubleReward: NumPySeededEnvironment where Inner: NumPySeededEnvironment {}
/// extension DoubleReward: StatefulEnvironment where Inner: StatefulEnvironment {}
/// extension DoubleReward: SnapshottableEnvironment where Inner: SnapshottableEnvironment {}
/// ```
///
/// Forwarding `StatefulEnvironment` is right only for a wrapper that leaves
/// observations alone (or overrides `observation(into:)`); forwarding
/// `SnapshottableEnvironment` only for a wrapper without state of its own
/// (or one that overrides `snapshot`/`restore`, like `TimeLimit`).
/// The forwarding calls are statically dispatched on the concrete `Inner`.
public protocol Wrapper: Environment {
    associatedtype Inner: Environment
    /// The wrapped environment.
    var env: Inner { get }
}

extension Wrapper {
    /// The wrapped environment's id.
    public var id: String { env.id }
    /// The wrapped environment's observation space.
    public var observationSpace: Box { env.observationSpace }
    /// The wrapped environment's action space.
    public var actionSpace: Space { env.actionSpace }
    /// Whether the wrapped environment has been reset.
    public var hasReset: Bool { env.hasReset }
    /// The innermost environment (Gymnasium's `unwrapped`).
    public var unwrapped: any Environment { env.unwrapped }

    /// Resets the wrapped environment.
    @inlinable
    public func reset(seed: UInt64?, options: ResetOptions?, into observation: UnsafeMutableBufferPointer<Float>) -> StepInfo {
        env.reset(seed: seed, options: options, into: observation)
    }
    /// Steps the wrapped environment.
    @inlinable
    public func step(discrete action: Int, into observation: UnsafeMutableBufferPointer<Float>) -> Transition {
        env.step(discrete: action, into: observation)
    }
    /// Steps the wrapped environment.
    @inlinable
    public func step(continuous action: UnsafeBufferPointer<Float>, into observation: UnsafeMutableBufferPointer<Float>) -> Transition {
        env.step(continuous: action, into: observation)
    }
}

extension Wrapper where Self: RenderableEnvironment, Inner: RenderableEnvironment {
    /// The wrapped environment's frame.
    public func render() -> RGBImage { env.render() }
}

extension Wrapper where Self: NumPySeededEnvironment, Inner: NumPySeededEnvironment {
    /// The wrapped environment's `np_random`.
    public var npRandom: NumPyGenerator {
        get { env.npRandom }
        set { env.npRandom = newValue }
    }
}

extension Wrapper where Self: StatefulEnvironment, Inner: StatefulEnvironment {
    /// The wrapped environment's physical state.
    public var state: [Double] { env.state }
    /// Sets the wrapped environment's physical state.
    public func setState(_ values: [Double]) throws { try env.setState(values) }
    /// The wrapped environment's observation of its state.
    public func observation(into observation: UnsafeMutableBufferPointer<Float>) { env.observation(into: observation) }
}

extension Wrapper where Self: SnapshottableEnvironment, Inner: SnapshottableEnvironment {
    /// The wrapped environment's snapshot (for wrappers without state of their own).
    public func snapshot() -> EnvironmentState { env.snapshot() }
    /// Restores the wrapped environment.
    public func restore(_ state: EnvironmentState) throws { try env.restore(state) }
}
