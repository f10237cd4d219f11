/// One layer of `linearChain`: `act(x·Wᵀ + b)` with PyTorch's weight layout
/// `[out, in]`, and optionally the same weight laid out `[in, out]` (see
/// `linear(_:weight:bias:activation:transposedWeight:)`).
public struct LinearChainLayer<Scalar: TensorFloatingPoint> {
    public var weight: Tensor<Scalar>
    public var bias: Tensor<Scalar>?
    public var activation: LinearActivation
    public var transposedWeight: Tensor<Scalar>?

    @inlinable
    public init(weight: Tensor<Scalar>, bias: Tensor<Scalar>?, activation: LinearActivation,
                transposedWeight: Tensor<Scalar>? = nil) {
        self.weight = weight
        self.bias = bias
        self.activation = activation
        self.transposedWeight = transposedWeight
    }
}

/// A stack of fused linear layers (an MLP's forward) as one recorded op:
/// `x` through `layers` in order, each `act(h·Wᵀ + b)`.
///
/// Values and gradients are bitwise those of calling `linear` layer by layer
/// (same kernels, same order of operations); what the single node saves is
/// per-layer work between them: each hidden layer's activation derivative
/// and bias gradient are computed in the output tiles of the gemm that
/// produces its input gradient (one pass over the hidden activations fewer
/// per layer), and one graph node and closure replace one per layer. The
/// hidden activations are internal to the node: gradients flow to `x` and
/// to every weight and bias that requires them.
///
/// Cost: forward one fused gemm per layer; backward per layer a weight
/// gemm, an input gemm (skipped for the first layer when `x` needs no
/// gradient), and a column sum for the last layer's bias.
///
/// ```swift
/// let y = linearChain(x, layers: [LinearChainLayer(weight: w0, bias: b0, activation: .tanh),
///                                 LinearChainLayer(weight: w1, bias: b1, activation: .identity)])
/// ```
@inlinable
public func linearChain<Scalar: TensorFloatingPoint>(_ x: Tensor<Scalar>,
                                                     layers: [LinearChainLayer<Scalar>]) -> Tensor<Scalar> {
    precondition(!layers.isEmpty, "linearChain: needs at least one layer")
    let recording = isGradRecordingEnabled
        && (x.gradNode != nil || layers.contains { $0.weight.gradNode != nil || $0.bias?.gradNode != nil })
    if !recording {
        var h = x
        for l in layers {
            h = linear(h, weight: l.weight, bias: l.bias, activation: l.activation, transposedWeight: l.transposedWeight)
        }
        return h
    }
    // Outputs computed without recording (each `linear` checks shapes), then one node.
    var outputs: [Tensor<Scalar>] = []
    outputs.reserveCapacity(layers.count)
    withNoGrad {
        var h = x.detached()
        for l in layers {
            h = linear(h, weight: l.weight, bias: l.bias, activation: l.activation, transposedWeight: l.transposedWeight)
            outputs.append(h)
        }
    }
    var out = outputs[outputs.count - 1]
    out.gradNode = linearChainGradNode(x, layers: layers, outputs: outputs)
    return out
}

@inlinable @inline(never)
func linearChainGradNode<Scalar: TensorFloatingPoint>(_ x: Tensor<Scalar>, layers: [LinearChainLayer<Scalar>],
                                                      outputs: [Tensor<Scalar>]) -> GradNode<Scalar> {
    let count = layers.count
    var more: [GradNode<Scalar>?] = []
    more.reserveCapacity(2 * count)
    for l in layers { more.append(l.weight.gradNode); more.append(l.bias?.gradNode) }
    let xv = x.detached()
    let weights = layers.map { $0.weight.detached() }
    let biasShapes = layers.map { $0.bias?._shape }
    let activations = layers.map(\.activation)
    // Only the last output is ever reachable from outside the node.
    let hidden = outputs.map { $0.detached() }
    let needX = x.gradNode != nil
    let needW = layers.map { $0.weight.gradNode != nil }
    let needB = layers.map { $0.bias?.gradNode != nil }
    let rows = x.storage.count / Swift.max(weights[0]._shape[1], 1)
    return GradNode(op: "linearChain", shape: outputs[count - 1]._shape, x.gradNode, nil, more: more) { g in
        var rest = [Tensor<Scalar>?](repeating: nil, count: 2 * count)
        var gx: Tensor<Scalar>? = nil
        // gz: the gradient at layer l's pre-activation (its bias gradient, when
        // computed together with it, in gb).
        var gz = g
        var gb: Tensor<Scalar>? = nil
        let last = count - 1
        // The last layer's activation derivative and bias gradient: a separate pass.
        if needB[last] || activations[last] != .identity {
            if activations[last] != .identity { gz = Tensor<Scalar>(uninitializedShape: g._shape) }
            if needB[last] { gb = Tensor<Scalar>(uninitializedShape: biasShapes[last]!) }
            Scalar.activationBackwardKernel(g.storage.base, output: hidden[last].storage.base, rows: rows,
                                            cols: weights[last]._shape[0], activation: activations[last],
                                            into: gz.storage.base, biasGrad: gb?.storage.base)
        }
        var l = last
        while true {
            let w = weights[l]
            let outF = w._shape[0], inF = w._shape[1]
            let input = l == 0 ? xv : hidden[l - 1]
            if needW[l] {
                let t = Tensor<Scalar>(uninitializedShape: w._shape)
                Tensor.gemm(gz.storage.base, input.storage.base, t.storage.base, m: outF, n: inF, k: rows, transA: true)
                rest[2 * l] = t
            }
            rest[2 * l + 1] = gb
            if l == 0 {
                if needX {
                    let t = Tensor<Scalar>(uninitializedShape: xv._shape)
                    Tensor.gemm(gz.storage.base, w.storage.base, t.storage.base, m: rows, n: inF, k: outF)
                    gx = t
                }
                break
            }
            // The layer below: its pre-activation gradient straight from this
            // layer's input gemm, with its bias gradient summed in the same tiles.
            let below = l - 1
            let next = Tensor<Scalar>(uninitializedShape: input._shape)
            gb = needB[below] ? Tensor<Scalar>(uninitializedShape: biasShapes[below]!) : nil
            Scalar.linearInputGradientKernel(gz.storage.base, rows: rows, outFeatures: outF, weight: w.storage.base,
                                             inFeatures: inF, output: input.storage.base,
                                             activation: activations[below], into: next.storage.base,
                                             biasGrad: gb?.storage.base)
            gz = next
            l = below
        }
        return InputGradients(gx, nil, rest: rest)
    }
}
