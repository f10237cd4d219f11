import SwiftletCore

/// Stochastic gradient descent with PyTorch's `torch.optim.SGD` formulas and
/// defaults (lr 1e-3). Per parameter, with `g` the gradient:
///
///     g ← g + weightDecay·θ                       (if weightDecay ≠ 0)
///     b ← g  (first step)  or  b ← momentum·b + (1 − dampening)·g
///     g ← g + momentum·b (Nesterov)  or  g ← b    (if momentum ≠ 0)
///     θ ← θ − lr·g
///
/// State: `state.<i>.momentum_buffer` (only with momentum).
public final class SGD<Scalar: TensorFloatingPoint>: Optimizer {
    public let parameters: [Parameter<Scalar>]
    @exclusivity(unchecked) public var learningRate: Double
    @exclusivity(unchecked) public var momentum: Double
    @exclusivity(unchecked) public var dampening: Double
    @exclusivity(unchecked) public var nesterov: Bool
    @exclusivity(unchecked) public var weightDecay: Double
    @exclusivity(unchecked) @usableFromInline var momentumBuffers: [Tensor<Scalar>?]

    public init(_ parameters: [Parameter<Scalar>], learningRate: Double = 1e-3, momentum: Double = 0,
                dampening: Double = 0, weightDecay: Double = 0, nesterov: Bool = false) {
        precondition(learningRate >= 0, "SGD: invalid learning rate \(learningRate)")
        precondition(momentum >= 0, "SGD: invalid momentum \(momentum)")
        precondition(weightDecay >= 0, "SGD: invalid weight decay \(weightDecay)")
        precondition(!nesterov || (momentum > 0 && dampening == 0),
                     "SGD: Nesterov momentum requires a momentum and zero dampening")
        self.parameters = parameters
        self.learningRate = learningRate
        self.momentum = momentum
        self.dampening = dampening
        self.nesterov = nesterov
        self.weightDecay = weightDecay
        self.momentumBuffers = Array(repeating: nil, count: parameters.count)
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func step() {
        let lr = Scalar(-learningRate), wd = Scalar(weightDecay), mom = Scalar(momentum)
        let keep = Scalar(1 - dampening)
        let useWD = weightDecay != 0, useMomentum = momentum != 0, nest = nesterov
        for i in parameters.indices {
            let p = parameters[i]
            guard let grad = p.grad else { continue }
            if !useMomentum {
                grad.withUnsafeBufferPointer { g in
                    p.withUnsafeMutableBufferPointer { w in
                        let n = w.count
                        var j = 0
                        while j < n {
                            var d = g[j]
                            if useWD { d = d + wd * w[j] }
                            w[j] = w[j] + lr * d
                            j &+= 1
                        }
                    }
                }
                continue
            }
            let first = momentumBuffers[i] == nil
            var buf = momentumBuffers[i] ?? Tensor<Scalar>.zeros(p.shape)
            momentumBuffers[i] = nil  // hold the only reference while writing
            grad.withUnsafeBufferPointer { g in
                p.withUnsafeMutableBufferPointer { w in
                    buf.withUnsafeMutableBufferPointer { b in
                        let n = w.count
                        var j = 0
                        while j < n {
                            var d = g[j]
                            if useWD { d = d + wd * w[j] }
                            // PyTorch clones the first gradient into the buffer.
                            let bj = first ? d : b[j] * mom + keep * d
                            b[j] = bj
                            d = nest ? d + mom * bj : bj
                            w[j] = w[j] + lr * d
                            j &+= 1
                        }
                    }
                }
            }
            momentumBuffers[i] = buf
        }
    }

    public func stateDict() -> [String: StoredTensor] {
        var d: [String: StoredTensor] = ["param_groups.0.lr": optimizerLearningRate(learningRate)]
        for (i, b) in momentumBuffers.enumerated() {
            if let b { d["state.\(i).momentum_buffer"] = StoredTensor(b) }
        }
        return d
    }

    public func loadStateDict(_ state: [String: StoredTensor]) throws {
        let reader = OptimizerStateReader(state: state, parameters: parameters, buffers: ["momentum_buffer"])
        let indices = try reader.indicesWithState()
        var buffers = [Tensor<Scalar>?](repeating: nil, count: parameters.count)
        for i in indices { buffers[i] = try reader.buffer(i, "momentum_buffer") }
        let lr = try reader.learningRate()
        momentumBuffers = buffers
        if let lr { learningRate = lr }
    }
}
