import SwiftletGraphics

/// Gymnasium's `NormalizeReward`: tracks the discounted return
/// `G ← G·γ·(1 − terminated) + r` (not reset on truncation or reset, as in
/// Gymnasium), keeps float64 running statistics of G and returns
/// `r / sqrt(var(G) + epsilon)`. Gymnasium 1.x does not clip; pass `clip` to
/// bound the result (SB3's VecNormalize style). Freeze with
/// `updateRunningMean = false`; `statistics` and `discountedReturn` are
/// plain values to save and restore.
public final class NormalizeReward<Base: Environment>: Wrapper {
    public let env: Base
    public let gamma: Double
    public let epsilon: Double
    public let clip: Double?
    @exclusivity(unchecked) public var statistics = RunningMeanStd(size: 1, precision: .float64)
    @exclusivity(unchecked) public var discountedReturn = 0.0
    @exclusivity(unchecked) public var updateRunningMean = true

    public init(_ env: Base, gamma: Double = 0.99, epsilon: Double = 1e-8, clip: Double? = nil) {
        precondition(gamma >= 0 && gamma <= 1, "NormalizeReward: gamma should be in [0, 1], got \(gamma)")
        precondition(epsilon > 0, "NormalizeReward: epsilon should be strictly positive, got \(epsilon)")
        self.env = env
        self.gamma = gamma
        self.epsilon = epsilon
        self.clip = clip
    }

    private func transform(_ t: inout Transition) {
        discountedReturn = discountedReturn * gamma * (t.terminated ? 0 : 1) + t.reward
        if updateRunningMean { statistics.update(scalar: discountedReturn) }
        var r = t.reward / (statistics.variance[0] + epsilon).squareRoot()
        if let c = clip { r = min(max(r, -c), c) }
        t.reward = r
    }

    public func step(discrete action: Int, into observation: UnsafeMutableBufferPointer<Float>) -> Transition {
        var t = env.step(discrete: action, into: observation)
        transform(&t)
        return t
    }

    public func step(continuous action: UnsafeBufferPointer<Float>, into observation: UnsafeMutableBufferPointer<Float>) -> Transition {
        var t = env.step(continuous: action, into: observation)
        transform(&t)
        return t
    }
}

extension NormalizeReward: RenderableEnvironment where Base: RenderableEnvironment {}
extension NormalizeReward: NumPySeededEnvironment where Base: NumPySeededEnvironment {}
extension NormalizeReward: StatefulEnvironment where Base: StatefulEnvironment {}
