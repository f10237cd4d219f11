import SwiftletGraphics

/// Gymnasium's `TimeLimit`: sets `truncated` once `maxEpisodeSteps` steps
/// have been taken since the last reset. `make` applies it with the
/// registered limit.
public final class TimeLimit<Base: Environment>: Wrapper {
    public let env: Base
    public let maxEpisodeSteps: Int
    /// Steps since the last reset.
    public internal(set) var elapsedSteps = 0

    public init(_ env: Base, maxEpisodeSteps: Int) {
        precondition(maxEpisodeSteps > 0, "TimeLimit: maxEpisodeSteps must be positive, got \(maxEpisodeSteps)")
        self.env = env
        self.maxEpisodeSteps = maxEpisodeSteps
    }

    public func reset(seed: UInt64?, options: ResetOptions?, into observation: UnsafeMutableBufferPointer<Float>) -> StepInfo {
        elapsedSteps = 0
        return env.reset(seed: seed, options: options, into: observation)
    }

    public func step(discrete action: Int, into observation: UnsafeMutableBufferPointer<Float>) -> Transition {
        var t = env.step(discrete: action, into: observation)
        elapsedSteps &+= 1
        if elapsedSteps >= maxEpisodeSteps { t.truncated = true }
        return t
    }

    public func step(continuous action: UnsafeBufferPointer<Float>, into observation: UnsafeMutableBufferPointer<Float>) -> Transition {
        var t = env.step(continuous: action, into: observation)
        elapsedSteps &+= 1
        if elapsedSteps >= maxEpisodeSteps { t.truncated = true }
        return t
    }
}

extension TimeLimit: SnapshottableEnvironment where Base: SnapshottableEnvironment {
    /// The base environment's snapshot with `elapsedSteps` set.
    public func snapshot() -> EnvironmentState {
        var s = env.snapshot()
        s.elapsedSteps = elapsedSteps
        return s
    }
    /// Restores the base environment and the step counter; throws for a
    /// snapshot taken without a `TimeLimit`.
    public func restore(_ s: EnvironmentState) throws {
        guard let e = s.elapsedSteps, e >= 0 else {
            throw EnvironmentError.invalidArgument("TimeLimit(\(id)).restore: the snapshot has no elapsed step count")
        }
        var inner = s
        inner.elapsedSteps = nil
        try env.restore(inner)
        elapsedSteps = e
    }
}

extension TimeLimit: RenderableEnvironment where Base: RenderableEnvironment {}
extension TimeLimit: NumPySeededEnvironment where Base: NumPySeededEnvironment {}
extension TimeLimit: StatefulEnvironment where Base: StatefulEnvironment {}
