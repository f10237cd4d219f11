import Foundation
import SwiftletCore
import Testing
import TestSupport

/// One case of `Fixtures/ops.json`: PyTorch's float64 forward value and the
/// gradients of `(output · upstream).sum()` with respect to each input.
struct OpFixture: Decodable, Sendable {
    var inputs: [TensorFixture]
    var indices: [TensorFixture]
    var output: TensorFixture
    var upstream: TensorFixture?
    var grads: [TensorFixture]?
}

let opFixtures: [String: OpFixture] = {
    do { return try loadFixture([String: OpFixture].self, "ops.json", bundle: .module) } catch {
        fatalError("CoreTests: \(error)")
    }
}()

/// Agreement to 1e-10 relative (with a 1e-13 floor for values that are
/// zero up to rounding in one of the two implementations).
func matchesReference(_ a: Tensor<Double>, _ b: Tensor<Double>) -> Bool {
    allClose(a, b, rtol: 1e-10, atol: 1e-13)
}

@Suite("Ops against PyTorch fixtures (float64)")
struct OpFixtureTests {
    @Test func everyFixtureHasASwiftCase() {
        let names = Set(opFixtures.keys).subtracting(forwardOnlyCases)
        #expect(names == Set(opCases.keys))
        #expect(opCases.count >= 90)
    }

    @Test(arguments: opCases.keys.sorted())
    func forwardAndGradientMatchPyTorch(_ name: String) throws {
        let fx = try #require(opFixtures[name], "no fixture \(name)")
        let f = try #require(opCases[name])
        let leaves = fx.inputs.map { $0.tensor.requiringGrad() }
        let indices = fx.indices.map(\.intTensor)
        let y = f(leaves, indices)
        let expected = fx.output.tensor
        #expect(y.shape == expected.shape, "\(name): shape \(y.shape) vs \(expected.shape)")
        #expect(matchesReference(y, expected), "\(name): forward off by \(maxRelativeError(y, expected)) relative")
        let up = try #require(fx.upstream).tensor
        y.backward(gradient: up)
        for (k, leaf) in leaves.enumerated() {
            let g = leaf.grad ?? Tensor<Double>.zeros(leaf.shape)
            let ref = fx.grads![k].tensor
            #expect(matchesReference(g, ref), "\(name): gradient of input \(k) off by \(maxRelativeError(g, ref)) relative\n\(g)\nvs\n\(ref)")
        }
    }

    @Test(arguments: opCases.keys.sorted().filter { !nonDifferentiableCases.contains($0) })
    func gradcheckPasses(_ name: String) throws {
        let fx = try #require(opFixtures[name])
        let f = try #require(opCases[name])
        let indices = fx.indices.map(\.intTensor)
        let r = gradcheck(fx.inputs.map(\.tensor)) { f($0, indices) }
        #expect(r.passed, "\(name): \(r)")
    }

    @Test func argmaxMatchesPyTorch() throws {
        let x = try #require(opFixtures["argmax"]).inputs[0].tensor
        #expect(x.argmax(dim: 1) == opFixtures["argmax"]!.output.intTensor)
        #expect(x.argmax(dim: 0, keepdim: true) == opFixtures["argmax_dim0_keep"]!.output.intTensor)
        #expect(x.argmax() == opFixtures["argmax_all"]!.output.intTensor.scalar)
    }

    @Test func oneHotMatchesPyTorch() throws {
        let fx = try #require(opFixtures["one_hot"])
        let y = Tensor<Double>.oneHot(fx.indices[0].intTensor, classes: 4)
        #expect(y == fx.output.tensor)
    }
}
