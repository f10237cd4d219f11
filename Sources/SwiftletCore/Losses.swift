/// Regression losses with mean reduction, PyTorch's formulas. Same-shaped
/// inputs run as one fused pass forward and one backward (one graph node);
/// differing shapes are broadcast first (as PyTorch does, which warns).

/// Mean squared error `mean((pred − target)²)`.
///
/// ```swift
/// let loss = mseLoss(net(x), y)
/// ```
@inlinable
public func mseLoss<Scalar: TensorFloatingPoint>(_ pred: Tensor<Scalar>, _ target: Tensor<Scalar>) -> Tensor<Scalar> {
    let (p, t) = lossOperands(pred, target, op: "mseLoss")
    let n = p.count
    let pp = p.storage.base, pt = t.storage.base
    var acc: Scalar = 0
    var i = 0
    while i < n { let d = pp[i] - pt[i]; acc += d * d; i &+= 1 }
    var out = Tensor<Scalar>(repeating: acc / Scalar(n), shape: [])
    if Tensor.shouldRecord(p, t) {
        let pv = p.detached(), tv = t.detached(), needP = p.gradNode != nil, needT = t.gradNode != nil
        out.gradNode = GradNode(op: "mseLoss", shape: [], p.gradNode, t.gradNode) { g in
            let scale = 2 * g.storage.base[0] / Scalar(n)
            let d = Tensor.map2(pv, tv) { ($0 - $1) * scale }
            return InputGradients(needP ? d : nil, needT ? d.map { -$0 } : nil)
        }
    }
    return out
}

/// Smooth L1 loss, mean over elements: with `d = pred − target`,
/// `0.5·d²/beta` where `|d| < beta`, else `|d| − 0.5·beta` (L1 when beta is 0).
@inlinable
public func smoothL1Loss<Scalar: TensorFloatingPoint>(_ pred: Tensor<Scalar>, _ target: Tensor<Scalar>,
                                                      beta: Scalar = 1) -> Tensor<Scalar> {
    precondition(beta >= 0, "smoothL1Loss: beta \(beta) must be non-negative")
    let (p, t) = lossOperands(pred, target, op: "smoothL1Loss")
    let n = p.count
    let pp = p.storage.base, pt = t.storage.base
    var acc: Scalar = 0
    var i = 0
    while i < n {
        let z = Swift.abs(pp[i] - pt[i])
        acc += z < beta ? 0.5 * z * z / beta : z - 0.5 * beta
        i &+= 1
    }
    var out = Tensor<Scalar>(repeating: acc / Scalar(n), shape: [])
    if Tensor.shouldRecord(p, t) {
        let pv = p.detached(), tv = t.detached(), needP = p.gradNode != nil, needT = t.gradNode != nil
        out.gradNode = GradNode(op: "smoothL1Loss", shape: [], p.gradNode, t.gradNode) { g in
            let scale = g.storage.base[0] / Scalar(n)
            let d = Tensor.map2(pv, tv) { a, b -> Scalar in
                let x = a - b
                if beta == 0 { return x > 0 ? scale : (x < 0 ? -scale : 0) }
                return x < -beta ? -scale : (x > beta ? scale : scale * x / beta)
            }
            return InputGradients(needP ? d : nil, needT ? d.map { -$0 } : nil)
        }
    }
    return out
}

/// Huber loss, mean over elements: with `d = pred − target`, `0.5·d²` where
/// `|d| < delta`, else `delta·(|d| − 0.5·delta)`. Equals
/// `delta·smoothL1Loss(beta: delta)`.
@inlinable
public func huberLoss<Scalar: TensorFloatingPoint>(_ pred: Tensor<Scalar>, _ target: Tensor<Scalar>,
                                                   delta: Scalar = 1) -> Tensor<Scalar> {
    precondition(delta > 0, "huberLoss: delta \(delta) must be positive")
    let (p, t) = lossOperands(pred, target, op: "huberLoss")
    let n = p.count
    let pp = p.storage.base, pt = t.storage.base
    var acc: Scalar = 0
    var i = 0
    while i < n {
        let z = Swift.abs(pp[i] - pt[i])
        acc += z < delta ? 0.5 * z * z : delta * (z - 0.5 * delta)
        i &+= 1
    }
    var out = Tensor<Scalar>(repeating: acc / Scalar(n), shape: [])
    if Tensor.shouldRecord(p, t) {
        let pv = p.detached(), tv = t.detached(), needP = p.gradNode != nil, needT = t.gradNode != nil
        out.gradNode = GradNode(op: "huberLoss", shape: [], p.gradNode, t.gradNode) { g in
            let scale = g.storage.base[0] / Scalar(n)
            let d = Tensor.map2(pv, tv) { a, b -> Scalar in
                let x = a - b
                return x < -delta ? -scale * delta : (x > delta ? scale * delta : scale * x)
            }
            return InputGradients(needP ? d : nil, needT ? d.map { -$0 } : nil)
        }
    }
    return out
}

/// The two loss inputs at their common (broadcast) shape.
@inlinable
func lossOperands<Scalar: TensorFloatingPoint>(_ pred: Tensor<Scalar>, _ target: Tensor<Scalar>,
                                               op: StaticString) -> (Tensor<Scalar>, Tensor<Scalar>) {
    if pred.shape == target.shape { return (pred, target) }
    let s = broadcastShape(pred.shape, target.shape, op: op)
    return (pred.expanded(to: s), target.expanded(to: s))
}

/// PPO's clipped surrogate objective as a loss (Schulman et al. 2017, eq. 7,
/// negated; Stable-Baselines3's formula): with `ratio = exp(logProb − oldLogProb)`,
/// `−mean(min(A·ratio, A·clamp(ratio, 1 − ε, 1 + ε)))`, where `A` is
/// `advantages` and `ε` is `clipRange`. All three inputs are `[n]`; only
/// `logProb` carries a gradient.
///
/// One recorded op instead of nine: the value and the gradient are bitwise
/// those of composing `exp`, `*`, `clamped`, `minimum`, `mean` and negation
/// (ties in the minimum split the gradient in half, as `minimum` does).
/// Also returns the ratio (not recorded) for clip-fraction and KL statistics.
///
/// Cost: two passes over `n` elements forward, one backward.
///
/// ```swift
/// let (policyLoss, ratio) = clippedSurrogateLoss(logProb: logp, oldLogProb: old, advantages: adv, clipRange: 0.2)
/// ```
@inlinable
public func clippedSurrogateLoss<Scalar: TensorFloatingPoint>(
    logProb: Tensor<Scalar>, oldLogProb: Tensor<Scalar>, advantages: Tensor<Scalar>, clipRange: Scalar
) -> (loss: Tensor<Scalar>, ratio: Tensor<Scalar>) {
    guard logProb._shape.count == 1, oldLogProb._shape == logProb._shape, advantages._shape == logProb._shape else {
        fatalError("clippedSurrogateLoss: logProb \(logProb.shape), oldLogProb \(oldLogProb.shape) and advantages \(advantages.shape) must be the same [n]")
    }
    precondition(clipRange >= 0, "clippedSurrogateLoss: clip range \(clipRange) must be non-negative")
    let n = logProb.count
    let lo = 1 - clipRange, hi = 1 + clipRange
    let ratio = Tensor<Scalar>(uninitializedShape: logProb._shape)
    let pr = ratio.storage.base, pa = advantages.storage.base
    Scalar.subKernel(logProb.storage.base, oldLogProb.storage.base, pr, count: n)
    Scalar.expKernel(pr, pr, count: n)
    var total: Scalar = 0
    var i = 0
    while i < n {
        let r = pr[i], a = pa[i]
        let s1 = a * r, s2 = a * Swift.min(Swift.max(r, lo), hi)
        total += (s1.isNaN || s2.isNaN) ? s1 + s2 : (s1 <= s2 ? s1 : s2)
        i &+= 1
    }
    var loss = Tensor<Scalar>(repeating: -(total / Scalar(Swift.max(n, 1))), shape: [])
    if isGradRecordingEnabled, let node = logProb.gradNode {
        let rv = ratio, av = advantages.detached()
        loss.gradNode = GradNode(op: "clippedSurrogateLoss", shape: [], node, nil) { g in
            // The composed chain's factors: neg, then mean's division.
            let gm = (-g.storage.base[0]) / Scalar(Swift.max(n, 1))
            let out = Tensor<Scalar>(uninitializedShape: rv._shape)
            let po = out.storage.base, pr = rv.storage.base, pa = av.storage.base
            var i = 0
            while i < n {
                let r = pr[i], a = pa[i]
                let s1 = a * r, s2 = a * Swift.min(Swift.max(r, lo), hi)
                let wa: Scalar = s1 == s2 ? 0.5 : (s1 < s2 ? 1 : 0)
                let viaClamp: Scalar = (r >= lo && r <= hi) ? (gm * (1 - wa)) * a : 0
                po[i] = ((gm * wa) * a + viaClamp) * r
                i &+= 1
            }
            return InputGradients(out)
        }
    }
    return (loss, ratio)
}
