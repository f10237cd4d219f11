import SwiftletCore
import SwiftletNN
import Testing

/// `Linear` keeps its weight transposed between forward passes (where the
/// core's kernel reads it that way); every way of changing the weight must
/// make the next forward see the new values.
@Suite("Linear's transposed-weight cache follows every weight change")
struct LinearCacheTests {
    static func reference(_ layer: Linear<Float>, _ x: Tensor<Float>) -> [Float] {
        linear(x, weight: layer.weight.value, bias: layer.bias?.value).scalars
    }

    @Test func forwardSeesOptimizerStepsAssignFillAndCheckpointLoads() throws {
        var g = PCG64(seed: 3)
        let layer = Linear<Float>(64, 64, generator: &g)
        let x = Tensor<Float>.uniform([32, 64], low: -1, high: 1, generator: &g)
        #expect(layer(x).scalars == Self.reference(layer, x))
        let before = layer(x).scalars

        // An optimizer step writes the weight in place.
        let opt = Adam(layer.parameters, learningRate: 0.1)
        (layer(x) * layer(x)).sum().backward()
        opt.step()
        let afterStep = layer(x).scalars
        #expect(afterStep != before)
        #expect(afterStep == Self.reference(layer, x))

        layer.weight.assign(Tensor<Float>.uniform([64, 64], low: -1, high: 1, generator: &g))
        #expect(layer(x).scalars == Self.reference(layer, x))

        layer.weight.fill(0.25)
        #expect(layer(x).scalars == Self.reference(layer, x))

        layer.weight.withUnsafeMutableBufferPointer { $0[5] = -3 }
        #expect(layer(x).scalars == Self.reference(layer, x))

        // State-dict loads, hard copies and Polyak updates (target networks).
        let other = Linear<Float>(64, 64, generator: &g)
        try layer.loadStateDict(["weight": other.weight.value, "bias": other.bias!.value])
        #expect(layer(x).scalars == Self.reference(layer, x))
        let source = Linear<Float>(64, 64, generator: &g)
        layer.copyParameters(from: source)
        #expect(layer(x).scalars == Self.reference(layer, x))
        layer.softUpdate(from: other, tau: 0.5)
        #expect(layer(x).scalars == Self.reference(layer, x))

        // The transposed copy holds exactly the transpose.
        if let t = layer.transposedWeight(rows: x.shape[0]) {
            let w = layer.weight.value.scalars, ts = t.scalars
            for o in 0..<64 { for i in 0..<64 { #expect(ts[i * 64 + o] == w[o * 64 + i]) } }
        }
    }

    @Test func mlpForwardFollowsUpdates() {
        var g = PCG64(seed: 4)
        let mlp = MLP<Float>([8, 64, 64, 3], activation: .tanh, generator: &g)
        let x = Tensor<Float>.uniform([16, 8], low: -1, high: 1, generator: &g)
        func unfused() -> [Float] {
            var h = x
            for (i, l) in mlp.layers.enumerated() {
                h = linear(h, weight: l.weight.value, bias: l.bias?.value)
                if i < mlp.layers.count - 1 { h = h.tanh() }
            }
            return h.scalars
        }
        #expect(mlp(x).scalars == unfused())
        let opt = SGD(mlp.parameters, learningRate: 0.5)
        mlp(x).sum().backward()
        opt.step()
        #expect(mlp(x).scalars == unfused())
    }
}
