import SwiftletCore

/// A tensor of any element type a checkpoint holds, tagged with its
/// safetensors dtype. Reading maps `F16`/`BF16` to `.float32` and `I8`/`I16`
/// to `.int32` (exact widenings).
public enum StoredTensor: Equatable, CustomStringConvertible {
    case float32(Tensor<Float>)
    case float64(Tensor<Double>)
    case int64(Tensor<Int>)
    case int32(Tensor<Int32>)
    case uint8(Tensor<UInt8>)
    case bool(Tensor<Bool>)

    /// Wraps a floating-point tensor (`Float` → F32, `Double` → F64); the
    /// gradient history is not kept.
    public init<Scalar: TensorFloatingPoint>(_ tensor: Tensor<Scalar>) {
        if let f = tensor as? Tensor<Float> { self = .float32(f.detached()) }
        else if let d = tensor as? Tensor<Double> { self = .float64(d.detached()) }
        else { self = .float64(tensor.cast(to: Double.self)) }
    }

    /// The shape.
    public var shape: [Int] {
        switch self {
        case .float32(let t): return t.shape
        case .float64(let t): return t.shape
        case .int64(let t): return t.shape
        case .int32(let t): return t.shape
        case .uint8(let t): return t.shape
        case .bool(let t): return t.shape
        }
    }

    /// The safetensors dtype name written for this tensor.
    public var dtype: String {
        switch self {
        case .float32: return "F32"
        case .float64: return "F64"
        case .int64: return "I64"
        case .int32: return "I32"
        case .uint8: return "U8"
        case .bool: return "BOOL"
        }
    }

    /// Bytes per element.
    public var elementSize: Int {
        switch self {
        case .float32, .int32: return 4
        case .float64, .int64: return 8
        case .uint8, .bool: return 1
        }
    }

    /// Number of elements.
    public var count: Int { shape.reduce(1, *) }

    /// The values as a floating-point tensor of type `Scalar` (converting
    /// F32 ↔ F64 like PyTorch's `copy_`), or nil for integer and bool data.
    public func floatingPoint<Scalar: TensorFloatingPoint>(as _: Scalar.Type = Scalar.self) -> Tensor<Scalar>? {
        switch self {
        case .float32(let t):
            if let same = t as? Tensor<Scalar> { return same }
            return t.cast(to: Scalar.self)
        case .float64(let t):
            if let same = t as? Tensor<Scalar> { return same }
            return t.cast(to: Scalar.self)
        default: return nil
        }
    }

    public var description: String { "StoredTensor(\(dtype), shape: \(shape))" }

    /// Calls `body` with the raw little-endian bytes (Bool as 0/1 bytes).
    func withRawBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        switch self {
        case .float32(let t): return t.withUnsafeBufferPointer { body(UnsafeRawBufferPointer($0)) }
        case .float64(let t): return t.withUnsafeBufferPointer { body(UnsafeRawBufferPointer($0)) }
        case .int64(let t): return t.withUnsafeBufferPointer { body(UnsafeRawBufferPointer($0)) }
        case .int32(let t): return t.withUnsafeBufferPointer { body(UnsafeRawBufferPointer($0)) }
        case .uint8(let t): return t.withUnsafeBufferPointer { body(UnsafeRawBufferPointer($0)) }
        case .bool(let t):
            // Swift stores Bool as one byte, 0 or 1 — the safetensors encoding.
            return t.withUnsafeBufferPointer { body(UnsafeRawBufferPointer($0)) }
        }
    }
}
