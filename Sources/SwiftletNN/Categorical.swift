import SwiftletCore

/// A categorical distribution over the last dimension of `logits`
/// (PyTorch's `Categorical(logits=…)`), with an optional action mask as in
/// sb3-contrib's `MaskableCategorical`.
///
/// Logits are normalized with a stable log-softmax; log-probabilities and
/// entropy are differentiable through the autograd core. Masked actions
/// (mask `false`) get logit −1e8, so probability 0, and their terms are
/// left out of the entropy.
///
/// ```swift
/// let dist = Categorical(logits: policy(obs))            // [B, nActions]
/// let actions = dist.sample(generator: &rng)              // Tensor<Int> [B]
/// let logp = dist.logProb(actions)                        // [B], differentiable
/// let loss = -(logp * advantages).mean() - 0.01 * dist.entropy().mean()
/// ```
public struct Categorical<Scalar: TensorFloatingPoint> {
    /// Normalized log-probabilities (`logits − logsumexp(logits)`), `[…, n]`.
    public let logits: Tensor<Scalar>
    /// Which actions are allowed (`[…, n]` or broadcastable), if masked.
    public let mask: Tensor<Bool>?

    /// The logit masked actions receive (sb3-contrib's value).
    @inlinable
    public static var maskedLogit: Scalar { -1e8 }

    /// A distribution from unnormalized logits `[…, n]` (n ≥ 1).
    @inlinable
    public init(logits: Tensor<Scalar>, mask: Tensor<Bool>? = nil) {
        precondition(logits.rank >= 1 && logits.shape.last! > 0,
                     "Categorical: logits need a non-empty last dimension, got shape \(logits.shape)")
        var raw = logits
        if let mask {
            precondition(broadcastShape(mask.shape, logits.shape, op: "Categorical mask") == logits.shape,
                         "Categorical: mask \(mask.shape) does not fit logits \(logits.shape)")
            let n = logits.shape.last!
            mask.expandedValues(to: logits.shape).withUnsafeBufferPointer { m in
                for r in 0..<(m.count / n) {
                    var allowed = false
                    for k in 0..<n where m[r &* n &+ k] { allowed = true; break }
                    precondition(allowed, "Categorical: mask row \(r) allows no action")
                }
            }
            raw = `where`(mask, logits, Tensor<Scalar>(repeating: Self.maskedLogit, shape: []))
        }
        self.logits = raw.logSoftmax(dim: -1)
        self.mask = mask
    }

    /// Number of categories.
    @inlinable
    public var categoryCount: Int { logits.shape.last! }

    /// The batch shape (`logits.shape` without the last dimension).
    @inlinable
    public var batchShape: [Int] { Array(logits.shape.dropLast()) }

    /// Probabilities `[…, n]` (differentiable).
    @inlinable
    public var probs: Tensor<Scalar> { logits.exp() }

    /// Log-probability of `actions` (shape = batch shape), differentiable.
    @inlinable
    public func logProb(_ actions: Tensor<Int>) -> Tensor<Scalar> {
        precondition(actions.shape == batchShape,
                     "Categorical.logProb: actions \(actions.shape) do not match batch shape \(batchShape)")
        let n = categoryCount
        actions.withUnsafeBufferPointer { a in
            for x in a where x < 0 || x >= n {
                preconditionFailure("Categorical.logProb: action \(x) out of range 0..<\(n)")
            }
        }
        return logits.gathered(dim: -1, index: actions.reshaped(batchShape + [1])).reshaped(batchShape)
    }

    /// Entropy `−Σ p·log p` per batch entry (shape = batch shape),
    /// differentiable. Log-probabilities are clamped to the most negative
    /// finite value first (PyTorch's guard against −inf·0); masked actions
    /// contribute nothing.
    @inlinable
    public func entropy() -> Tensor<Scalar> {
        let lp = logits.clamped(min: -Scalar.greatestFiniteMagnitude)
        var pLogP = lp * logits.exp()
        if let mask { pLogP = `where`(mask, pLogP, Tensor<Scalar>(repeating: 0, shape: [])) }
        return -pLogP.sum(dim: -1)
    }

    /// The most probable action per batch entry (first on ties).
    @inlinable
    public func mode() -> Tensor<Int> { logits.argmax(dim: -1) }

    /// One action per batch entry by inverse CDF, one 53-bit draw each (no
    /// gradient). Masked actions are never drawn.
    @inlinable
    public func sample(generator: inout PCG64) -> Tensor<Int> {
        let n = categoryCount
        let rows = logits.count / n
        var out = [Int](repeating: 0, count: rows)
        logits.withUnsafeBufferPointer { lp in
            for r in 0..<rows {
                let row = lp.baseAddress! + r &* n
                let u = generator.nextDouble()
                // Cumulative probabilities in Double; the last allowed action
                // absorbs rounding at the top.
                var acc = 0.0, chosen = -1, last = 0
                for k in 0..<n {
                    let p = Double.exp(Double(row[k]))
                    if p > 0 { last = k }
                    acc += p
                    if chosen < 0 && u < acc { chosen = k }
                }
                out[r] = chosen >= 0 && Double.exp(Double(row[chosen])) > 0 ? chosen : last
            }
        }
        return Tensor<Int>(shape: batchShape, scalars: out)
    }
}

