import RealModule

/// Reductions. Each takes dimensions (negative count from the end) and
/// `keepdim`; with no dimensions they reduce over everything to a scalar.
extension Tensor where Scalar: TensorFloatingPoint {
    /// Sum of all elements (a 0-D tensor). Backward broadcasts `g` back.
    @inlinable
    public func sum() -> Tensor {
        var total: Scalar = 0
        let p = storage.base
        for i in 0..<count { total += p[i] }
        var out = Tensor(repeating: total, shape: [])
        if Tensor.shouldRecord(self) {
            let s = shape
            out.gradNode = GradNode(op: "sum", shape: [], gradNode, nil) { g in InputGradients(g.expandedValues(to: s)) }
        }
        return out
    }

    /// Sum over `dims`.
    @inlinable
    public func sum(dims: [Int], keepdim: Bool = false) -> Tensor {
        let axes = Set(dims.map { normalizedAxis($0, op: "sum") }).sorted()
        var t = detached()
        for a in axes { t = t.reducedSum(axis: a, keepdim: true) }
        let kept = t.shape
        if !keepdim { t = t.viewing(as: shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element)) }
        if Tensor.shouldRecord(self) {
            let s = shape
            t.gradNode = GradNode(op: "sum", shape: t.shape, gradNode, nil) { g in
                InputGradients(g.viewing(as: kept).expandedValues(to: s))
            }
        }
        return t
    }

    /// Sum over one dimension.
    @inlinable
    public func sum(dim: Int, keepdim: Bool = false) -> Tensor { sum(dims: [dim], keepdim: keepdim) }

    /// Mean of all elements.
    @inlinable
    public func mean() -> Tensor { sum() / Scalar(Swift.max(count, 1)) }

    /// Mean over `dims`.
    @inlinable
    public func mean(dims: [Int], keepdim: Bool = false) -> Tensor {
        let n = Set(dims.map { normalizedAxis($0, op: "mean") }).reduce(1) { $0 * shape[$1] }
        return sum(dims: dims, keepdim: keepdim) / Scalar(Swift.max(n, 1))
    }

    /// Mean over one dimension.
    @inlinable
    public func mean(dim: Int, keepdim: Bool = false) -> Tensor { mean(dims: [dim], keepdim: keepdim) }
}
