import SwiftletGraphics

/// Gymnasium's `ClipAction`: accepts any float action and clips it
/// elementwise to the wrapped Box before stepping. Its own action space is
/// unbounded, like Gymnasium's.
public final class ClipAction<Base: Environment>: Wrapper {
    public let env: Base
    public let actionSpace: Space
    private let box: Box
    @exclusivity(unchecked) private var scratch: [Float]

    public init(_ env: Base) throws {
        guard case .box(let b) = env.actionSpace else {
            throw EnvironmentError.invalidArgument("ClipAction requires a Box action space, got \(env.actionSpace)")
        }
        self.env = env
        box = b
        scratch = [Float](repeating: 0, count: b.size)
        actionSpace = .box(Box(low: -.infinity, high: .infinity, shape: b.shape))
    }

    public func step(continuous action: UnsafeBufferPointer<Float>, into observation: UnsafeMutableBufferPointer<Float>) -> Transition {
        precondition(action.count == box.size, "ClipAction: action has \(action.count) values, space \(box)")
        return scratch.withUnsafeMutableBufferPointer { s in
            for i in 0..<s.count {
                // np.clip: NaN propagates
                let a = action[i]
                s[i] = a < box.low[i] ? box.low[i] : (a > box.high[i] ? box.high[i] : a)
            }
            return env.step(continuous: UnsafeBufferPointer(s), into: observation)
        }
    }
}

/// Gymnasium's `RescaleAction`: the agent acts in `[minAction, maxAction]`
/// and the action is mapped affinely onto the wrapped Box,
/// `(a - intercept) / gradient` in float32 as Gymnasium computes it.
public final class RescaleAction<Base: Environment>: Wrapper {
    public let env: Base
    public let actionSpace: Space
    private let gradient: [Float]
    private let intercept: [Float]
    @exclusivity(unchecked) private var scratch: [Float]

    public init(_ env: Base, minAction: Double, maxAction: Double) throws {
        guard case .box(let b) = env.actionSpace else {
            throw EnvironmentError.invalidArgument("RescaleAction requires a Box action space, got \(env.actionSpace)")
        }
        guard minAction < maxAction else {
            throw EnvironmentError.invalidArgument("RescaleAction: min action (\(minAction)) must be smaller than max action (\(maxAction))")
        }
        guard b.low.allSatisfy(\.isFinite), b.high.allSatisfy(\.isFinite) else {
            throw EnvironmentError.invalidArgument("RescaleAction: the wrapped Box \(b) must be bounded")
        }
        self.env = env
        let grad = (0..<b.size).map { Float((maxAction - minAction) / (Double(b.high[$0]) - Double(b.low[$0]))) }
        gradient = grad
        intercept = (0..<b.size).map { Float(Double(grad[$0] * -b.low[$0]) + minAction) }
        scratch = [Float](repeating: 0, count: b.size)
        actionSpace = .box(Box(low: Float(minAction), high: Float(maxAction), shape: b.shape))
    }

    /// The action the wrapped environment receives for `action`.
    public func baseAction(_ action: [Float]) -> [Float] {
        (0..<action.count).map { (action[$0] - intercept[$0]) / gradient[$0] }
    }

    public func step(continuous action: UnsafeBufferPointer<Float>, into observation: UnsafeMutableBufferPointer<Float>) -> Transition {
        precondition(action.count == gradient.count, "RescaleAction: action has \(action.count) values, space \(actionSpace)")
        return scratch.withUnsafeMutableBufferPointer { s in
            for i in 0..<s.count { s[i] = (action[i] - intercept[i]) / gradient[i] }
            return env.step(continuous: UnsafeBufferPointer(s), into: observation)
        }
    }
}

extension ClipAction: RenderableEnvironment where Base: RenderableEnvironment {}
extension ClipAction: NumPySeededEnvironment where Base: NumPySeededEnvironment {}
extension ClipAction: StatefulEnvironment where Base: StatefulEnvironment {}
extension ClipAction: SnapshottableEnvironment where Base: SnapshottableEnvironment {}

extension RescaleAction: RenderableEnvironment where Base: RenderableEnvironment {}
extension RescaleAction: NumPySeededEnvironment where Base: NumPySeededEnvironment {}
extension RescaleAction: StatefulEnvironment where Base: StatefulEnvironment {}
extension RescaleAction: SnapshottableEnvironment where Base: SnapshottableEnvironment {}
