import SwiftletCore

/// Layers applied in order (PyTorch's `nn.Sequential`); child `i` is named
/// `"i"`, so parameters are `0.weight`, `0.bias`, `2.weight`, ….
///
/// ```swift
/// let net = Sequential<Float>([Linear(4, 64, generator: &g), Tanh(), Linear(64, 2, generator: &g)])
/// ```
///
/// Cost: one dynamic call per layer on top of the layers' work. `MLP` is the
/// statically dispatched alternative for the common case.
public final class Sequential<Scalar: TensorFloatingPoint>: Layer {
    public let layers: [any Layer<Scalar>]

    public init(_ layers: [any Layer<Scalar>]) { self.layers = layers }

    public var children: [(name: String, module: any Module<Scalar>)] {
        layers.enumerated().map { (String($0.offset), $0.element as any Module<Scalar>) }
    }

    @inlinable
    public func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        var x = input
        for layer in layers { x = layer(x) }
        return x
    }
}
