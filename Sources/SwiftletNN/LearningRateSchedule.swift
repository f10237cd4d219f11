/// A learning rate as a function of training progress in [0, 1] (0 at the
/// start, 1 at the end).
///
/// ```swift
/// let schedule = LearningRateSchedule.linear(from: 3e-4, to: 0)
/// optimizer.learningRate = schedule(progress: Double(step) / Double(totalSteps))
/// ```
///
/// SB3 passes `progress_remaining = 1 − progress` to its schedules; the
/// `.linear` case here gives the same values as SB3's `get_linear_fn(start,
/// end, 1.0)` at `progress = 1 − progress_remaining`.
public enum LearningRateSchedule: Sendable {
    /// The same rate throughout.
    case constant(Double)
    /// `start + progress·(end − start)/fraction` over the first `fraction` of
    /// training, then exactly `end` (SB3's `get_linear_fn`).
    case linear(start: Double, end: Double, fraction: Double)
    /// Any function of progress.
    case custom(@Sendable (Double) -> Double)

    /// Linear from `start` to `end` over all of training.
    public static func linear(from start: Double, to end: Double) -> LearningRateSchedule {
        .linear(start: start, end: end, fraction: 1)
    }

    /// The rate at `progress` (clamped to [0, 1]).
    public func callAsFunction(progress: Double) -> Double {
        let p = Swift.min(Swift.max(progress, 0), 1)
        switch self {
        case .constant(let v): return v
        case let .linear(start, end, fraction):
            // SB3's get_linear_fn: exactly `end` once past the fraction.
            if p > fraction || fraction <= 0 { return end }
            return start + p * (end - start) / fraction
        case .custom(let f): return f(p)
        }
    }

    /// Sets `optimizer.learningRate` to the rate after `step` of `totalSteps`.
    public func apply<O: Optimizer>(to optimizer: O, step: Int, totalSteps: Int) {
        optimizer.learningRate = self(progress: totalSteps > 0 ? Double(step) / Double(totalSteps) : 1)
    }
}
