import SwiftletCore

/// The outcome of `gradcheck`: whether every analytic Jacobian entry matched
/// the numerical one, and a description of the worst entry.
public struct GradcheckResult: CustomStringConvertible, Sendable {
    /// True when every entry satisfies `|analytic − numerical| ≤ atol + rtol·|numerical|`.
    public var passed: Bool
    /// The largest `|analytic − numerical| − rtol·|numerical|` seen.
    public var worstExcess: Double
    /// Which entry was worst, with both values.
    public var detail: String
    public var description: String { "gradcheck \(passed ? "passed" : "FAILED"): \(detail)" }
}

/// Compares the gradients autograd computes for `f` with central finite
/// differences, in Float64, the way PyTorch's `torch.autograd.gradcheck` does
/// (full Jacobians; `eps` 1e-6, `atol` 1e-5, `rtol` 1e-3 by default).
///
/// `f` receives the inputs as leaves that require grad and returns any
/// tensor; its Jacobian with respect to each input is built from one
/// `backward` per output element (analytic) and two evaluations of `f` per
/// input element (numerical, `(f(x+eps) − f(x−eps)) / 2eps`).
///
/// ```swift
/// let r = gradcheck([a, b]) { x in (x[0] * x[1]).tanh() }
/// #expect(r.passed, "\(r)")
/// ```
public func gradcheck(_ inputs: [Tensor<Double>], eps: Double = 1e-6, atol: Double = 1e-5, rtol: Double = 1e-3,
                      _ f: ([Tensor<Double>]) -> Tensor<Double>) -> GradcheckResult {
    let base = inputs.map { $0.detached() }
    // Analytic: one backward per output element with a one-hot seed.
    let probe = withNoGrad { f(base) }
    let m = probe.count
    var analytic: [[Double]] = base.map { [Double](repeating: 0, count: $0.count * m) }  // [input][outIndex * n + i]
    for j in 0..<m {
        let leaves = base.map { $0.requiringGrad() }
        let y = f(leaves)
        precondition(y.shape == probe.shape, "gradcheck: output shape changed between calls")
        guard y.requiresGrad else { continue }  // no input reaches the output
        var seed = [Double](repeating: 0, count: m)
        seed[j] = 1
        y.backward(gradient: Tensor(shape: y.shape, scalars: seed))
        for (k, leaf) in leaves.enumerated() {
            guard let g = leaf.grad else { continue }
            let n = leaf.count
            let gs = g.scalars
            for i in 0..<n { analytic[k][j * n + i] = gs[i] }
        }
    }
    // Numerical: central differences per input element.
    var worst = -Double.infinity
    var detail = "no entries"
    var passed = true
    for k in 0..<base.count {
        let n = base[k].count
        for i in 0..<n {
            func evaluate(_ delta: Double) -> [Double] {
                var xs = base
                xs[k] = xs[k].detached()
                xs[k].withUnsafeMutableBufferPointer { $0[i] += delta }
                return withNoGrad { f(xs) }.scalars
            }
            let plus = evaluate(eps), minus = evaluate(-eps)
            for j in 0..<m {
                let numerical = (plus[j] - minus[j]) / (2 * eps)
                let a = analytic[k][j * n + i]
                let excess = Swift.abs(a - numerical) - rtol * Swift.abs(numerical)
                let ok = excess <= atol && !a.isNaN && !numerical.isNaN
                let here = "input \(k) element \(i), output \(j): analytic \(a), numerical \(numerical)"
                if !ok && passed { passed = false; detail = here }     // report the first failure
                if excess > worst { worst = excess; if passed { detail = here } }
            }
        }
    }
    return GradcheckResult(passed: passed, worstExcess: worst, detail: detail)
}

/// Whether two tensors have the same shape and all elements satisfy
/// `|a − b| ≤ atol + rtol·|b|` (NumPy's `allclose`; NaNs never match).
public func allClose<Scalar: TensorFloatingPoint>(_ a: Tensor<Scalar>, _ b: Tensor<Scalar>,
                                                  rtol: Double = 1e-5, atol: Double = 1e-8) -> Bool {
    guard a.shape == b.shape else { return false }
    let x = a.scalars, y = b.scalars
    for i in 0..<x.count {
        let u = Double(x[i]), v = Double(y[i])
        if u == v { continue }  // equal infinities
        if !(Swift.abs(u - v) <= atol + rtol * Swift.abs(v)) { return false }
    }
    return true
}

/// Whether two scalars satisfy `|a − b| ≤ atol + rtol·|b|`.
public func isClose<T: BinaryFloatingPoint>(_ a: T, _ b: T, rtol: Double = 1e-5, atol: Double = 1e-8) -> Bool {
    let u = Double(a), v = Double(b)
    return u == v || Swift.abs(u - v) <= atol + rtol * Swift.abs(v)
}

/// The largest `|a − b| / max(|b|, floor)` over all elements (for messages).
public func maxRelativeError<Scalar: TensorFloatingPoint>(_ a: Tensor<Scalar>, _ b: Tensor<Scalar>,
                                                          floor: Double = 1e-300) -> Double {
    precondition(a.shape == b.shape, "maxRelativeError: shapes \(a.shape) and \(b.shape) differ")
    let x = a.scalars, y = b.scalars
    var worst = 0.0
    for i in 0..<x.count {
        let u = Double(x[i]), v = Double(y[i])
        if u == v { continue }
        if u.isNaN || v.isNaN { return .infinity }
        worst = Swift.max(worst, Swift.abs(u - v) / Swift.max(Swift.abs(v), floor))
    }
    return worst
}

/// A reproducible Float64 tensor with entries uniform in `[low, high)`.
public func randomTensor(_ shape: [Int], seed: UInt64, low: Double = -1, high: Double = 1) -> Tensor<Double> {
    var g = PCG64(seed: seed)
    return Tensor<Double>.uniform(shape, low: low, high: high, generator: &g)
}
