/// Why training stopped with an error.
public enum TrainingError: Error, Equatable, CustomStringConvertible {
    /// A loss or gradient norm became NaN or infinite. The checkpoint
    /// written before it (if any) is left untouched.
    case nonFinite(quantity: String, value: Double, timestep: Int, update: Int)
    /// A checkpoint could not be read or does not fit this run.
    case badCheckpoint(path: String, reason: String)
    /// The environment does not fit the algorithm (e.g. DQN on a Box action space).
    case unsupportedEnvironment(envID: String, reason: String)
    /// The run folder could not be written.
    case io(path: String, reason: String)
    /// The configuration would need more memory (or another resource) than allowed (`MemoryBudget`).
    case resourceLimit(reason: String)

    public var description: String {
        switch self {
        case let .nonFinite(q, v, t, u):
            return "non-finite \(q) (\(v)) at timestep \(t), update \(u): training stopped (checkpoints written before it are kept)"
        case let .badCheckpoint(path, reason): return "bad checkpoint \(path): \(reason)"
        case let .unsupportedEnvironment(id, reason): return "cannot train on \(id): \(reason)"
        case let .io(path, reason): return "cannot write \(path): \(reason)"
        case let .resourceLimit(reason): return reason
        }
    }
}

/// Throws `TrainingError.nonFinite` unless `value` is finite.
@inlinable
public func checkFinite(_ value: Double, _ quantity: String, timestep: Int, update: Int) throws {
    if !value.isFinite { throw TrainingError.nonFinite(quantity: quantity, value: value, timestep: timestep, update: update) }
}
