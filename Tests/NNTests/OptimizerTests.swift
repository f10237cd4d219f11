import Foundation
import Testing
import SwiftletCore
import SwiftletNN

/// Trajectories of SGD, Adam and RMSprop against PyTorch's (fixtures from
/// make_fixtures.py): 6 steps with explicit gradients, a parameter without a
/// gradient for the first two steps, and the learning rate halved from step 3.
struct OptimizerTrajectoryTests {
    static func cases() throws -> [[String: Any]] {
        try fixtureJSON("optimizers.json") as? [[String: Any]] ?? []
    }

    static func makeOptimizer<S: TensorFloatingPoint>(_ c: [String: Any], _ params: [Parameter<S>]) -> any Optimizer<S> {
        let h = c["hyper"] as? [String: Any] ?? [:]
        func d(_ k: String, _ def: Double) -> Double { (h[k] as? NSNumber)?.doubleValue ?? def }
        func b(_ k: String) -> Bool { (h[k] as? NSNumber)?.boolValue ?? false }
        switch c["optimizer"] as? String {
        case "sgd":
            return SGD(params, learningRate: d("lr", 1e-3), momentum: d("momentum", 0), dampening: d("dampening", 0),
                       weightDecay: d("weight_decay", 0), nesterov: b("nesterov"))
        case "adam":
            let betas = doubles(h["betas"])
            return Adam(params, learningRate: d("lr", 1e-3), betas: betas.count == 2 ? (betas[0], betas[1]) : (0.9, 0.999),
                        epsilon: d("eps", 1e-8), weightDecay: d("weight_decay", 0), amsgrad: b("amsgrad"))
        default:
            return RMSprop(params, learningRate: d("lr", 1e-2), alpha: d("alpha", 0.99), epsilon: d("eps", 1e-8),
                           weightDecay: d("weight_decay", 0), momentum: d("momentum", 0), centered: b("centered"))
        }
    }

    /// Runs steps `range` of case `c`; returns the worst relative error.
    static func run<S: TensorFloatingPoint>(_ c: [String: Any], _ params: [Parameter<S>], _ opt: any Optimizer<S>,
                                            steps range: Range<Int>) -> Double {
        let steps = c["steps"] as! [[String: Any]]
        let shapes = (c["shapes"] as! [Any]).map(ints)
        var worst = 0.0
        for k in range {
            let s = steps[k]
            opt.learningRate = (s["lr"] as! NSNumber).doubleValue
            let grads = s["grads"] as! [Any]
            for (i, p) in params.enumerated() {
                p.zeroGrad()
                if !(grads[i] is NSNull) { p.grad = tensor(doubles(grads[i]), shapes[i]) }
            }
            opt.step()
            let expected = (s["params"] as! [Any]).map(doubles)
            for (i, p) in params.enumerated() { worst = max(worst, maxRelativeError(p.value.scalars, expected[i])) }
        }
        return worst
    }

    static func check<S: TensorFloatingPoint>(_ c: [String: Any], as _: S.Type, tolerance: Double) throws {
        let name = "\(c["name"]!)/\(c["dtype"]!)"
        let shapes = (c["shapes"] as! [Any]).map(ints)
        let inits = (c["init"] as! [Any]).map(doubles)
        let params = zip(inits, shapes).map { Parameter<S>(tensor($0, $1)) }
        let opt = makeOptimizer(c, params)
        let worst = run(c, params, opt, steps: 0..<6)
        #expect(worst <= tolerance, "\(name): parameters differ from PyTorch by \(worst)")

        // Final state equals PyTorch's, under PyTorch's state names.
        let state = opt.stateDict()
        let expected = c["state"] as! [String: Any]
        for (key, value) in expected {
            guard let t = state[key] else { Issue.record("\(name): missing state \(key)"); continue }
            if key.hasSuffix(".step") {
                #expect(t == .int64(Tensor<Int>(shape: [], scalars: [Int(doubles(value)[0])])), "\(name): \(key)")
            } else {
                let err = maxRelativeError(t.floatingPoint(as: S.self)!.scalars, doubles(value))
                #expect(err <= tolerance, "\(name): state \(key) differs by \(err)")
            }
        }
        let ours = Set(state.keys.filter { $0.hasPrefix("state.") })
        #expect(ours == Set(expected.keys), "\(name): state names \(ours.sorted()) vs PyTorch \(expected.keys.sorted())")
    }

    @Test func float32TrajectoriesMatchPyTorch() throws {
        let cases = try Self.cases().filter { $0["dtype"] as? String == "float32" }
        #expect(cases.count == 12)
        for c in cases { try Self.check(c, as: Float.self, tolerance: 1e-6) }
    }

    @Test func float64TrajectoriesMatchPyTorch() throws {
        let cases = try Self.cases().filter { $0["dtype"] as? String == "float64" }
        #expect(cases.count == 12)
        for c in cases { try Self.check(c, as: Double.self, tolerance: 1e-12) }
    }

    /// Stop after 3 steps, save parameters and optimizer state through a
    /// safetensors round trip into fresh objects, continue: the trajectory
    /// is PyTorch's all the same.
    @Test func stateSaveRestoreContinuesTheTrajectory() throws {
        for c in try Self.cases() where c["dtype"] as? String == "float64" {
            let shapes = (c["shapes"] as! [Any]).map(ints)
            let inits = (c["init"] as! [Any]).map(doubles)
            let params = zip(inits, shapes).map { Parameter<Double>(tensor($0, $1)) }
            let opt = Self.makeOptimizer(c, params)
            _ = Self.run(c, params, opt, steps: 0..<3)

            var ckpt = Checkpoint()
            for (i, p) in params.enumerated() { ckpt.tensors["p\(i)"] = StoredTensor(p.value) }
            ckpt.store(opt, prefix: "optimizer.")
            let restored = try Checkpoint(decoding: ckpt.encoded())

            let params2 = try (0..<params.count).map { Parameter<Double>(try restored.tensor("p\($0)", as: Double.self)) }
            let opt2 = Self.makeOptimizer(c, params2)
            opt2.learningRate = 123  // overwritten by the restored param_groups.0.lr
            try restored.load(into: opt2, prefix: "optimizer.")
            #expect(opt2.learningRate == opt.learningRate)
            let worst = Self.run(c, params2, opt2, steps: 3..<6)
            #expect(worst <= 1e-12, "\(c["name"]!): restored trajectory differs by \(worst)")
        }
    }

    @Test func optimizerStateErrorsNameTheTensor() throws {
        let p = [Parameter<Float>(Tensor<Float>.zeros([2, 3]))]
        let adam = Adam(p)
        p[0].grad = Tensor<Float>.ones([2, 3])
        adam.step()
        var state = adam.stateDict()
        state["state.0.exp_avg"] = StoredTensor(Tensor<Float>.zeros([3, 2]))
        #expect(throws: CheckpointError.shapeMismatch(name: "state.0.exp_avg", expected: [2, 3], found: [3, 2])) {
            try Adam(p).loadStateDict(state)
        }
        state = adam.stateDict()
        state["state.5.exp_avg"] = StoredTensor(Tensor<Float>.zeros([2, 3]))
        #expect(throws: CheckpointError.unexpectedTensor(name: "state.5.exp_avg")) { try Adam(p).loadStateDict(state) }
        state = adam.stateDict()
        state["state.0.exp_avg_sq"] = nil
        #expect(throws: CheckpointError.missingTensor(name: "state.0.exp_avg_sq")) { try Adam(p).loadStateDict(state) }
        state = adam.stateDict()
        state["state.0.step"] = .int64(Tensor<Int>(shape: [], scalars: [-3]))
        #expect(throws: CheckpointError.self) { try Adam(p).loadStateDict(state) }
        // Failed loads change nothing.
        let fresh = Adam(p)
        #expect(throws: CheckpointError.self) { try fresh.loadStateDict(state) }
        #expect(fresh.stateDict().keys.sorted() == ["param_groups.0.lr"])
    }

    @Test func stepSkipsParametersWithoutGradientAndZeroGradClears() {
        let a = Parameter<Float>(Tensor<Float>.ones([3])), b = Parameter<Float>(Tensor<Float>.ones([2]))
        let opt = SGD([a, b], learningRate: 0.5)
        a.grad = Tensor<Float>([1, 2, 3])
        opt.step()
        #expect(a.value.scalars == [0.5, 0, -0.5])
        #expect(b.value.scalars == [1, 1])
        opt.zeroGrad()
        #expect(a.grad == nil)
    }

    @Test func optimizerUpdatesDoNotCopyParameterStorage() {
        var g = PCG64(seed: 1)
        let net = MLP<Float>([4, 16, 2], generator: &g)
        let x = Tensor<Float>.normal([8, 4], generator: &g)
        let before = net.parameters.map { p in p.value.withUnsafeBufferPointer { $0.baseAddress } }
        let opt = Adam(net.parameters, learningRate: 0.1)
        for _ in 0..<3 {
            opt.zeroGrad()
            net(x).squared().mean().backward()
            opt.step()
        }
        let after = net.parameters.map { p in p.value.withUnsafeBufferPointer { $0.baseAddress } }
        #expect(before == after, "the update should write the parameters' own storage (no copy-on-write)")
    }

    /// Adam's Float kernel (AVX-512 where present, which divides by the
    /// bias correction √(1 − β2ᵗ) without the divider) against the formula
    /// written out with IEEE division, bit for bit: 4,099 parameters whose
    /// gradients span 1e-30…1e30 (also 0, and ±∞ moments when g² overflows),
    /// 60 steps, for β2 0.999 and 0.9 and both lerp branches (β1 0.9, 0.3).
    @Test(arguments: [(0.9, 0.999), (0.3, 0.9)])
    func float32KernelMatchesTheFormulaBitForBit(_ betas: (Double, Double)) {
        let n = 4099
        var g = PCG64(seed: 11)
        let lr = 3e-3, eps = 1e-8
        let p = Parameter<Float>(Tensor<Float>.uniform([n], low: -1, high: 1, generator: &g))
        let opt = Adam([p], learningRate: lr, betas: betas, epsilon: eps)
        var w = p.value.scalars, m = [Float](repeating: 0, count: n), v = m
        let w1 = Float(1 - betas.0), b2 = Float(betas.1), c2 = Float(1 - betas.1), fEps = Float(eps)
        for step in 1...60 {
            // Magnitudes 10^-30 … 10^30 (log-uniform), random signs, some exact zeros.
            let grad: [Float] = (0..<n).map { i in
                if i % 97 == 0 { return 0 }
                let e = Double.random(in: -30...30, using: &g)
                return Float((Bool.random(using: &g) ? 1.0 : -1.0) * Double.pow(10, e))
            }
            p.zeroGrad()
            p.grad = Tensor(grad)
            opt.step()
            let t = Double(step)
            let negStepSize = Float(-(lr / (1 - Double.pow(betas.0, t))))
            let bc2Sqrt = Float(Double.pow(1 - Double.pow(betas.1, t), 0.5))
            for j in 0..<n {
                let gj = grad[j], mo = m[j]
                m[j] = w1 < 0.5 ? mo + w1 * (gj - mo) : gj - (gj - mo) * (1 - w1)
                v[j] = v[j] * b2 + c2 * gj * gj
                let denom = v[j].squareRoot() / bc2Sqrt + fEps
                w[j] = w[j] + negStepSize * m[j] / denom
            }
            let got = p.value.scalars
            let mismatches = (0..<n).filter { got[$0].bitPattern != w[$0].bitPattern }
            #expect(mismatches.isEmpty, "step \(step): \(mismatches.count) weights differ, first at \(mismatches.first ?? -1): \(mismatches.first.map { got[$0] } ?? 0) vs \(mismatches.first.map { w[$0] } ?? 0)")
            if !mismatches.isEmpty { return }
        }
    }

    /// The gradient clip fused into Adam's step (`gradNormAndClipFactor` +
    /// `step(gradientScale:)`) against `clipGradNorm` then `step()`, bit for
    /// bit, with clipping active and not, with weight decay and AMSGrad.
    @Test(arguments: [false, true])
    func fusedClipEqualsClipThenStep(_ decayAndAmsgrad: Bool) {
        func check<S: TensorFloatingPoint>(_: S.Type) {
            var g = PCG64(seed: 21)
            let shapes = [[37, 5], [5], [1, 37], [1]]
            let inits = shapes.map { Tensor<S>.uniform($0, low: -1, high: 1, generator: &g) }
            let a = inits.map { Parameter($0) }, b = inits.map { Parameter($0) }
            let wd = decayAndAmsgrad ? 0.01 : 0
            let optA = Adam(a, learningRate: 1e-2, weightDecay: wd, amsgrad: decayAndAmsgrad)
            let optB = Adam(b, learningRate: 1e-2, weightDecay: wd, amsgrad: decayAndAmsgrad)
            var clipped = 0
            for step in 0..<12 {
                // Gradient scale alternates between far above and below the limit.
                let scale = step % 3 == 0 ? 1e-3 : 10.0
                for i in shapes.indices {
                    let grad = Tensor<S>.normal(shapes[i], generator: &g) * S(scale)
                    a[i].zeroGrad(); b[i].zeroGrad()
                    a[i].grad = grad
                    b[i].grad = grad
                }
                let normA = clipGradNorm(a, maxNorm: 0.5)
                optA.step()
                let (normB, factor) = gradNormAndClipFactor(b, maxNorm: 0.5)
                optB.step(gradientScale: factor)
                if factor != 1 { clipped += 1 }
                #expect(normA == normB)
                for i in shapes.indices {
                    #expect(a[i].value.scalars == b[i].value.scalars, "\(S.self) step \(step) parameter \(i)")
                }
            }
            #expect(clipped >= 4 && clipped < 12, "clipping should be active in some steps only (\(clipped))")
        }
        check(Float.self)
        check(Double.self)
    }
}
