import SwiftletCore

/// Scales all gradients so their global 2-norm is at most `maxNorm`, as
/// `torch.nn.utils.clip_grad_norm_`: the total norm is the norm of the
/// per-parameter norms; every gradient is multiplied by
/// `min(maxNorm / (total + 1e-6), 1)` (also when that is 1). Parameters
/// without a gradient are skipped.
///
/// Returns the total norm before clipping. Sums of squares accumulate in
/// Double; the norm is rounded to `Scalar`, as PyTorch keeps it in the
/// gradient's dtype. Cost: two passes over the gradients, no allocation
/// (gradients are scaled in place).
///
/// ```swift
/// loss.backward()
/// let norm = clipGradNorm(model.parameters, maxNorm: 0.5)
/// optimizer.step()
/// ```
@discardableResult
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func clipGradNorm<Scalar: TensorFloatingPoint>(_ parameters: [Parameter<Scalar>], maxNorm: Double) -> Scalar {
    var sumOfSquares = 0.0
    for p in parameters {
        guard let g = p.grad else { continue }
        // Per-parameter norm first, as PyTorch stacks per-tensor norms.
        let local: Double = g.withUnsafeBufferPointer { b in
            var s = 0.0
            for x in b { let d = Double(x); s += d * d }
            return s
        }
        let norm = Scalar(local.squareRoot())
        sumOfSquares += Double(norm) * Double(norm)
    }
    let total = Scalar(sumOfSquares.squareRoot())
    let coefficient = Scalar(maxNorm) / (total + Scalar(1e-6))
    let clamped = Swift.min(coefficient, 1)
    for p in parameters {
        guard var g = p.grad else { continue }
        p.grad = nil  // hold the only reference so scaling happens in place
        g.withUnsafeMutableBufferPointer { b in
            for i in b.indices { b[i] *= clamped }
        }
        p.grad = g
    }
    return total
}
