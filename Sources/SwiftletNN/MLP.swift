import SwiftletCore

/// A multilayer perceptron: `Linear` layers with an activation between them
/// (and optionally after the last). Parameter names match PyTorch's
/// `nn.Sequential(Linear, act, Linear, act, Linear)`: `0.weight`, `0.bias`,
/// `2.weight`, …, `2(n−1).bias`, so a state dict from an SB3/PyTorch MLP loads
/// directly.
///
/// ```swift
/// var g = PCG64(seed: 1)
/// let q = MLP<Float>([4, 64, 64, 2], activation: .relu, generator: &g)
/// let values = q(obs)          // [batch, 4] → [batch, 2]
/// ```
///
/// Cost: per layer one fused gemm and one activation pass, statically
/// dispatched (no existential calls).
public final class MLP<Scalar: TensorFloatingPoint>: Layer {
    /// The linear layers, input side first.
    public let layers: [Linear<Scalar>]
    /// The activation between layers.
    public let activation: Activation
    /// The activation after the last layer (`.identity` for none).
    public let outputActivation: Activation
    /// Layer widths, input first.
    public let sizes: [Int]

    /// An MLP with PyTorch's default `Linear` initialization, layers drawn in order.
    public init(_ sizes: [Int], activation: Activation = .tanh, outputActivation: Activation = .identity,
                generator: inout PCG64) {
        precondition(sizes.count >= 2, "MLP: needs at least input and output sizes, got \(sizes)")
        var layers: [Linear<Scalar>] = []
        for i in 0..<(sizes.count - 1) { layers.append(Linear(sizes[i], sizes[i + 1], generator: &generator)) }
        self.layers = layers
        self.activation = activation
        self.outputActivation = outputActivation
        self.sizes = sizes
    }

    /// An MLP over existing layers (sizes must chain).
    public init(layers: [Linear<Scalar>], activation: Activation = .tanh, outputActivation: Activation = .identity) {
        precondition(!layers.isEmpty, "MLP: needs at least one layer")
        for i in 1..<layers.count {
            precondition(layers[i].inFeatures == layers[i - 1].outFeatures,
                         "MLP: layer \(i) takes \(layers[i].inFeatures) inputs but layer \(i - 1) gives \(layers[i - 1].outFeatures)")
        }
        self.layers = layers
        self.activation = activation
        self.outputActivation = outputActivation
        self.sizes = [layers[0].inFeatures] + layers.map(\.outFeatures)
    }

    public var children: [(name: String, module: any Module<Scalar>)] {
        layers.enumerated().map { (String(2 * $0.offset), $0.element as any Module<Scalar>) }
    }

    /// With identity, relu or tanh activations the whole stack is one
    /// `linearChain` node (activations fused into the gemms, same bits as
    /// layer-by-layer ops); other activations run layer by layer.
    @inlinable
    public func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        // Without recording there is no backward to fuse: layer by layer
        // (same kernels, same bits) spares building the chain (a rollout step).
        if isGradRecordingEnabled, let hidden = activation.fusedLinearActivation,
           let output = outputActivation.fusedLinearActivation {
            let last = layers.count - 1
            let rows = layers.isEmpty ? 0 : input.count / Swift.max(layers[0].inFeatures, 1)
            var chain: [LinearChainLayer<Scalar>] = []
            chain.reserveCapacity(layers.count)
            for (i, layer) in layers.enumerated() {
                chain.append(LinearChainLayer(weight: layer.weight.value, bias: layer.bias?.value,
                                              activation: i == last ? output : hidden,
                                              transposedWeight: layer.transposedWeight(rows: rows)))
            }
            return linearChain(input, layers: chain)
        }
        var x = input
        let last = layers.count - 1
        for i in 0...last {
            let act = i == last ? outputActivation : activation
            let layer = layers[i]
            if let fused = act.fusedLinearActivation {
                x = layer(x, activation: fused)
            } else {
                x = act(layer(x))
            }
        }
        return x
    }

    /// Orthogonal re-initialization as SB3 does for actor-critic networks:
    /// hidden layers with `hiddenGain` (√2), the last with `outputGain`
    /// (0.01 for a policy head, 1 for a value head), biases zero. Layers are
    /// drawn in order.
    public func initializeOrthogonal(hiddenGain: Double = 2.0.squareRoot(), outputGain: Double,
                                     generator: inout PCG64) {
        for (i, layer) in layers.enumerated() {
            layer.initializeOrthogonal(gain: i == layers.count - 1 ? outputGain : hiddenGain, generator: &generator)
        }
    }
}
