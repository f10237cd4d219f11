import SwiftletCore
import Testing
import TestSupport

/// `linearChain` (an MLP as one node, activation derivatives fused into the
/// input-gradient gemms) against the same layers as separate `linear` ops
/// (themselves checked against PyTorch and Float64 references): values and
/// every gradient bit for bit, on shapes that take the small-gemm kernel,
/// shapes it declines, and the fallbacks; plus finite differences in Float64.
@Suite("linearChain equals layer-by-layer linear")
struct LinearChainTests {
    struct Case: CustomStringConvertible, Sendable {
        var inputShape: [Int]
        var widths: [Int]              // layer output sizes
        var activations: [LinearActivation]
        var biasless: Set<Int> = []    // layers without bias
        var frozen: Set<Int> = []      // layers whose parameters need no gradient
        var inputNeedsGrad = true
        var description: String { "\(inputShape) → \(widths) \(activations.map(\.rawValue)) nobias \(biasless.sorted()) frozen \(frozen.sorted()) dx \(inputNeedsGrad)" }
    }

    static let cases: [Case] = [
        Case(inputShape: [256, 4], widths: [64, 64, 2], activations: [.tanh, .tanh, .identity], inputNeedsGrad: false),
        Case(inputShape: [256, 4], widths: [64, 64, 1], activations: [.tanh, .tanh, .identity]),
        Case(inputShape: [64, 4], widths: [256, 256, 2], activations: [.relu, .relu, .identity]),
        Case(inputShape: [7, 33], widths: [17, 50, 3], activations: [.relu, .tanh, .tanh]),
        Case(inputShape: [1, 5], widths: [16, 8], activations: [.tanh, .relu]),
        Case(inputShape: [2, 5, 12], widths: [32, 16, 4], activations: [.tanh, .identity, .relu], biasless: [1]),
        Case(inputShape: [13, 20], widths: [40, 40, 40], activations: [.relu, .relu, .tanh], frozen: [1]),
        Case(inputShape: [31, 6], widths: [95, 18], activations: [.tanh, .identity], biasless: [0], frozen: [0]),
        Case(inputShape: [100, 70], widths: [130], activations: [.tanh]),
    ]

    struct Params<Scalar: TensorFloatingPoint> {
        var x: Tensor<Scalar>
        var weights: [Tensor<Scalar>]
        var biases: [Tensor<Scalar>?]
        var probe: Tensor<Scalar>
    }

    static func params<Scalar: TensorFloatingPoint>(_ c: Case, seed: UInt64, as: Scalar.Type) -> Params<Scalar> {
        var g = PCG64(seed: seed)
        let x = Tensor<Scalar>.uniform(c.inputShape, low: -2, high: 2, generator: &g)
        var inF = c.inputShape.last!
        var weights: [Tensor<Scalar>] = [], biases: [Tensor<Scalar>?] = []
        for (i, out) in c.widths.enumerated() {
            weights.append(Tensor<Scalar>.uniform([out, inF], low: -0.6, high: 0.6, generator: &g))
            biases.append(c.biasless.contains(i) ? nil : Tensor<Scalar>.uniform([out], low: -0.5, high: 0.5, generator: &g))
            inF = out
        }
        let probe = Tensor<Scalar>.uniform(Array(c.inputShape.dropLast()) + [c.widths.last!], low: -1, high: 1, generator: &g)
        return Params(x: x, weights: weights, biases: biases, probe: probe)
    }

    /// Runs `c` through the chain (`fused`) or through separate `linear` ops and
    /// returns the output and the gradients of x and every parameter that has one.
    static func run<Scalar: TensorFloatingPoint>(_ c: Case, _ p: Params<Scalar>, fused: Bool) -> [[Scalar]] {
        let x = c.inputNeedsGrad ? p.x.requiringGrad() : p.x
        let ws = p.weights.enumerated().map { c.frozen.contains($0.offset) ? $0.element : $0.element.requiringGrad() }
        let bs = p.biases.enumerated().map { i, b in c.frozen.contains(i) ? b : b?.requiringGrad() }
        let y: Tensor<Scalar>
        if fused {
            y = linearChain(x, layers: ws.indices.map {
                LinearChainLayer(weight: ws[$0], bias: bs[$0], activation: c.activations[$0])
            })
        } else {
            var h = x
            for i in ws.indices { h = linear(h, weight: ws[i], bias: bs[i], activation: c.activations[i]) }
            y = h
        }
        // Two consumers of the output: the engine sums their gradients first.
        ((y * p.probe).sum() + (y * y).sum() * 0.25).backward()
        var out = [y.scalars]
        if c.inputNeedsGrad { out.append(x.grad!.scalars) }
        for i in ws.indices where !c.frozen.contains(i) {
            out.append(ws[i].grad!.scalars)
            if let b = bs[i] { out.append(b.grad!.scalars) }
        }
        return out
    }

    /// The fused chain and the separate layers on one case, bit for bit.
    static func expectChainEqualsSeparateLayers<Scalar: TensorFloatingPoint>(_ i: Int, seed: UInt64, as: Scalar.Type) {
        let c = Self.cases[i]
        let p = Self.params(c, seed: seed, as: Scalar.self)
        let fused = Self.run(c, p, fused: true), separate = Self.run(c, p, fused: false)
        #expect(fused.count == separate.count)
        for (k, (a, b)) in zip(fused, separate).enumerated() {
            #expect(a.withUnsafeBytes { Array($0) } == b.withUnsafeBytes { Array($0) }, "\(c): result \(k) differs")
        }
    }

    @Test(arguments: cases.indices)
    func floatChainEqualsSeparateLayersBitForBit(_ i: Int) {
        Self.expectChainEqualsSeparateLayers(i, seed: UInt64(900 + i), as: Float.self)
    }

    @Test(arguments: cases.indices)
    func doubleChainEqualsSeparateLayersBitForBit(_ i: Int) {
        Self.expectChainEqualsSeparateLayers(i, seed: UInt64(950 + i), as: Double.self)
    }

    @Test func gradientsMatchFiniteDifferences() {
        // Small widths keep the Jacobian cheap; relu inputs stay away from 0
        // with high probability at these seeds (a kink would fail the check).
        var g = PCG64(seed: 77)
        let x = Tensor<Double>.uniform([3, 4], low: -1, high: 1, generator: &g)
        let w0 = Tensor<Double>.uniform([5, 4], low: -1, high: 1, generator: &g)
        let b0 = Tensor<Double>.uniform([5], low: -1, high: 1, generator: &g)
        let w1 = Tensor<Double>.uniform([6, 5], low: -1, high: 1, generator: &g)
        let w2 = Tensor<Double>.uniform([2, 6], low: -1, high: 1, generator: &g)
        let b2 = Tensor<Double>.uniform([2], low: -1, high: 1, generator: &g)
        let r = gradcheck([x, w0, b0, w1, w2, b2]) { t in
            linearChain(t[0], layers: [LinearChainLayer(weight: t[1], bias: t[2], activation: .tanh),
                                       LinearChainLayer(weight: t[3], bias: nil, activation: .tanh),
                                       LinearChainLayer(weight: t[4], bias: t[5], activation: .identity)])
        }
        #expect(r.passed, "\(r)")
    }

    @Test func withoutRecordingItIsThePlainForward() {
        let c = Self.cases[0]
        let p = Self.params(c, seed: 3, as: Float.self)
        let layers = p.weights.indices.map {
            LinearChainLayer(weight: p.weights[$0].requiringGrad(), bias: p.biases[$0], activation: c.activations[$0])
        }
        let y = withNoGrad { linearChain(p.x, layers: layers) }
        #expect(!y.requiresGrad)
        var h = p.x
        for i in p.weights.indices { h = linear(h, weight: p.weights[i], bias: p.biases[i], activation: c.activations[i]) }
        #expect(y.scalars == h.scalars)
    }
}
