import SwiftletGraphics

/// Gymnasium's `NormalizeObservation`: keeps float32 running statistics of
/// the observations (updated on every reset and step unless frozen) and
/// returns `(obs - mean) / sqrt(var + epsilon)` in float32, bit for bit as
/// Gymnasium. Set `updateRunningMean = false` to freeze the statistics for
/// evaluation; `statistics` can be saved (Codable) and assigned back.
///
/// ```swift
/// let env = NormalizeObservation(TimeLimit(CartPole(), maxEpisodeSteps: 500))
/// ... train ...
/// let saved = env.statistics                 // JSONEncoder().encode(saved)
/// evalEnv.statistics = saved; evalEnv.updateRunningMean = false
/// ```
public final class NormalizeObservation<Base: Environment>: Wrapper {
    public let env: Base
    public let epsilon: Double
    @exclusivity(unchecked) public var statistics: RunningMeanStd
    @exclusivity(unchecked) public var updateRunningMean = true
    public let observationSpace: Box

    public init(_ env: Base, epsilon: Double = 1e-8) {
        precondition(epsilon > 0, "NormalizeObservation: epsilon should be strictly positive, got \(epsilon)")
        self.env = env
        self.epsilon = epsilon
        statistics = RunningMeanStd(size: env.observationSize, precision: .float32)
        observationSpace = Box(low: -.infinity, high: .infinity, shape: env.observationSpace.shape)
    }

    private func transform(_ o: UnsafeMutableBufferPointer<Float>) {
        if updateRunningMean { statistics.update(UnsafeBufferPointer(o)) }
        for i in 0..<o.count { o[i] = statistics.normalize(o[i], at: i, epsilon: epsilon) }
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

extension NormalizeObservation: RenderableEnvironment where Base: RenderableEnvironment {}
extension NormalizeObservation: NumPySeededEnvironment where Base: NumPySeededEnvironment {}
