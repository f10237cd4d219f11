import SwiftletGraphics

/// Gymnasium's `TransformObservation`: applies `transform` in place to every
/// observation (after reset and step). `observationSpace` is the space of the
/// transformed observations (defaults to the wrapped one; the size must not change).
///
/// ```swift
/// let env = TransformObservation(CartPole()) { o in for i in o.indices { o[i] *= 2 } }
/// ```
public final class TransformObservation<Base: Environment>: Environment {
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

    public var id: String { env.id }
    public var actionSpace: Space { env.actionSpace }
    public var hasReset: Bool { env.hasReset }
    public var npRandom: NumPyGenerator { get { env.npRandom } set { env.npRandom = newValue } }

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
    public func render() -> RGBImage { env.render() }
}

/// Gymnasium's `TransformReward`: replaces each reward by `transform(reward)`.
public final class TransformReward<Base: Environment>: Environment {
    public let env: Base
    public let transform: (Double) -> Double

    public init(_ env: Base, _ transform: @escaping (Double) -> Double) {
        self.env = env
        self.transform = transform
    }

    public var id: String { env.id }
    public var observationSpace: Box { env.observationSpace }
    public var actionSpace: Space { env.actionSpace }
    public var hasReset: Bool { env.hasReset }
    public var npRandom: NumPyGenerator { get { env.npRandom } set { env.npRandom = newValue } }

    public func reset(seed: UInt64?, options: ResetOptions?, into observation: UnsafeMutableBufferPointer<Float>) -> StepInfo {
        env.reset(seed: seed, options: options, into: observation)
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
    public func render() -> RGBImage { env.render() }
}
