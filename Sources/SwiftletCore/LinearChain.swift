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
    let count = layers.count
    precondition(count > 0, "linearChain: needs at least one layer")
    // Layers are read in place (indices, no element copies: each copy of a
    // layer is up to a dozen reference-count operations).
    var recording = isGradRecordingEnabled && x.gradNode != nil
    if isGradRecordingEnabled {
        for i in 0..<count where layers[i].weight.gradNode != nil || layers[i].bias?.gradNode != nil { recording = true }
    }
    if !recording {
        var h = x
        for i in 0..<count {
            h = linear(h, weight: layers[i].weight, bias: layers[i].bias, activation: layers[i].activation,
                       transposedWeight: layers[i].transposedWeight)
        }
        return h
    }
    // Outputs computed without recording (each `linear` checks shapes), then one node.
    var outputs: [Tensor<Scalar>] = []
    outputs.reserveCapacity(count)
    withNoGrad {
        var h = x.detached()
        for i in 0..<count {
            h = linear(h, weight: layers[i].weight, bias: layers[i].bias, activation: layers[i].activation,
                       transposedWeight: layers[i].transposedWeight)
            outputs.append(h)
        }
    }
    var out = outputs[count - 1]
    out.gradNode = linearChainGradNode(x, layers: layers, outputs: outputs)
    return out
}

@inlinable @inline(never)
func linearChainGradNode<Scalar: TensorFloatingPoint>(_ x: Tensor<Scalar>, layers: [LinearChainLayer<Scalar>],
                                                      outputs hidden: [Tensor<Scalar>]) -> GradNode<Scalar> {
    let count = layers.count
    var more: [GradNode<Scalar>?] = []
    more.reserveCapacity(2 * count)
    for i in 0..<count { more.append(layers[i].weight.gradNode); more.append(layers[i].bias?.gradNode) }
    // The closure keeps the layer and output arrays (two references) rather
    // than per-layer copies; only the last output is reachable from outside.
    let xv = x.detached()
    let needX = x.gradNode != nil
    let rows = x.storage.count / Swift.max(layers[0].weight._shape[1], 1)
    return GradNode(op: "linearChain", shape: hidden[count - 1]._shape, x.gradNode, nil, more: more) { g in
        var rest = [Tensor<Scalar>?](repeating: nil, count: 2 * count)
        var gx: Tensor<Scalar>? = nil
        // gz: the gradient at layer l's pre-activation (its bias gradient, when
        // computed together with it, in gb).
        let last = count - 1
        // The last layer's activation derivative and bias gradient: a separate pass.
        var (gz, gb) = preActivationGradient(g, output: hidden[last], activation: layers[last].activation, rows: rows,
                                             cols: layers[last].weight._shape[0],
                                             biasShape: layers[last].bias?.gradNode != nil ? layers[last].bias!._shape : nil)
        var l = last
        while true {
            let outF = layers[l].weight._shape[0], inF = layers[l].weight._shape[1]
            let input = l == 0 ? xv.storage.base : hidden[l - 1].storage.base
            if layers[l].weight.gradNode != nil {
                let t = Tensor<Scalar>(uninitializedShape: layers[l].weight._shape)
                Tensor.gemm(gz.storage.base, input, t.storage.base, m: outF, n: inF, k: rows, transA: true)
                rest[2 * l] = t
            }
            rest[2 * l + 1] = gb
            if l == 0 {
                if needX {
                    let t = Tensor<Scalar>(uninitializedShape: xv._shape)
                    Tensor.gemm(gz.storage.base, layers[0].weight.storage.base, t.storage.base, m: rows, n: inF, k: outF)
                    gx = t
                }
                break
            }
            // The layer below: its pre-activation gradient straight from this
            // layer's input gemm, with its bias gradient summed in the same tiles.
            let below = l - 1
            let next = Tensor<Scalar>(uninitializedShape: hidden[below]._shape)
            gb = layers[below].bias?.gradNode != nil ? Tensor<Scalar>(uninitializedShape: layers[below].bias!._shape) : nil
            Scalar.linearInputGradientKernel(gz.storage.base, rows: rows, outFeatures: outF,
                                             weight: layers[l].weight.storage.base, inFeatures: inF,
                                             output: input, activation: layers[below].activation,
                                             into: next.storage.base, biasGrad: gb?.storage.base)
            gz = next
            l = below
        }
        return InputGradients(gx, nil, rest: rest)
    }
}
