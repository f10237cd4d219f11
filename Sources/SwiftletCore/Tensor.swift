import RealModule

/// An n-dimensional array with value semantics and optional gradient tracking.
///
/// Storage is contiguous and row-major; copies share it until one of them
/// writes (copy-on-write). Floating-point tensors (`Tensor<Float>`,
/// `Tensor<Double>`) record the operations applied to them while any input
/// `requiresGrad` (and recording is not disabled by `withNoGrad`), so that
/// `backward()` can compute gradients; integer and boolean tensors serve as
/// indices and masks.
///
/// ```swift
/// var w = Tensor<Float>([[1, 2], [3, 4]]).requiringGrad()
/// let loss = (w * w).sum()
/// loss.backward()
/// print(w.grad!)   // [[2, 4], [6, 8]]
/// ```
///
/// Cost: creating a tensor is one heap allocation; a recorded op adds one
/// graph node and one closure context.
public struct Tensor<Scalar: TensorElement> {
    @usableFromInline var storage: TensorStorage<Scalar>
    /// The size of each dimension; `[]` for a scalar.
    @inlinable public var shape: [Int] { _shape }
    @usableFromInline var _shape: [Int]
    /// The graph node that produced this tensor (or the leaf's gradient slot).
    @usableFromInline var gradNode: GradNode<Scalar>?

    @inlinable @inline(__always)
    init(storage: TensorStorage<Scalar>, shape: [Int]) {
        self.storage = storage
        self._shape = shape
        self.gradNode = nil
    }

    /// An uninitialized tensor (internal: callers fill every element).
    @inlinable @inline(__always)
    init(uninitializedShape shape: [Int]) {
        self.init(storage: .allocate(shapeElementCount(shape)), shape: shape)
    }

    /// A tensor whose elements `body` writes (every one of them, as
    /// `Array(unsafeUninitializedCapacity:)`), sparing a fill that would be
    /// overwritten.
    ///
    /// ```swift
    /// let t = Tensor<Float>(unsafeUninitializedShape: [2, 2]) { buf in for i in buf.indices { buf[i] = Float(i) } }
    /// ```
    @inlinable
    public init(unsafeUninitializedShape shape: [Int],
                initializingWith body: (UnsafeMutableBufferPointer<Scalar>) throws -> Void) rethrows {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative dimension in shape \(shape)")
        self.init(uninitializedShape: shape)
        try body(UnsafeMutableBufferPointer(start: storage.base, count: storage.count))
    }

    /// A tensor of `shape` with every element `value`.
    @inlinable
    public init(repeating value: Scalar, shape: [Int]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative dimension in shape \(shape)")
        self.init(uninitializedShape: shape)
        storage.base.initialize(repeating: value, count: storage.count)
    }

    /// A tensor of the given shape holding `scalars` in row-major order.
    @inlinable
    public init(shape: [Int], scalars: [Scalar]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative dimension in shape \(shape)")
        let n = shapeElementCount(shape)
        precondition(n == scalars.count,
                     "Tensor(shape:scalars:): shape \(shape) needs \(n) scalars, got \(scalars.count)")
        self.init(uninitializedShape: shape)
        scalars.withUnsafeBufferPointer { storage.base.initialize(from: $0.baseAddress!, count: n) }
    }

    /// A 1-D tensor.
    @inlinable
    public init(_ scalars: [Scalar]) {
        self.init(shape: [scalars.count], scalars: scalars)
    }

    /// A 2-D tensor from rows of equal length.
    @inlinable
    public init(_ rows: [[Scalar]]) {
        let cols = rows.first?.count ?? 0
        precondition(rows.allSatisfy { $0.count == cols }, "Tensor: rows of unequal length")
        self.init(shape: [rows.count, cols], scalars: rows.flatMap { $0 })
    }

    /// A 0-D (scalar) tensor.
    @inlinable
    public init(scalar: Scalar) {
        self.init(shape: [], scalars: [scalar])
    }

    /// Number of elements.
    @inlinable public var count: Int { storage.count }
    /// Number of dimensions.
    @inlinable public var rank: Int { shape.count }

    /// The elements in row-major order (a copy).
    @inlinable
    public var scalars: [Scalar] {
        Array(UnsafeBufferPointer(start: storage.base, count: count))
    }

    /// The only element of a one-element tensor.
    @inlinable
    public var scalar: Scalar {
        precondition(count == 1, "scalar: tensor of shape \(shape) has \(count) elements, not 1")
        return storage.base[0]
    }

    /// Reads the elements without copying.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Scalar>) throws -> R) rethrows -> R {
        try withExtendedLifetime(storage) { try body(UnsafeBufferPointer(start: storage.base, count: count)) }
    }

    /// Writes the elements in place, copying the storage first if it is shared.
    /// Writing does not record a graph operation (like PyTorch's `.data`).
    @inlinable
    public mutating func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Scalar>) throws -> R) rethrows -> R {
        makeUnique()
        return try withExtendedLifetime(storage) { try body(UnsafeMutableBufferPointer(start: storage.base, count: count)) }
    }

    /// Overwrites every element: in place when the storage is not shared,
    /// else into a fresh block (no copy of the old elements, which `body`
    /// replaces). Any graph history is dropped.
    @inlinable
    public mutating func overwriteUnique(_ body: (UnsafeMutableBufferPointer<Scalar>) throws -> Void) rethrows {
        gradNode = nil
        if !isKnownUniquelyReferenced(&storage) { storage = .allocate(storage.count) }
        try withExtendedLifetime(storage) { try body(UnsafeMutableBufferPointer(start: storage.base, count: count)) }
    }

    @inlinable
    mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }

    /// Element at a full multi-index.
    @inlinable
    public subscript(index indices: Int...) -> Scalar {
        get { storage.base[flatIndex(indices)] }
        set { let i = flatIndex(indices); makeUnique(); storage.base[i] = newValue }
    }

    @inlinable
    func flatIndex(_ indices: [Int]) -> Int {
        precondition(indices.count == shape.count,
                     "subscript: \(indices.count) indices for tensor of shape \(shape)")
        var flat = 0
        for (d, i) in indices.enumerated() {
            precondition(i >= 0 && i < shape[d], "subscript: index \(i) out of range for dimension \(d) of shape \(shape)")
            flat = flat * shape[d] + i
        }
        return flat
    }

    /// The same elements under a new shape with the same element count (no copy;
    /// shares storage). Use `reshaped(_:)` for the differentiable version.
    @inlinable
    func viewing(as newShape: [Int]) -> Tensor {
        var t = Tensor(storage: storage, shape: newShape)
        t.gradNode = nil
        return t
    }
}

extension Tensor {
    /// A tensor of zeros.
    @inlinable public static func zeros(_ shape: [Int]) -> Tensor { Tensor(repeating: .zeroValue, shape: shape) }
    /// A tensor filled with `value`.
    @inlinable public static func full(_ shape: [Int], _ value: Scalar) -> Tensor { Tensor(repeating: value, shape: shape) }
    /// A tensor of zeros shaped like `other`.
    @inlinable public static func zeros(like other: Tensor) -> Tensor { Tensor(repeating: .zeroValue, shape: other.shape) }
}

extension Tensor where Scalar: TensorFloatingPoint {
    /// A tensor of ones.
    @inlinable public static func ones(_ shape: [Int]) -> Tensor { Tensor(repeating: 1, shape: shape) }
    /// `[start, start+step, …)` below `end`.
    @inlinable
    public static func arange(_ start: Scalar = 0, _ end: Scalar, step: Scalar = 1) -> Tensor {
        precondition(step != 0, "arange: step must be non-zero")
        let n = Swift.max(0, Int(((end - start) / step).rounded(.up)))
        return Tensor(shape: [n], scalars: (0..<n).map { start + Scalar($0) * step })
    }
    /// The `n`×`n` identity.
    @inlinable
    public static func eye(_ n: Int) -> Tensor {
        let t = Tensor.zeros([n, n])
        for i in 0..<n { t.storage.base[i * n + i] = 1 }
        return t
    }
    /// Uniform on `[low, high)` from `generator` (NumPy's `uniform` formula
    /// `low + (high-low)·u`, `u` from 53 bits).
    @inlinable
    public static func uniform(_ shape: [Int], low: Scalar = 0, high: Scalar = 1, generator: inout PCG64) -> Tensor {
        let t = Tensor(uninitializedShape: shape)
        let p = t.storage.base
        let lo = Double(low), span = Double(high) - Double(low)
        for i in 0..<t.count { p[i] = Scalar(lo + span * generator.nextDouble()) }
        return t
    }
    /// Normal with the given mean and standard deviation from `generator`.
    @inlinable
    public static func normal(_ shape: [Int], mean: Scalar = 0, std: Scalar = 1, generator: inout PCG64) -> Tensor {
        let t = Tensor(uninitializedShape: shape)
        let p = t.storage.base
        for i in 0..<t.count { p[i] = Scalar(Double(mean) + Double(std) * generator.nextNormal()) }
        return t
    }
}

extension Tensor where Scalar == Int {
    /// `[0, 1, …, n-1]` as indices.
    @inlinable
    public static func arange(_ n: Int) -> Tensor { Tensor(shape: [n], scalars: Array(0..<n)) }
}

extension Tensor {
    /// Converts elements to another element type (no gradient).
    @inlinable
    public func converted<T: TensorElement>(to type: T.Type = T.self, _ convert: (Scalar) -> T) -> Tensor<T> {
        let out = Tensor<T>(uninitializedShape: shape)
        let src = storage.base, dst = out.storage.base
        for i in 0..<count { dst[i] = convert(src[i]) }
        return out
    }
}

extension Tensor where Scalar: BinaryFloatingPoint {
    /// Converts to another floating-point type (no gradient).
    @inlinable
    public func cast<T: TensorFloatingPoint>(to type: T.Type) -> Tensor<T> { converted { T($0) } }
}

extension Tensor where Scalar: BinaryInteger {
    /// Converts integers to a floating-point tensor (no gradient).
    @inlinable
    public func cast<T: TensorFloatingPoint>(to type: T.Type) -> Tensor<T> { converted { T($0) } }
}

@inlinable
func shapeElementCount(_ shape: [Int]) -> Int {
    var n = 1
    for d in shape { n *= d }
    return n
}

extension Tensor: Equatable {
    /// Same shape and same elements (gradient state is not compared).
    @inlinable
    public static func == (lhs: Tensor, rhs: Tensor) -> Bool {
        guard lhs.shape == rhs.shape else { return false }
        let a = lhs.storage.base, b = rhs.storage.base
        for i in 0..<lhs.count where a[i] != b[i] { return false }
        return true
    }
}

extension Tensor: CustomStringConvertible {
    /// PyTorch-like: `tensor([[1.0, 2.0], [3.0, 4.0]], shape: [2, 2])`.
    public var description: String {
        let values = scalars
        var strides = [Int](repeating: 1, count: shape.count)
        for d in stride(from: shape.count - 2, through: 0, by: -1) { strides[d] = strides[d + 1] * shape[d + 1] }
        func render(_ dim: Int, _ offset: Int) -> String {
            if dim == shape.count { return "\(values[offset])" }
            let n = shape[dim]
            let shown = n > 12 ? Array(0..<6) + Array(n - 6..<n) : Array(0..<n)
            var parts = shown.map { render(dim + 1, offset + $0 * strides[dim]) }
            if n > 12 { parts.insert("...", at: 6) }
            return "[" + parts.joined(separator: ", ") + "]"
        }
        let body = shape.isEmpty ? "\(values[0])" : render(0, 0)
        let grad = gradNode != nil ? ", requiresGrad: true" : ""
        return "tensor(\(body), shape: \(shape)\(grad))"
    }
}
