import SwiftletCore

/// A trainable tensor held by reference, so that a module and an optimizer
/// see the same values: the optimizer writes `value` in place (its storage is
/// uniquely owned, so no copy is made) and the module reads the update on its
/// next forward pass. `value` is a leaf that requires grad unless frozen.
///
/// ```swift
/// let w = Parameter(Tensor<Float>.zeros([2, 3]))
/// let y = (x * w.value).sum(); y.backward()
/// print(w.grad!)
/// ```
public final class Parameter<Scalar: TensorFloatingPoint> {
    /// The current values (a leaf tensor). Replace values with `assign(_:)`,
    /// which keeps the gradient slot; write in place with
    /// `withUnsafeMutableBufferPointer`.
    @inlinable public var value: Tensor<Scalar> { _value }
    @exclusivity(unchecked) @usableFromInline var _value: Tensor<Scalar>
    /// Counts writes to the values (`assign`, `fill`, in-place updates), so
    /// derived data (a layer's transposed weight) knows when it is stale.
    @exclusivity(unchecked) public private(set) var version: UInt64 = 0

    /// A parameter holding `value` as a leaf (gradient history is dropped).
    public init(_ value: Tensor<Scalar>, requiresGrad: Bool = true) {
        var v = value.detached()
        v.requiresGrad = requiresGrad
        self._value = v
    }

    /// The shape of `value`.
    @inlinable public var shape: [Int] { value.shape }
    /// The element count of `value`.
    @inlinable public var count: Int { value.count }

    /// The gradient accumulated by `backward()`, or nil (also nil when frozen).
    @inlinable
    public var grad: Tensor<Scalar>? {
        get { _value.grad }
        set {
            precondition(value.requiresGrad, "Parameter.grad: a frozen parameter holds no gradient")
            _value.grad = newValue
        }
    }

    /// Whether gradients reach this parameter. Setting false drops the
    /// gradient (PyTorch's `requires_grad_(False)`).
    public var requiresGrad: Bool {
        get { value.requiresGrad }
        set { if newValue != _value.requiresGrad { _value.requiresGrad = newValue } }
    }

    /// Clears the gradient (set to nil, like `zero_grad(set_to_none=True)`).
    @inlinable
    public func zeroGrad() { _value.zeroGrad() }

    /// Copies `newValue`'s elements into this parameter in place (shapes must
    /// match). The gradient slot and `requiresGrad` are kept.
    public func assign(_ newValue: Tensor<Scalar>) {
        version &+= 1
        precondition(newValue.shape == value.shape,
                     "Parameter.assign: shape \(newValue.shape) does not match parameter shape \(value.shape)")
        newValue.withUnsafeBufferPointer { src in
            _value.withUnsafeMutableBufferPointer { dst in
                if let s = src.baseAddress, let d = dst.baseAddress { d.update(from: s, count: src.count) }
            }
        }
    }

    /// Sets every element to `constant` in place.
    public func fill(_ constant: Scalar) {
        version &+= 1
        _value.withUnsafeMutableBufferPointer { $0.update(repeating: constant) }
    }

    /// Writes the values in place without recording (optimizer updates).
    /// No copy is made while nothing else shares the storage.
    public func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Scalar>) throws -> R) rethrows -> R {
        version &+= 1
        return try _value.withUnsafeMutableBufferPointer(body)
    }
}

extension Parameter: CustomStringConvertible {
    public var description: String { "Parameter(shape: \(shape), requiresGrad: \(requiresGrad))" }
}
