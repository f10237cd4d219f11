import Foundation

/// Why a checkpoint could not be read, written or loaded. Every case names
/// the offending value; `description` is a complete sentence for users.
public enum CheckpointError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// The file system refused (`path`, the operation and `strerror`).
    case io(path: String, operation: String, reason: String)
    /// Fewer than the 8 bytes of the header length.
    case fileTooSmall(size: Int)
    /// The header length is larger than the file allows or than 100 MB.
    case invalidHeaderLength(length: UInt64, fileSize: Int)
    /// The header is not a valid safetensors JSON header.
    case invalidHeader(String)
    /// A tensor's dtype is not one of the safetensors dtypes Swiftlet reads.
    case unknownDType(name: String, dtype: String)
    /// A tensor's `data_offsets` are out of order, overlapping, leave gaps or
    /// reach past the data.
    case invalidOffsets(name: String, detail: String)
    /// A tensor's byte range does not hold shape × dtype size bytes.
    case sizeMismatch(name: String, shape: [Int], dtype: String, bytes: Int)
    /// The data section is longer than the tensors need.
    case trailingData(expected: Int, actual: Int)
    /// Loading: a tensor the module/optimizer needs is absent.
    case missingTensor(name: String)
    /// Loading (strict): the checkpoint holds a tensor nobody takes.
    case unexpectedTensor(name: String)
    /// Loading: a tensor's shape differs from the destination's.
    case shapeMismatch(name: String, expected: [Int], found: [Int])
    /// Loading: a tensor's element type cannot be converted to the destination's.
    case dtypeMismatch(name: String, expected: String, found: String)
    /// Loading: a value is present but unusable (e.g. a negative step count).
    case invalidValue(name: String, detail: String)

    public var description: String {
        switch self {
        case let .io(path, op, reason): return "checkpoint: cannot \(op) '\(path)': \(reason)"
        case let .fileTooSmall(size): return "checkpoint: file of \(size) bytes is too small to be safetensors (needs at least 8)"
        case let .invalidHeaderLength(length, size):
            return "checkpoint: header length \(length) does not fit a file of \(size) bytes (or exceeds the 100 MB limit)"
        case let .invalidHeader(detail): return "checkpoint: invalid safetensors header: \(detail)"
        case let .unknownDType(name, dtype): return "checkpoint: tensor '\(name)' has unknown dtype '\(dtype)'"
        case let .invalidOffsets(name, detail): return "checkpoint: tensor '\(name)' has invalid data_offsets: \(detail)"
        case let .sizeMismatch(name, shape, dtype, bytes):
            return "checkpoint: tensor '\(name)' of shape \(shape) and dtype \(dtype) does not fit its \(bytes) bytes"
        case let .trailingData(expected, actual):
            return "checkpoint: tensors cover \(expected) bytes but the data section has \(actual)"
        case let .missingTensor(name): return "checkpoint: missing tensor '\(name)'"
        case let .unexpectedTensor(name): return "checkpoint: unexpected tensor '\(name)' (not in the destination)"
        case let .shapeMismatch(name, expected, found):
            return "checkpoint: tensor '\(name)' has shape \(found) but the destination expects \(expected)"
        case let .dtypeMismatch(name, expected, found):
            return "checkpoint: tensor '\(name)' has dtype \(found) but \(expected) is needed"
        case let .invalidValue(name, detail): return "checkpoint: tensor '\(name)': \(detail)"
        }
    }

    public var errorDescription: String? { description }
}
