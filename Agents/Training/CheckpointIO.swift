import Foundation
import SwiftletNN

/// Checkpoint files through SwiftletNN's safetensors `Checkpoint` (atomic
/// writes), with errors mapped to `TrainingError.badCheckpoint` naming the file.
enum CheckpointIO {
    static func write(_ tensors: [String: StoredTensor], metadata: [String: String], to url: URL) throws {
        try Checkpoint(tensors: tensors, metadata: metadata).write(to: url)
    }

    static func read(_ url: URL) throws -> (tensors: [String: StoredTensor], metadata: [String: String]) {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw TrainingError.badCheckpoint(path: url.path, reason: "no such file")
        }
        if let problem = UserFile.problem(url.path) { throw TrainingError.badCheckpoint(path: url.path, reason: problem) }
        do {
            let c = try Checkpoint(contentsOf: url)
            return (c.tensors, c.metadata)
        } catch {
            throw TrainingError.badCheckpoint(path: url.path, reason: "\(error)")
        }
    }
}
