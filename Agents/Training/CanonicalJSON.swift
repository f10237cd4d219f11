import Foundation

/// JSON with sorted keys, so that equal values always give equal bytes: the
/// encoder checkpoints use for their metadata (`resume_state`,
/// `trainer_state`), which makes two identical runs' checkpoint files
/// byte-identical. Algorithms use it in `resumeJSON()`.
///
/// ```swift
/// func resumeJSON() throws -> Data { try canonicalJSON(MyResumeState(…)) }
/// ```
public func canonicalJSON<T: Encodable>(_ value: T) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return try encoder.encode(value)
}
