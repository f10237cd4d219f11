import SwiftletGraphics

/// Gymnasium's `TransformObservation`: applies `transform` in place to every
/// observation (after reset and step). `observationSpace` is the space of the
/// transformed observations (defaults to the wrapped one; the size must not change).
///
/// ```swift
/// let env = TransformObservation(CartPole()) { o in for i in o.indices { o[i] *= 2 } }
/// ```
public final class TransformObservation<Base: Environment>: Wrapper {
    public let env: Base
    public let observationSpace: Box
    public let transform: (UnsafeMutableBufferPointer<Float>) -> Void

    public init(_ env: Base, observationSpace: Box? = nil, _ transform: @escaping (UnsafeMutableBufferPointer<Float>) -> Void) {
        let space = observationSpace ?? env.observationSpace
        precondition(space.size == env.observationSize,
                     "TransformObservation: space \(space) has \(space.size) values, the wrapped observation \(env.observationSize)")
        self.env = env
        self.observationSpace = space
        self.transform = transform
    }

    public func reset(seed: UInt64?, options: ResetOptions?, into observation: UnsafeMutableBufferPointer<Float>) -> StepInfo {
        let info = env.reset(seed: seed, options: options, into: observation)
        transform(observation)
        return info
    }
    public func step(discrete action: Int, into observation: UnsafeMutableBufferPointer<Float>) -> Transition {
        let t = env.step(discrete: action, into: observation)
        transform(observation)
        return t
    }
    public func step(continuous action: UnsafeBufferPointer<Float>, into observation: UnsafeMutableBufferPointer<Float>) -> Transition {
        let t = env.step(continuous: action, into: observation)
        transform(observation)
        return t
    }
}

/// Gymnasium's `TransformReward`: replaces each reward by `transform(reward)`.
public final class TransformReward<Base: Environment>: Wrapper {
    public let env: Base
    public let transform: (Double) -> Double

    public init(_ env: Base, _ transform: @escaping (Double) -> Double) {
        self.env = env
        self.transform = transform
    }

    public func step(discrete action: Int, into observation: UnsafeMutableBufferPointer<Float>) -> Transition {
        var t = env.step(discrete: action, into: observation)
        t.reward = transform(t.reward)
        return t
    }
    public func step(continuous action: UnsafeBufferPointer<Float>, into observation: UnsafeMutableBufferPointer<Float>) -> Transition {
        var t = env.step(continuous: action, into: observation)
        t.reward = transform(t.reward)
        return t
    }
}

extension TransformObservation: RenderableEnvironment where Base: RenderableEnvironment {}
extension TransformObservation: NumPySeededEnvironment where Base: NumPySeededEnvironment {}
extension TransformObservation: SnapshottableEnvironment where Base: SnapshottableEnvironment {}

extension TransformReward: RenderableEnvironment where Base: RenderableEnvironment {}
extension TransformReward: NumPySeededEnvironment where Base: NumPySeededEnvironment {}
extension TransformReward: StatefulEnvironment where Base: StatefulEnvironment {}
extension TransformReward: SnapshottableEnvironment where Base: SnapshottableEnvironment {}

extension TransformObservation: StatefulEnvironment where Base: StatefulEnvironment {
    /// The wrapped environment's observation of its state, transformed.
    public func observation(into observation: UnsafeMutableBufferPointer<Float>) {
        env.observation(into: observation)
        transform(observation)
    }
}
