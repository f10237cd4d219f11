// SHIM — minimal stand-ins for SwiftletNN's Parameter, Linear, MLP, Activation,
// Adam, clipGradNorm and StoredTensor, mirroring the API on the `nn` branch so
// that deleting this file switches the agents to the real layer once it is
// on main. Internal: nothing here is public API of SwiftletAgents.
import Foundation
import SwiftletCore

enum Activation: String, Sendable, Codable, CaseIterable {
    case identity, tanh, relu
    @inlinable
    func callAsFunction<Scalar: TensorFloatingPoint>(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        switch self {
        case .identity: return x
        case .tanh: return x.tanh()
        case .relu: return x.relu()
        }
    }
}

final class Parameter<Scalar: TensorFloatingPoint> {
    var _value: Tensor<Scalar>
    var value: Tensor<Scalar> { _value }
    init(_ value: Tensor<Scalar>) { var v = value.detached(); v.requiresGrad = true; _value = v }
    var shape: [Int] { _value.shape }
    var count: Int { _value.count }
    var grad: Tensor<Scalar>? {
        get { _value.grad }
        set { _value.grad = newValue }
    }
    func zeroGrad() { _value.zeroGrad() }
    func assign(_ t: Tensor<Scalar>) {
        precondition(t.shape == shape, "Parameter.assign: shape \(t.shape) does not match \(shape)")
        t.withUnsafeBufferPointer { s in _value.withUnsafeMutableBufferPointer { d in d.baseAddress!.update(from: s.baseAddress!, count: s.count) } }
    }
    func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Scalar>) throws -> R) rethrows -> R {
        try _value.withUnsafeMutableBufferPointer(body)
    }
}

enum Init {
    /// `nn.init.orthogonal_`: QR of a standard normal matrix (Gram–Schmidt in
    /// Double, Q with positive diag(R), as PyTorch's sign correction gives).
    static func orthogonal(_ shape: [Int], gain: Double, generator: inout PCG64) -> Tensor<Float> {
        let rows = shape[0], cols = shape.dropFirst().reduce(1, *)
        var a = (0..<(rows * cols)).map { _ in generator.nextNormal() }
        let transposed = rows < cols
        let (m, n) = transposed ? (cols, rows) : (rows, cols)   // m ≥ n, columns to orthonormalize
        if transposed {
            var t = [Double](repeating: 0, count: rows * cols)
            for i in 0..<rows { for j in 0..<cols { t[j * rows + i] = a[i * cols + j] } }
            a = t
        }
        // a is [m, n] row-major; orthonormalize its n columns (two MGS passes).
        for j in 0..<n {
            for _ in 0..<2 {
                for k in 0..<j {
                    var dot = 0.0
                    for i in 0..<m { dot += a[i * n + k] * a[i * n + j] }
                    for i in 0..<m { a[i * n + j] -= dot * a[i * n + k] }
                }
            }
            var norm = 0.0
            for i in 0..<m { norm += a[i * n + j] * a[i * n + j] }
            norm = norm.squareRoot()
            for i in 0..<m { a[i * n + j] /= norm }
        }
        var out = [Float](repeating: 0, count: rows * cols)
        for i in 0..<rows { for j in 0..<cols {
            out[i * cols + j] = Float(gain * (transposed ? a[j * n + i] : a[i * n + j]))
        } }
        return Tensor(shape: shape, scalars: out)
    }
}

final class Linear<Scalar: TensorFloatingPoint> {
    let weight: Parameter<Float>
    let bias: Parameter<Float>?
    let inFeatures: Int, outFeatures: Int
    /// PyTorch's default init: weight and bias U(±1/√in) (weight first).
    init(_ inFeatures: Int, _ outFeatures: Int, generator: inout PCG64) {
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        let bound = Float(1 / Double(inFeatures).squareRoot())
        weight = Parameter(Tensor<Float>.uniform([outFeatures, inFeatures], low: -bound, high: bound, generator: &generator))
        bias = Parameter(Tensor<Float>.uniform([outFeatures], low: -bound, high: bound, generator: &generator))
    }
    func callAsFunction(_ x: Tensor<Float>) -> Tensor<Float> { linear(x, weight: weight.value, bias: bias?.value) }
    func initializeOrthogonal(gain: Double, generator: inout PCG64) {
        weight.assign(Init.orthogonal([outFeatures, inFeatures], gain: gain, generator: &generator))
        bias?.assign(.zeros([outFeatures]))
    }
}

final class MLP<Scalar: TensorFloatingPoint> {
    let layers: [Linear<Float>]
    let activation: Activation
    let outputActivation: Activation
    let sizes: [Int]
    init(_ sizes: [Int], activation: Activation = .tanh, outputActivation: Activation = .identity, generator: inout PCG64) {
        precondition(sizes.count >= 2, "MLP: needs at least input and output sizes, got \(sizes)")
        var layers: [Linear<Float>] = []
        for i in 0..<(sizes.count - 1) { layers.append(Linear(sizes[i], sizes[i + 1], generator: &generator)) }
        self.layers = layers
        self.activation = activation
        self.outputActivation = outputActivation
        self.sizes = sizes
    }
    func callAsFunction(_ input: Tensor<Float>) -> Tensor<Float> {
        var x = input
        for i in 0..<(layers.count - 1) { x = activation(layers[i](x)) }
        return outputActivation(layers[layers.count - 1](x))
    }
    func initializeOrthogonal(hiddenGain: Double = 2.0.squareRoot(), outputGain: Double, generator: inout PCG64) {
        for (i, l) in layers.enumerated() {
            l.initializeOrthogonal(gain: i == layers.count - 1 ? outputGain : hiddenGain, generator: &generator)
        }
    }
    func namedParameters() -> [(name: String, parameter: Parameter<Float>)] {
        layers.enumerated().flatMap { i, l in
            [("\(2 * i).weight", l.weight)] + (l.bias.map { [("\(2 * i).bias", $0)] } ?? [])
        }
    }
    var parameters: [Parameter<Float>] { namedParameters().map(\.parameter) }
    func copyParameters(from source: MLP) {
        for (d, s) in zip(parameters, source.parameters) { d.assign(s.value) }
    }
    func softUpdate(from source: MLP, tau: Double) {
        let keep = Float(1 - tau), take = Float(tau)
        for (d, s) in zip(parameters, source.parameters) {
            s.value.withUnsafeBufferPointer { sp in d.withUnsafeMutableBufferPointer { dp in
                for i in 0..<dp.count { dp[i] = dp[i] * keep + take * sp[i] }
            } }
        }
    }
}

/// PyTorch's Adam (single-tensor path).
final class Adam<Scalar: TensorFloatingPoint> {
    let parameters: [Parameter<Float>]
    var learningRate: Double
    let beta1: Double, beta2: Double, epsilon: Double
    var steps: [Int]
    var expAvg: [Tensor<Float>]
    var expAvgSq: [Tensor<Float>]
    init(_ parameters: [Parameter<Float>], learningRate: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999),
         epsilon: Double = 1e-8) {
        self.parameters = parameters
        self.learningRate = learningRate
        beta1 = betas.0; beta2 = betas.1; self.epsilon = epsilon
        steps = Array(repeating: 0, count: parameters.count)
        expAvg = parameters.map { .zeros($0.shape) }
        expAvgSq = parameters.map { .zeros($0.shape) }
    }
    func zeroGrad() { for p in parameters { p.zeroGrad() } }
    func step() {
        let w1 = Float(1 - beta1), b2 = Float(beta2), c2 = Float(1 - beta2), eps = Float(epsilon)
        for i in parameters.indices {
            let p = parameters[i]
            guard let grad = p.grad else { continue }
            steps[i] += 1
            let t = Double(steps[i])
            let bc1 = 1 - Foundation.pow(beta1, t), bc2 = 1 - Foundation.pow(beta2, t)
            let negStep = Float(-(learningRate / bc1)), bc2Sqrt = Float(bc2.squareRoot())
            grad.withUnsafeBufferPointer { g in p.withUnsafeMutableBufferPointer { w in
                expAvg[i].withUnsafeMutableBufferPointer { m in expAvgSq[i].withUnsafeMutableBufferPointer { v in
                    for j in 0..<w.count {
                        let gj = g[j]
                        let mj = m[j] + w1 * (gj - m[j])
                        m[j] = mj
                        let vj = v[j] * b2 + c2 * gj * gj
                        v[j] = vj
                        w[j] = w[j] + negStep * mj / (vj.squareRoot() / bc2Sqrt + eps)
                    }
                } }
            } }
        }
    }
    func stateDict() -> [String: StoredTensor] {
        var d: [String: StoredTensor] = ["param_groups.0.lr": .float64(Tensor(scalar: learningRate))]
        for i in parameters.indices where steps[i] > 0 {
            d["state.\(i).step"] = .int64(Tensor(scalar: steps[i]))
            d["state.\(i).exp_avg"] = .float32(expAvg[i])
            d["state.\(i).exp_avg_sq"] = .float32(expAvgSq[i])
        }
        return d
    }
    func loadStateDict(_ state: [String: StoredTensor]) throws {
        for i in parameters.indices {
            if case .int64(let s)? = state["state.\(i).step"], case .float32(let m)? = state["state.\(i).exp_avg"],
               case .float32(let v)? = state["state.\(i).exp_avg_sq"] {
                steps[i] = s.scalar; expAvg[i] = m; expAvgSq[i] = v
            } else {
                steps[i] = 0; expAvg[i] = .zeros(parameters[i].shape); expAvgSq[i] = .zeros(parameters[i].shape)
            }
        }
        if case .float64(let lr)? = state["param_groups.0.lr"] { learningRate = lr.scalar }
    }
}

enum StoredTensor: Equatable {
    case float32(Tensor<Float>)
    case float64(Tensor<Double>)
    case int64(Tensor<Int>)
}

/// `torch.nn.utils.clip_grad_norm_`: returns the total norm before clipping.
@discardableResult
func clipGradNorm(_ parameters: [Parameter<Float>], maxNorm: Double) -> Double {
    var sq: Float = 0
    for p in parameters {
        guard let g = p.grad else { continue }
        var s: Float = 0
        g.withUnsafeBufferPointer { for x in $0 { s += x * x } }
        sq += s
    }
    let total = sq.squareRoot()
    let coef = min(Float(maxNorm) / (total + 1e-6), 1)
    if coef < 1 {
        for p in parameters {
            guard var g = p.grad else { continue }
            p.grad = nil
            g.withUnsafeMutableBufferPointer { for j in 0..<$0.count { $0[j] *= coef } }
            p.grad = g
        }
    }
    return Double(total)
}
