import Foundation
import Testing
import SwiftletCore
import SwiftletNN

final class TwoHeads: Module {
    typealias Scalar = Float
    let actor: MLP<Float>
    let critic: Sequential<Float>
    let logStd: Parameter<Float>
    init(generator g: inout PCG64) {
        actor = MLP([4, 8, 2], activation: .tanh, generator: &g)
        critic = Sequential([Linear(4, 8, generator: &g), Tanh(), Linear(8, 1, generator: &g)])
        logStd = Parameter(Tensor<Float>.zeros([2]))
    }
    var ownParameters: [(name: String, parameter: Parameter<Float>)] { [("log_std", logStd)] }
    var children: [(name: String, module: any Module<Float>)] { [("actor", actor), ("critic", critic)] }
}

struct ModuleTests {
    @Test func dottedNamesFollowPyTorch() {
        var g = PCG64(seed: 1)
        let mlp = MLP<Float>([4, 64, 64, 2], activation: .tanh, generator: &g)
        #expect(mlp.namedParameters().map(\.name) == ["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"])
        #expect(mlp.namedParameters().map(\.parameter.shape) == [[64, 4], [64], [64, 64], [64], [2, 64], [2]])
        #expect(mlp.parameterCount == 4 * 64 + 64 + 64 * 64 + 64 + 64 * 2 + 2)
        let heads = TwoHeads(generator: &g)
        #expect(heads.namedParameters().map(\.name) == [
            "log_std", "actor.0.weight", "actor.0.bias", "actor.2.weight", "actor.2.bias",
            "critic.0.weight", "critic.0.bias", "critic.2.weight", "critic.2.bias",
        ])
        let noBias = Linear<Float>(3, 2, bias: false, generator: &g)
        #expect(noBias.namedParameters().map(\.name) == ["weight"])
    }

    /// A state dict written by PyTorch (`save_file(net.state_dict())` for
    /// Sequential(Linear(4,8), Tanh, Linear(8,8), ReLU, Linear(8,2))) loads
    /// by name into a Sequential and computes PyTorch's outputs.
    @Test func torchStateDictLoadsAndComputesTorchOutputs() throws {
        var g = PCG64(seed: 9)
        let net = Sequential<Float>([Linear(4, 8, generator: &g), Tanh(), Linear(8, 8, generator: &g), ReLU(), Linear(8, 2, generator: &g)])
        let meta = try net.load(from: fixtureURL("torch_mlp.safetensors"))
        #expect(meta["arch"] == "4-8-8-2")
        let fx = try fixtureJSON("torch_mlp.json") as! [String: Any]
        let y = net(tensor(doubles(fx["x"]), [3, 4], as: Float.self))
        #expect(maxRelativeError(y.scalars, doubles(fx["y"])) < 1e-6)
    }

    @Test func copyAndSoftUpdate() {
        var g = PCG64(seed: 2)
        let online = MLP<Double>([3, 5, 2], generator: &g)
        let target = MLP<Double>([3, 5, 2], generator: &g)
        let t0 = target.namedParameters().map { $0.parameter.value.scalars }
        let o0 = online.namedParameters().map { $0.parameter.value.scalars }
        target.softUpdate(from: online, tau: 0.25)
        for (i, (_, p)) in target.namedParameters().enumerated() {
            let expected = zip(t0[i], o0[i]).map { $0 * 0.75 + 0.25 * $1 }
            #expect(p.value.scalars == expected)
        }
        target.copyParameters(from: online)
        #expect(target.stateDict() == online.stateDict())
        // Independent storage afterwards: changing one leaves the other.
        online.layers[0].weight.fill(7)
        #expect(target.layers[0].weight.value.scalars.allSatisfy { $0 != 7 })
    }

    @Test func freezeStopsGradients() {
        var g = PCG64(seed: 3)
        let net = MLP<Double>([2, 4, 1], generator: &g)
        net.freeze()
        #expect(net.parameters.allSatisfy { !$0.requiresGrad })
        let x = Tensor<Double>([[1, 2]]).requiringGrad()
        net(x).sum().backward()
        #expect(net.parameters.allSatisfy { $0.grad == nil })
        #expect(x.grad != nil)
        net.unfreeze()
        net(x).sum().backward()
        #expect(net.parameters.allSatisfy { $0.grad != nil })
        net.zeroGrad()
        #expect(net.parameters.allSatisfy { $0.grad == nil })
    }

    @Test func loadStateDictChecksNamesAndShapes() {
        var g = PCG64(seed: 4)
        let net = MLP<Float>([2, 3, 1], generator: &g)
        var state = net.stateDict()
        state["2.weight"] = Tensor<Float>.zeros([3, 1])
        #expect(throws: CheckpointError.shapeMismatch(name: "2.weight", expected: [1, 3], found: [3, 1])) {
            try net.loadStateDict(state)
        }
        state = net.stateDict()
        state["0.bias"] = nil
        #expect(throws: CheckpointError.missingTensor(name: "0.bias")) { try net.loadStateDict(state) }
        state = net.stateDict()
        state["4.weight"] = Tensor<Float>.zeros([1])
        #expect(throws: CheckpointError.unexpectedTensor(name: "4.weight")) { try net.loadStateDict(state) }
        #expect(throws: Never.self) { try net.loadStateDict(state, strict: false) }
    }

    @Test func activationLayersMatchTensorOps() {
        let x = Tensor<Double>([-2, -0.5, 0, 0.5, 3])
        #expect(Tanh<Double>()(x) == x.tanh())
        #expect(ReLU<Double>()(x).scalars == [0, 0, 0, 0.5, 3])
        #expect(Sigmoid<Double>()(x) == x.sigmoid())
        #expect(Identity<Double>()(x) == x)
        #expect(ActivationLayer<Double>(.relu)(x) == x.relu())
    }
}

struct InitTests {
    /// PyTorch's default Linear init: U(±1/√fan_in) for weight and bias, so
    /// mean 0 and variance bound²/3.
    @Test func torchDefaultLinearStatistics() {
        var g = PCG64(seed: 5)
        let fc = Linear<Double>(256, 512, generator: &g)
        let bound = 1 / 16.0
        let w = fc.weight.value.scalars
        #expect(w.allSatisfy { abs($0) <= bound })
        let mean = w.reduce(0, +) / Double(w.count)
        let variance = w.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(w.count)
        // n = 131072: the sample mean's sd is ~1e-4, the variance's ~0.3 %.
        #expect(abs(mean) < 5e-4)
        #expect(abs(variance / (bound * bound / 3) - 1) < 0.02)
        #expect(w.max()! > bound * 0.999 && w.min()! < -bound * 0.999)
        let b = fc.bias!.value.scalars
        #expect(b.allSatisfy { abs($0) <= bound } && Set(b).count == 512)
    }

    @Test func orthogonalGivesOrthonormalRowsOrColumns() {
        var g = PCG64(seed: 6)
        for (shape, gain) in [([64, 4], 2.0.squareRoot()), ([2, 64], 0.01), ([64, 64], 1.0), ([1, 64], 1.0)] {
            let w = Init.orthogonal(shape, gain: gain, as: Double.self, generator: &g)
            let m = w.matmul(w.transposed()), mt = w.transposed().matmul(w)
            let gram = shape[0] >= shape[1] ? mt : m   // WᵀW when tall, WWᵀ when wide
            let n = min(shape[0], shape[1])
            var worst = 0.0
            for i in 0..<n { for j in 0..<n {
                worst = max(worst, abs(gram[index: i, j] - (i == j ? gain * gain : 0)))
            } }
            #expect(worst < 1e-12 * max(1, gain * gain), "shape \(shape): WᵀW deviates from gain²·I by \(worst)")
        }
        // Float32 result and module helper.
        let mlp = MLP<Float>([4, 64, 64, 2], generator: &g)
        mlp.initializeOrthogonal(hiddenGain: 2.0.squareRoot(), outputGain: 0.01, generator: &g)
        #expect(mlp.layers[2].bias!.value.scalars.allSatisfy { $0 == 0 })
        let w = mlp.layers[1].weight.value
        let gram = w.transposed().matmul(w)
        #expect(abs(gram[index: 3, 3] - 2) < 1e-5 && abs(gram[index: 3, 4]) < 1e-5)
    }

    @Test func orthogonalEntriesLookLikeScaledGaussians() {
        // Columns of a random orthogonal n×n matrix are uniform on the sphere:
        // entries have mean 0 and variance 1/n.
        var g = PCG64(seed: 8)
        let w = Init.orthogonal([128, 128], gain: 1, as: Double.self, generator: &g).scalars
        let mean = w.reduce(0, +) / Double(w.count)
        let variance = w.map { $0 * $0 }.reduce(0, +) / Double(w.count)
        #expect(abs(mean) < 3e-3)
        #expect(abs(variance * 128 - 1) < 1e-9)  // exactly 1/n: rows are unit vectors
        // Different seeds give different matrices; the same seed the same.
        var a = PCG64(seed: 1), b = PCG64(seed: 1)
        #expect(Init.orthogonal([8, 3], as: Float.self, generator: &a) == Init.orthogonal([8, 3], as: Float.self, generator: &b))
    }

    @Test func constantsAndZeros() {
        #expect(Init.zeros([2, 2], as: Float.self).scalars == [0, 0, 0, 0])
        #expect(Init.constant([3], Float(0.5)).scalars == [0.5, 0.5, 0.5])
        var g = PCG64(seed: 0)
        let k = Init.kaimingUniform([10, 6], a: 0, as: Double.self, generator: &g)
        #expect(k.scalars.allSatisfy { abs($0) <= 1.0 })  // √(2)·√(3/6) = 1
    }
}
