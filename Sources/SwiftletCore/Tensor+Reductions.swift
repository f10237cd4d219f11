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

/// Maximum and minimum reductions. Along a dimension the gradient goes to the
/// index the reduction returns (the first extreme element, NaN winning, as
/// PyTorch); over all elements it is shared evenly among tied extremes (as
/// PyTorch's `max()`/`min()`).
extension Tensor where Scalar: TensorFloatingPoint {
    /// Extreme values and their indices along `axis`, no recording.
    @inlinable
    func extremeValues(axis: Int, keepdim: Bool, takeMax: Bool, op: StaticString) -> (values: Tensor, indices: Tensor<Int>) {
        let (outer, n, inner) = axisExtents(axis)
        guard n > 0 else { fatalError("\(op): dimension \(axis) of shape \(shape) is empty") }
        let outShape = reducedShape(axis, keepdim: keepdim)
        let values = Tensor(uninitializedShape: outShape)
        let indices = Tensor<Int>(uninitializedShape: outShape)
        let src = storage.base, pv = values.storage.base, pi = indices.storage.base
        for o in 0..<outer {
            let block = src + o &* n &* inner
            for i in 0..<inner {
                var best = block[i], bestK = 0
                if !best.isNaN {
                    var k = 1
                    while k < n {
                        let v = block[k &* inner &+ i]
                        if v.isNaN { best = v; bestK = k; break }
                        if takeMax ? v > best : v < best { best = v; bestK = k }
                        k &+= 1
                    }
                }
                pv[o &* inner &+ i] = best
                pi[o &* inner &+ i] = bestK
            }
        }
        return (values, indices)
    }

    /// Values and indices of the extremes along `dim`, recording the values.
    @inlinable
    func extreme(dim: Int, keepdim: Bool, takeMax: Bool, op: StaticString) -> (values: Tensor, indices: Tensor<Int>) {
        let axis = normalizedAxis(dim, op: op)
        var (values, indices) = extremeValues(axis: axis, keepdim: keepdim, takeMax: takeMax, op: op)
        if Tensor.shouldRecord(self) {
            let inShape = shape
            let (outer, n, inner) = axisExtents(axis)
            values.gradNode = GradNode(op: op, shape: values.shape, gradNode, nil) { g in
                let gx = Tensor(repeating: 0, shape: inShape)
                let pg = g.storage.base, px = gx.storage.base, pi = indices.storage.base
                for o in 0..<outer {
                    for i in 0..<inner {
                        let j = o &* inner &+ i
                        px[(o &* n &+ pi[j]) &* inner &+ i] = pg[j]
                    }
                }
                return InputGradients(gx)
            }
        }
        return (values, indices)
    }

    /// Maximum along `dim` (PyTorch's `max(dim).values`, or `amax` without
    /// ties). Gradient goes to the first maximal element.
    ///
    /// ```swift
    /// let best = q.max(dim: 1)   // [B, A] → [B]
    /// ```
    @inlinable
    public func max(dim: Int, keepdim: Bool = false) -> Tensor {
        extreme(dim: dim, keepdim: keepdim, takeMax: true, op: "max").values
    }

    /// Minimum along `dim`; gradient goes to the first minimal element.
    @inlinable
    public func min(dim: Int, keepdim: Bool = false) -> Tensor {
        extreme(dim: dim, keepdim: keepdim, takeMax: false, op: "min").values
    }

    /// Maximum along `dim` with the index of each (values recorded).
    @inlinable
    public func maxWithIndices(dim: Int, keepdim: Bool = false) -> (values: Tensor, indices: Tensor<Int>) {
        extreme(dim: dim, keepdim: keepdim, takeMax: true, op: "max")
    }

    /// Minimum along `dim` with the index of each (values recorded).
    @inlinable
    public func minWithIndices(dim: Int, keepdim: Bool = false) -> (values: Tensor, indices: Tensor<Int>) {
        extreme(dim: dim, keepdim: keepdim, takeMax: false, op: "min")
    }

    /// Index of the maximum along `dim` (the first, NaN counting as largest),
    /// e.g. greedy actions: `q.argmax(dim: 1)`.
    @inlinable
    public func argmax(dim: Int, keepdim: Bool = false) -> Tensor<Int> {
        extremeValues(axis: normalizedAxis(dim, op: "argmax"), keepdim: keepdim, takeMax: true, op: "argmax").indices
    }

    /// Index of the minimum along `dim` (the first).
    @inlinable
    public func argmin(dim: Int, keepdim: Bool = false) -> Tensor<Int> {
        extremeValues(axis: normalizedAxis(dim, op: "argmin"), keepdim: keepdim, takeMax: false, op: "argmin").indices
    }

    /// Flat index of the first extreme element.
    @inlinable
    func flatExtremeIndex(takeMax: Bool, op: StaticString) -> Int {
        guard count > 0 else { fatalError("\(op): tensor of shape \(shape) is empty") }
        let p = storage.base
        var best = p[0], bestK = 0
        if best.isNaN { return 0 }
        var k = 1
        while k < count {
            let v = p[k]
            if v.isNaN { return k }
            if takeMax ? v > best : v < best { best = v; bestK = k }
            k &+= 1
        }
        return bestK
    }

    /// Flat (row-major) index of the maximum over all elements (the first).
    @inlinable
    public func argmax() -> Int { flatExtremeIndex(takeMax: true, op: "argmax") }

    /// Flat (row-major) index of the minimum over all elements (the first).
    @inlinable
    public func argmin() -> Int { flatExtremeIndex(takeMax: false, op: "argmin") }

    @inlinable
    func extremeAll(takeMax: Bool, op: StaticString) -> Tensor {
        let m = storage.base[flatExtremeIndex(takeMax: takeMax, op: op)]
        var out = Tensor(repeating: m, shape: [])
        if Tensor.shouldRecord(self) {
            let x = detached()
            out.gradNode = GradNode(op: op, shape: [], gradNode, nil) { g in
                // Shared evenly among the elements equal to the extreme (NaN: the NaNs).
                let ties = x.countWhere { m.isNaN ? $0.isNaN : $0 == m }
                let share = g.storage.base[0] / Scalar(ties)
                return InputGradients(x.map { v -> Scalar in (m.isNaN ? v.isNaN : v == m) ? share : 0 })
            }
        }
        return out
    }

    /// Maximum of all elements (0-D). Gradient shared evenly among ties.
    @inlinable
    public func max() -> Tensor { extremeAll(takeMax: true, op: "max") }

    /// Minimum of all elements (0-D). Gradient shared evenly among ties.
    @inlinable
    public func min() -> Tensor { extremeAll(takeMax: false, op: "min") }
}

extension Tensor {
    /// Number of elements satisfying `predicate`.
    @inlinable
    public func countWhere(_ predicate: (Scalar) -> Bool) -> Int {
        let p = storage.base
        var c = 0
        for i in 0..<count where predicate(p[i]) { c &+= 1 }
        return c
    }
}
