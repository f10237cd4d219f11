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
