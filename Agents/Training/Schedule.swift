/// A value that changes over training as a function of SB3's
/// `progress_remaining` (1 at the start, 0 at the end).
///
/// ```swift
/// let lr = Schedule.linear(from: 1e-3)          // 1e-3 → 0
/// lr.value(progressRemaining: 0.25)            // 2.5e-4
/// let eps = Schedule.linearDecay(start: 1, end: 0.05, endFraction: 0.1)
/// ```
public enum Schedule: Equatable, Sendable {
    /// Always `value`.
    case constant(Double)
    /// SB3's `lin_x`: `progress_remaining × initial`.
    case linear(from: Double)
    /// SB3's `get_linear_fn`: `start` → `end` over the first `endFraction`
    /// of training, then `end` (DQN's ε schedule).
    case linearDecay(start: Double, end: Double, endFraction: Double)

    /// A constant or linear schedule from a config's kind and initial value.
    public init(kind: ScheduleKind, initial: Double) {
        self = kind == .constant ? .constant(initial) : .linear(from: initial)
    }

    /// The value at `progressRemaining` in [0, 1].
    @inlinable
    public func value(progressRemaining p: Double) -> Double {
        switch self {
        case .constant(let v): return v
        case .linear(let v): return p * v
        case let .linearDecay(start, end, fraction):
            let done = 1 - p
            if done > fraction { return end }
            return start + done * (end - start) / fraction
        }
    }

    /// SB3's `progress_remaining` after `step` of `total` steps, floored
    /// at 0 (the last rollout may overshoot `total`; SB3 would go negative).
    @inlinable
    public static func progressRemaining(step: Int, total: Int) -> Double {
        Swift.max(0, 1.0 - Double(step) / Double(total))
    }
}
