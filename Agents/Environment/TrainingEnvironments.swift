import SwiftletEnvironments

/// The training copies of an environment (its vector environment with the
/// spec's time limit), saved and restored whole in checkpoints through the
/// environments module's snapshot API so a resumed run continues bitwise.
public final class TrainingEnvironments {
    /// What the copies are made from.
    public let spec: EnvSpec
    /// The copies.
    public let venv: any VectorEnvironment
    private let snapshottable: (any SnapshottableVectorEnvironment)?

    /// `count` copies of `spec`, reset by the caller. An environment without
    /// snapshots trains, but its runs cannot be resumed bit for bit
    /// (`snapshot()` throws).
    public init(spec: EnvSpec, count: Int, maxEpisodeSteps: Int? = nil) throws {
        self.spec = spec
        venv = spec.makeVector(count: count, maxEpisodeSteps: maxEpisodeSteps)
        snapshottable = venv as? any SnapshottableVectorEnvironment
    }

    /// The copies' complete state; throws when the environment has no snapshots.
    public func snapshot() throws -> VectorEnvironmentState {
        guard let s = snapshottable else {
            throw TrainingError.unsupportedEnvironment(envID: spec.id, reason: "its environment does not conform to "
                + "SnapshottableEnvironment, so the run cannot be checkpointed for resuming")
        }
        return s.snapshot()
    }

    /// Restores `snapshot()`; throws `TrainingError.badCheckpoint` when it does not fit.
    public func restore(_ s: VectorEnvironmentState, path: String) throws {
        guard let v = snapshottable else {
            throw TrainingError.badCheckpoint(path: path, reason: "\(spec.id) cannot restore environment snapshots")
        }
        do { try v.restore(s) } catch {
            throw TrainingError.badCheckpoint(path: path, reason: "environment state: \(error)")
        }
    }
}
