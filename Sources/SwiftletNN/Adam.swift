import Foundation
import SwiftletCore
import CSwiftletSupport

/// Adam with PyTorch's `torch.optim.Adam` formulas (single-tensor
/// implementation) and defaults (lr 1e-3, betas (0.9, 0.999), eps 1e-8).
/// Per parameter at step t, with `g` the gradient:
///
///     g ← g + weightDecay·θ                              (L2, not AdamW)
///     m ← lerp(m, g, 1 − β1)
///     v ← β2·v + (1 − β2)·g²
///     v̂ ← max(v̂, v) (AMSGrad)  else  v̂ = v
///     θ ← θ − (lr / (1 − β1ᵗ)) · m / (√v̂ / √(1 − β2ᵗ) + eps)
///
/// The bias corrections are computed in Double and rounded to the element
/// type, as PyTorch does with its Python-float scalars.
///
/// State: `state.<i>.step`, `state.<i>.exp_avg`, `state.<i>.exp_avg_sq`,
/// `state.<i>.max_exp_avg_sq` (AMSGrad).
public final class Adam<Scalar: TensorFloatingPoint>: Optimizer {
    public let parameters: [Parameter<Scalar>]
    @exclusivity(unchecked) public var learningRate: Double
    @exclusivity(unchecked) public var beta1: Double
    @exclusivity(unchecked) public var beta2: Double
    @exclusivity(unchecked) public var epsilon: Double
    @exclusivity(unchecked) public var weightDecay: Double
    public let amsgrad: Bool

    /// A class, so a step reaches each parameter's moments through one
    /// reference instead of copying three tensors out and back.
    @usableFromInline final class State {
        @exclusivity(unchecked) var step: Int
        @exclusivity(unchecked) var expAvg: Tensor<Scalar>
        @exclusivity(unchecked) var expAvgSq: Tensor<Scalar>
        @exclusivity(unchecked) var maxExpAvgSq: Tensor<Scalar>
        init(step: Int, expAvg: Tensor<Scalar>, expAvgSq: Tensor<Scalar>, maxExpAvgSq: Tensor<Scalar>) {
            self.step = step
            self.expAvg = expAvg
            self.expAvgSq = expAvgSq
            self.maxExpAvgSq = maxExpAvgSq
        }
    }
    @exclusivity(unchecked) @usableFromInline var states: [State?]

    public init(_ parameters: [Parameter<Scalar>], learningRate: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999),
                epsilon: Double = 1e-8, weightDecay: Double = 0, amsgrad: Bool = false) {
        precondition(learningRate >= 0, "Adam: invalid learning rate \(learningRate)")
        precondition(epsilon >= 0, "Adam: invalid epsilon \(epsilon)")
        precondition(betas.0 >= 0 && betas.0 < 1 && betas.1 >= 0 && betas.1 < 1, "Adam: invalid betas \(betas)")
        precondition(weightDecay >= 0, "Adam: invalid weight decay \(weightDecay)")
        self.parameters = parameters
        self.learningRate = learningRate
        self.beta1 = betas.0
        self.beta2 = betas.1
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.amsgrad = amsgrad
        self.states = Array(repeating: nil, count: parameters.count)
    }

    public func step() { step(gradientScale: 1) }

    /// One update with every gradient multiplied by `gradientScale` as it is
    /// read (rounded as `g * gradientScale`), which gives the bits of scaling
    /// the gradients in place first (`clipGradNorm`) without that pass; the
    /// stored gradients are left as they are. Pair it with
    /// `gradNormAndClipFactor`. A scale of 1 is the plain `step()`.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func step(gradientScale: Scalar) {
        let w1 = Scalar(1 - beta1), b2 = Scalar(beta2), c2 = Scalar(1 - beta2)
        let wd = Scalar(weightDecay), eps = Scalar(epsilon)
        let useWD = weightDecay != 0, ams = amsgrad
        // x·1 == x: a scale of 1 skips the multiply (same bits).
        let scaled = gradientScale != 1
        // Bias corrections depend only on the step count, which all
        // parameters usually share: computed once per distinct count.
        var corrStep = -1
        var negStepSize: Scalar = 0, bc2Sqrt: Scalar = 1
        for i in parameters.indices {
            let p = parameters[i]
            guard let grad = p.grad else { continue }
            let s: State
            if let existing = states[i] {
                s = existing
            } else {
                s = State(step: 0, expAvg: .zeros(p.shape), expAvgSq: .zeros(p.shape),
                          maxExpAvgSq: ams ? .zeros(p.shape) : .zeros([0]))
                states[i] = s
            }
            s.step += 1
            if s.step != corrStep {
                corrStep = s.step
                let t = Double(s.step)
                let bc1 = 1 - Foundation.pow(beta1, t), bc2 = 1 - Foundation.pow(beta2, t)
                negStepSize = Scalar(-(learningRate / bc1))
                bc2Sqrt = Scalar(Foundation.pow(bc2, 0.5))
            }
            grad.withUnsafeBufferPointer { g in
                p.withUnsafeMutableBufferPointer { w in
                    s.expAvg.withUnsafeMutableBufferPointer { m in
                        s.expAvgSq.withUnsafeMutableBufferPointer { v in
                            s.maxExpAvgSq.withUnsafeMutableBufferPointer { vmax in
                                let k = AdamKernel(g: g.baseAddress!, w: w.baseAddress!, m: m.baseAddress!, v: v.baseAddress!,
                                                   vmax: vmax.baseAddress, n: w.count, w1: w1, b2: b2, c2: c2, wd: wd,
                                                   eps: eps, bc2Sqrt: bc2Sqrt, negStepSize: negStepSize,
                                                   gradScale: scaled ? gradientScale : nil)
                                // Constant flags per call, so each variant compiles to a
                                // branch-free loop that vectorizes.
                                switch (useWD, ams, Swift.abs(w1) < 0.5) {
                                case (false, false, true): k.run(weightDecay: false, amsgrad: false, smallWeight: true)
                                case (false, false, false): k.run(weightDecay: false, amsgrad: false, smallWeight: false)
                                case (true, false, true): k.run(weightDecay: true, amsgrad: false, smallWeight: true)
                                case (true, false, false): k.run(weightDecay: true, amsgrad: false, smallWeight: false)
                                case (false, true, true): k.run(weightDecay: false, amsgrad: true, smallWeight: true)
                                case (false, true, false): k.run(weightDecay: false, amsgrad: true, smallWeight: false)
                                case (true, true, true): k.run(weightDecay: true, amsgrad: true, smallWeight: true)
                                case (true, true, false): k.run(weightDecay: true, amsgrad: true, smallWeight: false)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    public func stateDict() -> [String: StoredTensor] {
        var d: [String: StoredTensor] = ["param_groups.0.lr": optimizerLearningRate(learningRate)]
        for (i, s) in states.enumerated() {
            guard let s else { continue }
            d["state.\(i).step"] = optimizerStepCount(s.step)
            d["state.\(i).exp_avg"] = StoredTensor(s.expAvg)
            d["state.\(i).exp_avg_sq"] = StoredTensor(s.expAvgSq)
            if amsgrad { d["state.\(i).max_exp_avg_sq"] = StoredTensor(s.maxExpAvgSq) }
        }
        return d
    }

    public func loadStateDict(_ state: [String: StoredTensor]) throws {
        var names: Set<String> = ["step", "exp_avg", "exp_avg_sq"]
        if amsgrad { names.insert("max_exp_avg_sq") }
        let reader = OptimizerStateReader(state: state, parameters: parameters, buffers: names)
        var loaded = [State?](repeating: nil, count: parameters.count)
        for i in try reader.indicesWithState() {
            loaded[i] = State(step: try reader.step(i),
                              expAvg: try reader.buffer(i, "exp_avg"),
                              expAvgSq: try reader.buffer(i, "exp_avg_sq"),
                              maxExpAvgSq: amsgrad ? try reader.buffer(i, "max_exp_avg_sq") : .zeros([0]))
        }
        let lr = try reader.learningRate()
        states = loaded
        if let lr { learningRate = lr }
    }
}

/// The fused Adam update over raw buffers (see `Adam` for the formulas).
/// `Float` runs the one C implementation (`swiftlet_adam_f32`, Adam.c in
/// CSwiftletSupport: AVX-512 where available, a plain loop elsewhere, the
/// same bits); other element types run the loop below, the same operations
/// in the same order.
@usableFromInline
struct AdamKernel<Scalar: TensorFloatingPoint> {
    let g: UnsafePointer<Scalar>
    let w, m, v: UnsafeMutablePointer<Scalar>
    let vmax: UnsafeMutablePointer<Scalar>?
    let n: Int
    let w1, b2, c2, wd, eps, bc2Sqrt, negStepSize: Scalar
    /// Multiplies each gradient as read (nil: no scaling).
    let gradScale: Scalar?

    @inline(__always)
    func run(weightDecay: Bool, amsgrad: Bool, smallWeight: Bool) {
        let vmax = self.vmax ?? v
        if Scalar.self == Float.self {
            func f(_ p: UnsafeMutablePointer<Scalar>) -> UnsafeMutablePointer<Float> {
                UnsafeMutableRawPointer(p).assumingMemoryBound(to: Float.self)
            }
            func s(_ x: Scalar) -> Float { unsafeBitCast(x, to: Float.self) }
            swiftlet_adam_f32(UnsafeRawPointer(g).assumingMemoryBound(to: Float.self), f(w), f(m), f(v),
                              f(vmax), n, s(w1), s(b2), s(c2), s(wd), s(eps), s(bc2Sqrt), s(negStepSize),
                              s(gradScale ?? 1),
                              Int32((weightDecay ? 1 : 0) | (amsgrad ? 2 : 0) | (smallWeight ? 4 : 0)
                                    | (gradScale != nil ? 8 : 0)))
            return
        }
        let scale = gradScale ?? 1, scaled = gradScale != nil
        var j = 0
        while j < n {
            var gj = g[j]
            if scaled { gj = gj * scale }
            if weightDecay { gj = gj + wd * w[j] }
            // PyTorch's lerp, branch chosen once for the scalar weight.
            let mo = m[j]
            let mj = smallWeight ? mo + w1 * (gj - mo) : gj - (gj - mo) * (1 - w1)
            m[j] = mj
            var vj = v[j] * b2
            vj = vj + c2 * gj * gj
            v[j] = vj
            if amsgrad {
                let mx = vmax[j]
                vj = mx > vj ? mx : vj
                vmax[j] = vj
            }
            let denom = vj.squareRoot() / bc2Sqrt + eps
            w[j] = w[j] + negStepSize * mj / denom
            j &+= 1
        }
    }
}
