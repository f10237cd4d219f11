import SwiftletCore

/// An elementwise nonlinearity, as a value (for builders such as `MLP`).
public enum Activation: String, Sendable, Codable, CaseIterable {
    case identity, tanh, relu, sigmoid, softplus

    /// Applies the nonlinearity (recorded for autograd like the tensor op).
    @inlinable
    public func callAsFunction<Scalar: TensorFloatingPoint>(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        switch self {
        case .identity: return x
        case .tanh: return x.tanh()
        case .relu: return x.relu()
        case .sigmoid: return x.sigmoid()
        case .softplus: return x.softplus()
        }
    }
}

extension Activation {
    /// The same nonlinearity as a `linear` epilogue, when the core fuses it.
    @inlinable
    public var fusedLinearActivation: LinearActivation? {
        switch self {
        case .identity: return .identity
        case .tanh: return .tanh
        case .relu: return .relu
        case .sigmoid, .softplus: return nil
        }
    }
}

/// `tanh` as a layer (PyTorch's `nn.Tanh`).
public final class Tanh<Scalar: TensorFloatingPoint>: Layer {
    public init() {}
    @inlinable public func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar> { input.tanh() }
}

/// `max(x, 0)` as a layer (`nn.ReLU`).
public final class ReLU<Scalar: TensorFloatingPoint>: Layer {
    public init() {}
    @inlinable public func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar> { input.relu() }
}

/// The logistic sigmoid as a layer (`nn.Sigmoid`).
public final class Sigmoid<Scalar: TensorFloatingPoint>: Layer {
    public init() {}
    @inlinable public func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar> { input.sigmoid() }
}

/// The identity as a layer (`nn.Identity`).
public final class Identity<Scalar: TensorFloatingPoint>: Layer {
    public init() {}
    @inlinable public func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar> { input }
}

/// Any `Activation` as a layer.
public final class ActivationLayer<Scalar: TensorFloatingPoint>: Layer {
    public let activation: Activation
    public init(_ activation: Activation) { self.activation = activation }
    @inlinable public func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar> { activation(input) }
}
