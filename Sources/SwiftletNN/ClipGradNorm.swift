import SwiftletCore
import CSwiftletSupport

/// Scales all gradients so their global 2-norm is at most `maxNorm`, as
/// `torch.nn.utils.clip_grad_norm_`: the total norm is the norm of the
/// per-parameter norms; every gradient is multiplied by
/// `min(maxNorm / (total + 1e-6), 1)` (also when that is 1 — skipped here,
/// as multiplying by 1 is exact). Parameters without a gradient are skipped.
///
/// Returns the total norm before clipping. Sums of squares accumulate in
/// Double (in 16 interleaved partial sums, so the pass vectorizes); the norm
/// is rounded to `Scalar`, as PyTorch keeps it in the gradient's dtype.
/// Cost: one vectorized pass over the gradients, a second only when
/// clipping, no allocation (gradients are scaled in place).
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
    let (total, clamped) = gradNormAndClipFactor(parameters, maxNorm: maxNorm)
    // x·1 == x exactly (NaN stays NaN), so skipping the pass keeps the bits.
    guard clamped != 1 else { return total }
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

/// The total gradient norm `clipGradNorm` computes and the factor it would
/// scale every gradient by, `min(maxNorm / (total + 1e-6), 1)`, leaving the
/// gradients as they are. An optimizer that takes the factor
/// (`Adam.step(gradientScale:)`) multiplies each gradient by it as it reads
/// it: the same bits as clipping first, without a pass over the gradients.
///
/// ```swift
/// let (norm, factor) = gradNormAndClipFactor(model.parameters, maxNorm: 0.5)
/// adam.step(gradientScale: factor)
/// ```
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func gradNormAndClipFactor<Scalar: TensorFloatingPoint>(_ parameters: [Parameter<Scalar>], maxNorm: Double)
    -> (norm: Scalar, factor: Scalar) {
    var sumOfSquares = 0.0
    for p in parameters {
        guard let g = p.grad else { continue }
        // Per-parameter norm first, as PyTorch stacks per-tensor norms.
        let local: Double = g.withUnsafeBufferPointer { sumOfSquaresInDouble($0) }
        let norm = Scalar(local.squareRoot())
        sumOfSquares += Double(norm) * Double(norm)
    }
    let total = Scalar(sumOfSquares.squareRoot())
    let coefficient = Scalar(maxNorm) / (total + Scalar(1e-6))
    return (total, Swift.min(coefficient, 1))
}

/// `Σ x²` accumulated in Double over 16 lanes (two SIMD8 accumulators), then
/// the tail in order.
@usableFromInline
func sumOfSquaresInDouble<Scalar: TensorFloatingPoint>(_ b: UnsafeBufferPointer<Scalar>) -> Double {
    guard let base = b.baseAddress else { return 0 }
    let n = b.count
    var i = 0
    var s = 0.0
    let raw = UnsafeRawPointer(base)
    if Scalar.self == Float.self && swiftlet_avx512_kernels_enabled() != 0 {
        return swiftlet_sum_squares_avx512_f32(raw.assumingMemoryBound(to: Float.self), n)
    }
    if Scalar.self == Float.self {
        var a0 = SIMD8<Double>(), a1 = SIMD8<Double>()
        while i &+ 16 <= n {
            let x0 = SIMD8<Double>(raw.loadUnaligned(fromByteOffset: i &* 4, as: SIMD8<Float>.self))
            let x1 = SIMD8<Double>(raw.loadUnaligned(fromByteOffset: (i &+ 8) &* 4, as: SIMD8<Float>.self))
            a0 += x0 * x0
            a1 += x1 * x1
            i &+= 16
        }
        s = (a0 + a1).sum()
    } else if Scalar.self == Double.self {
        var a0 = SIMD8<Double>(), a1 = SIMD8<Double>()
        while i &+ 16 <= n {
            let x0 = raw.loadUnaligned(fromByteOffset: i &* 8, as: SIMD8<Double>.self)
            let x1 = raw.loadUnaligned(fromByteOffset: (i &+ 8) &* 8, as: SIMD8<Double>.self)
            a0 += x0 * x0
            a1 += x1 * x1
            i &+= 16
        }
        s = (a0 + a1).sum()
    }
    while i < n { let d = Double(base[i]); s += d * d; i &+= 1 }
    return s
}
