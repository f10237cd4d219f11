import Foundation
import Testing
import SwiftletCore
import SwiftletNN

struct TrainingTests {
    /// End to end against PyTorch in Float64: MLP 3→8→8→2 (tanh), MSE loss,
    /// gradients from the autograd core, clip_grad_norm_(0.5), Adam(lr 0.01),
    /// 5 steps: losses, returned norms and parameters all match.
    @Test func mlpTrainingMatchesPyTorch() throws {
        let fx = try fixtureJSON("mlp_training.json") as! [String: Any]
        var g = PCG64(seed: 0)
        let net = MLP<Double>([3, 8, 8, 2], activation: .tanh, generator: &g)
        let shapes = fx["shapes"] as! [String: Any]
        let initial = (fx["init"] as! [String: Any]).mapValues { doubles($0) }
        try net.loadStateDict(initial.reduce(into: [:]) { $0[$1.key] = tensor($1.value, ints(shapes[$1.key]), as: Double.self) })
        let x = tensor(doubles(fx["x"]), [16, 3], as: Double.self)
        let y = tensor(doubles(fx["y"]), [16, 2], as: Double.self)
        let opt = Adam(net.parameters, learningRate: 0.01)
        let losses = doubles(fx["losses"]), norms = doubles(fx["norms"])
        let params = fx["params"] as! [[String: Any]]
        for k in 0..<5 {
            opt.zeroGrad()
            let loss = (net(x) - y).squared().mean()
            loss.backward()
            let norm = clipGradNorm(net.parameters, maxNorm: 0.5)
            opt.step()
            #expect(abs(loss.scalar - losses[k]) <= 1e-12 * max(1, losses[k]), "loss at step \(k)")
            #expect(abs(norm - norms[k]) <= 1e-12 * max(1, norms[k]), "grad norm at step \(k)")
            for (name, p) in net.namedParameters() {
                let err = maxRelativeError(p.value.scalars, doubles(params[k][name]))
                #expect(err <= 1e-12, "\(name) at step \(k) differs by \(err)")
            }
        }
    }

    @Test func clipGradNormScalesOnlyAboveTheLimit() {
        let a = Parameter<Double>(Tensor<Double>.zeros([2])), b = Parameter<Double>(Tensor<Double>.zeros([1]))
        let c = Parameter<Double>(Tensor<Double>.zeros([1]))  // no gradient: skipped
        a.grad = Tensor<Double>([3, 0]); b.grad = Tensor<Double>([4])
        let n = clipGradNorm([a, b, c], maxNorm: 1)
        #expect(n == 5)
        #expect(abs(a.grad!.scalars[0] - 3 / (5 + 1e-6)) < 1e-15 && abs(b.grad!.scalars[0] - 4 / (5 + 1e-6)) < 1e-15)
        let n2 = clipGradNorm([a, b, c], maxNorm: 10)
        #expect(abs(n2 - 5 / (5 + 1e-6)) < 1e-15)
        #expect(abs(a.grad!.scalars[0] - 3 / (5 + 1e-6)) < 1e-15)  // unchanged: coefficient clamps to 1
    }

    @Test func learningRateSchedules() {
        #expect(LearningRateSchedule.constant(0.1)(progress: 0.7) == 0.1)
        let lin = LearningRateSchedule.linear(from: 1e-3, to: 0)
        #expect(lin(progress: 0) == 1e-3 && lin(progress: 1) == 0 && abs(lin(progress: 0.25) - 7.5e-4) < 1e-18)
        #expect(lin(progress: 2) == 0)
        // SB3 get_linear_fn(1.0, 0.05, 0.1) at progress_remaining 0.95 → progress 0.05.
        let eps = LearningRateSchedule.linear(start: 1, end: 0.05, fraction: 0.1)
        #expect(abs(eps(progress: 0.05) - (1 + 0.05 * (0.05 - 1) / 0.1)) < 1e-15 && eps(progress: 0.5) == 0.05)
        let custom = LearningRateSchedule.custom { 1 / (1 + $0) }
        let opt = SGD([Parameter<Float>(Tensor<Float>.zeros([1]))], learningRate: 9)
        custom.apply(to: opt, step: 50, totalSteps: 100)
        #expect(abs(opt.learningRate - 1 / 1.5) < 1e-15)
    }

    /// XOR with a 2→8→1 tanh network from each optimizer, seeded.
    @Test(arguments: ["sgd", "adam", "rmsprop"])
    func learnsXOR(_ kind: String) {
        var g = PCG64(seed: 42)
        let net = MLP<Float>([2, 8, 1], activation: .tanh, generator: &g)
        let opt: any Optimizer<Float> = switch kind {
        case "sgd": SGD(net.parameters, learningRate: 0.2, momentum: 0.9)
        case "adam": Adam(net.parameters, learningRate: 0.05)
        default: RMSprop(net.parameters, learningRate: 0.01)
        }
        let x = Tensor<Float>([[0, 0], [0, 1], [1, 0], [1, 1]])
        let y = Tensor<Float>(shape: [4, 1], scalars: [0, 1, 1, 0])
        var loss: Float = 1
        for _ in 0..<500 {
            opt.zeroGrad()
            let l = (net(x) - y).squared().mean()
            l.backward()
            opt.step()
            loss = l.scalar
        }
        #expect(loss < 0.01, "\(kind): XOR loss \(loss) after 500 steps")
        let out = withNoGrad { net(x) }.scalars
        #expect(out[0] < 0.3 && out[1] > 0.7 && out[2] > 0.7 && out[3] < 0.3, "\(kind): \(out)")
    }

    /// A sine fit on [−π, π] with a 1→32→32→1 network.
    @Test func fitsASine() {
        var g = PCG64(seed: 7)
        let net = MLP<Float>([1, 32, 32, 1], activation: .tanh, generator: &g)
        let opt = Adam(net.parameters, learningRate: 0.01)
        let xs = (0..<64).map { -Float.pi + 2 * Float.pi * Float($0) / 63 }
        let x = Tensor<Float>(shape: [64, 1], scalars: xs)
        let y = Tensor<Float>(shape: [64, 1], scalars: xs.map { sin($0) })
        var loss: Float = 1
        for _ in 0..<600 {
            opt.zeroGrad()
            let l = (net(x) - y).squared().mean()
            l.backward()
            opt.step()
            loss = l.scalar
        }
        #expect(loss < 2e-3, "sine fit MSE \(loss)")
    }
}
