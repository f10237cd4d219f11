import SwiftletCore

/// RMSprop with PyTorch's `torch.optim.RMSprop` formulas and defaults
/// (lr 1e-2, alpha 0.99, eps 1e-8). Per parameter, with `g` the gradient:
///
///     g ← g + weightDecay·θ                         (if weightDecay ≠ 0)
///     s ← α·s + (1 − α)·g²
///     ḡ ← lerp(ḡ, g, 1 − α); a ← √(s − ḡ²) + eps    (centered)
///     a ← √s + eps                                  (otherwise)
///     b ← momentum·b + g / a; θ ← θ − lr·b          (momentum > 0)
///     θ ← θ − lr·g / a                              (otherwise)
///
/// Note eps is added after the square root, unlike TensorFlow's RMSprop.
/// State: `state.<i>.step`, `state.<i>.square_avg`,
/// `state.<i>.momentum_buffer` (momentum > 0), `state.<i>.grad_avg` (centered).
public final class RMSprop<Scalar: TensorFloatingPoint>: Optimizer {
    public let parameters: [Parameter<Scalar>]
    @exclusivity(unchecked) public var learningRate: Double
    @exclusivity(unchecked) public var alpha: Double
    @exclusivity(unchecked) public var epsilon: Double
    @exclusivity(unchecked) public var weightDecay: Double
    public let momentum: Double
    public let centered: Bool

    @usableFromInline struct State {
        var step: Int
        var squareAvg: Tensor<Scalar>
        var momentumBuffer: Tensor<Scalar>
        var gradAvg: Tensor<Scalar>
    }
    @exclusivity(unchecked) @usableFromInline var states: [State?]

    public init(_ parameters: [Parameter<Scalar>], learningRate: Double = 1e-2, alpha: Double = 0.99,
                epsilon: Double = 1e-8, weightDecay: Double = 0, momentum: Double = 0, centered: Bool = false) {
        precondition(learningRate >= 0, "RMSprop: invalid learning rate \(learningRate)")
        precondition(epsilon >= 0, "RMSprop: invalid epsilon \(epsilon)")
        precondition(alpha >= 0, "RMSprop: invalid alpha \(alpha)")
        precondition(momentum >= 0, "RMSprop: invalid momentum \(momentum)")
        precondition(weightDecay >= 0, "RMSprop: invalid weight decay \(weightDecay)")
        self.parameters = parameters
        self.learningRate = learningRate
        self.alpha = alpha
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.momentum = momentum
        self.centered = centered
        self.states = Array(repeating: nil, count: parameters.count)
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func step() {
        let a = Scalar(alpha), c = Scalar(1 - alpha), wd = Scalar(weightDecay), eps = Scalar(epsilon)
        let mom = Scalar(momentum), negLR = Scalar(-learningRate)
        let useWD = weightDecay != 0, useMomentum = momentum > 0, cent = centered
        for i in parameters.indices {
            let p = parameters[i]
            guard let grad = p.grad else { continue }
            var s = states[i] ?? State(step: 0, squareAvg: .zeros(p.shape),
                                       momentumBuffer: useMomentum ? .zeros(p.shape) : .zeros([0]),
                                       gradAvg: cent ? .zeros(p.shape) : .zeros([0]))
            states[i] = nil  // `s` holds the only references while writing
            s.step += 1
            grad.withUnsafeBufferPointer { g in
                p.withUnsafeMutableBufferPointer { w in
                    s.squareAvg.withUnsafeMutableBufferPointer { sq in
                        s.momentumBuffer.withUnsafeMutableBufferPointer { b in
                            s.gradAvg.withUnsafeMutableBufferPointer { ga in
                                let n = w.count
                                var j = 0
                                while j < n {
                                    var gj = g[j]
                                    if useWD { gj = gj + wd * w[j] }
                                    var sj = sq[j] * a
                                    sj = sj + c * gj * gj
                                    sq[j] = sj
                                    var avg: Scalar
                                    if cent {
                                        let gaj = torchLerp(ga[j], gj, c)
                                        ga[j] = gaj
                                        avg = (sj + -1 * gaj * gaj).squareRoot()
                                    } else {
                                        avg = sj.squareRoot()
                                    }
                                    avg = avg + eps
                                    if useMomentum {
                                        let bj = b[j] * mom + gj / avg
                                        b[j] = bj
                                        w[j] = w[j] + negLR * bj
                                    } else {
                                        w[j] = w[j] + negLR * gj / avg
                                    }
                                    j &+= 1
                                }
                            }
                        }
                    }
                }
            }
            states[i] = s
        }
    }

    public func stateDict() -> [String: StoredTensor] {
        var d: [String: StoredTensor] = ["param_groups.0.lr": optimizerLearningRate(learningRate)]
        for (i, s) in states.enumerated() {
            guard let s else { continue }
            d["state.\(i).step"] = optimizerStepCount(s.step)
            d["state.\(i).square_avg"] = StoredTensor(s.squareAvg)
            if momentum > 0 { d["state.\(i).momentum_buffer"] = StoredTensor(s.momentumBuffer) }
            if centered { d["state.\(i).grad_avg"] = StoredTensor(s.gradAvg) }
        }
        return d
    }

    public func loadStateDict(_ state: [String: StoredTensor]) throws {
        var names: Set<String> = ["step", "square_avg"]
        if momentum > 0 { names.insert("momentum_buffer") }
        if centered { names.insert("grad_avg") }
        let reader = OptimizerStateReader(state: state, parameters: parameters, buffers: names)
        var loaded = [State?](repeating: nil, count: parameters.count)
        for i in try reader.indicesWithState() {
            loaded[i] = State(step: try reader.step(i),
                              squareAvg: try reader.buffer(i, "square_avg"),
                              momentumBuffer: momentum > 0 ? try reader.buffer(i, "momentum_buffer") : .zeros([0]),
                              gradAvg: centered ? try reader.buffer(i, "grad_avg") : .zeros([0]))
        }
        let lr = try reader.learningRate()
        states = loaded
        if let lr { learningRate = lr }
    }
}
