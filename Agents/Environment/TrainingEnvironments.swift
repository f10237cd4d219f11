import SwiftletEnvironments

/// The training copies of an environment (`makeVector` with the registered
/// time limit), saved and restored whole in checkpoints through the
/// environments module's snapshot API so a resumed run continues bitwise.
final class TrainingEnvironments {
    let envID: String
    let venv: any SnapshottableVectorEnvironment

    init(envID: String, count: Int, maxEpisodeSteps: Int? = nil) throws {
        let v = try makeVector(envID, count: count, maxEpisodeSteps: maxEpisodeSteps)
        guard let s = v as? any SnapshottableVectorEnvironment else {
            throw EnvironmentError.invalidArgument("\(envID): its vector environment cannot be snapshotted for checkpoints")
        }
        self.envID = envID
        venv = s
    }

    func snapshot() -> VectorEnvironmentState { venv.snapshot() }

    func restore(_ s: VectorEnvironmentState, path: String) throws {
        do { try venv.restore(s) } catch {
            throw TrainingError.badCheckpoint(path: path, reason: "environment state: \(error)")
        }
    }
}
