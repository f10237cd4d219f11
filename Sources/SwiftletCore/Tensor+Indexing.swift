/// Index-driven lookups: `gathered` (PyTorch `gather`, the Q(s, a) lookup),
/// `indexSelect`, and `oneHot`. Their backward passes scatter-add, so the
/// recording versions exist for floating-point tensors; the plain versions
/// serve index and mask tensors.
extension Tensor {
    /// Row-major strides of the current shape.
    @inlinable
    var contiguousStrides: [Int] {
        var s = [Int](repeating: 1, count: rank)
        var d = rank - 2
        while d >= 0 { s[d] = s[d + 1] &* _shape[d + 1]; d -= 1 }
        return s
    }

    /// Visits each element of `index` (checked against `shape[axis]`) as
    /// `body(outOffset, sourceOffset)` for a gather along `axis`.
    @inlinable
    func forEachGather(axis: Int, index: Tensor<Int>, op: StaticString, _ body: (Int, Int) -> Void) {
        guard rank > 0, index.rank == rank else {
            fatalError("\(op): index of shape \(index.shape) must have the rank of input \(shape) (at least 1)")
        }
        for d in 0..<rank where d != axis && index.shape[d] > shape[d] {
            fatalError("\(op): index shape \(index.shape) exceeds input shape \(shape) in dimension \(d)")
        }
        if index.count == 0 { return }
        let pi = index.storage.base
        if rank == 2 {
            // Matrices (a policy's logits and the taken actions): plain loops
            // in the same row-major order as the general walk below.
            let rowsI = index._shape[0], colsI = index._shape[1], cols = _shape[1], n = _shape[axis]
            var o = 0
            for i in 0..<rowsI {
                for j in 0..<colsI {
                    let k = pi[o]
                    guard k >= 0 && k < n else {
                        fatalError("\(op): index \(k) out of range for dimension \(axis) of size \(n) (input shape \(shape))")
                    }
                    body(o, axis == 1 ? i &* cols &+ k : k &* cols &+ j)
                    o &+= 1
                }
            }
            return
        }
        var strides = contiguousStrides
        let axisStride = strides[axis]
        strides[axis] = 0
        let n = shape[axis]
        let outShape = index.shape
        forEachBroadcastRun(outShape, strides, strides) { o, so, _, len, step, _ in
            var j = 0, s = so
            while j < len {
                let k = pi[o &+ j]
                guard k >= 0 && k < n else {
                    fatalError("\(op): index \(k) out of range for dimension \(axis) of size \(n) (input shape \(shape))")
                }
                body(o &+ j, s &+ k &* axisStride)
                j &+= 1; s &+= step
            }
        }
    }

    /// Values picked along `dim` by `index` (PyTorch's `gather`, no recording).
    @inlinable
    func gatherValues(axis: Int, index: Tensor<Int>) -> Tensor {
        let out = Tensor(uninitializedShape: index.shape)
        let src = storage.base, dst = out.storage.base
        forEachGather(axis: axis, index: index, op: "gather") { o, s in dst[o] = src[s] }
        return out
    }

    /// PyTorch's `gather`: `out[i][j] = self[i][index[i][j]]` for `dim` 1 (and
    /// likewise for any dimension and rank). `index` has this tensor's rank,
    /// and no larger size than it in the other dimensions; the result has
    /// `index`'s shape.
    @inlinable
    public func gathered(dim: Int, index: Tensor<Int>) -> Tensor {
        precondition(gradNode == nil || !isGradRecordingEnabled, "gather: recording needs a floating-point tensor")
        return gatherValues(axis: normalizedAxis(dim, op: "gather"), index: index)
    }

    /// Entries `index` along `dim` (no recording).
    @inlinable
    func indexSelectValues(axis: Int, index: Tensor<Int>) -> Tensor {
        guard index.rank <= 1 else { fatalError("indexSelect: index must be 1-D, got shape \(index.shape)") }
        let (outer, n, inner) = axisExtents(axis)
        var outShape = shape
        let m = index.count
        if !outShape.isEmpty { outShape[axis] = m }
        let out = Tensor(uninitializedShape: outShape)
        let src = storage.base, dst = out.storage.base, pi = index.storage.base
        for j in 0..<m where pi[j] < 0 || pi[j] >= n {
            fatalError("indexSelect: index \(pi[j]) out of range for dimension \(axis) of shape \(shape)")
        }
        for o in 0..<outer {
            for j in 0..<m {
                (dst + (o &* m &+ j) &* inner).update(from: src + (o &* n &+ pi[j]) &* inner, count: inner)
            }
        }
        return out
    }

    /// The entries `index` along `dim` (PyTorch's `index_select`), e.g. a
    /// minibatch of rows: `buffer.indexSelect(dim: 0, index: batch)`.
    @inlinable
    public func indexSelect(dim: Int, index: Tensor<Int>) -> Tensor {
        precondition(gradNode == nil || !isGradRecordingEnabled, "indexSelect: recording needs a floating-point tensor")
        return indexSelectValues(axis: normalizedAxis(dim, op: "indexSelect"), index: index)
    }
}

extension Tensor where Scalar: TensorFloatingPoint {
    /// PyTorch's `gather` along `dim`: the result has `index`'s shape and
    /// `out[i][j] = self[i][index[i][j]]` (for `dim` 1). Gradient: scatter-add
    /// into the picked positions.
    ///
    /// ```swift
    /// let qsa = q.gathered(dim: 1, index: actions.reshaped([-1, 1]))   // [B, 1]
    /// ```
    @inlinable
    public func gathered(dim: Int, index: Tensor<Int>) -> Tensor {
        let axis = normalizedAxis(dim, op: "gather")
        var out = gatherValues(axis: axis, index: index)
        if Tensor.shouldRecord(self) {
            let me = self.detached()
            out.gradNode = GradNode(op: "gather", shape: out.shape, gradNode, nil) { g in
                let gx = Tensor(repeating: 0, shape: me.shape)
                let pg = g.storage.base, px = gx.storage.base
                me.forEachGather(axis: axis, index: index, op: "gather") { o, s in px[s] += pg[o] }
                return InputGradients(gx)
            }
        }
        return out
    }

    /// PyTorch's `index_select`: the entries `index` (1-D) along `dim`.
    /// Gradient: added back at each selected entry (repeats accumulate).
    @inlinable
    public func indexSelect(dim: Int, index: Tensor<Int>) -> Tensor {
        let axis = normalizedAxis(dim, op: "indexSelect")
        var out = indexSelectValues(axis: axis, index: index)
        if Tensor.shouldRecord(self) {
            let inShape = shape
            let (outer, n, inner) = axisExtents(axis)
            out.gradNode = GradNode(op: "indexSelect", shape: out.shape, gradNode, nil) { g in
                let gx = Tensor(repeating: 0, shape: inShape)
                let pg = g.storage.base, px = gx.storage.base, pi = index.storage.base
                let m = index.count
                for o in 0..<outer {
                    for j in 0..<m {
                        let d = px + (o &* n &+ pi[j]) &* inner, s = pg + (o &* m &+ j) &* inner
                        var i = 0
                        while i < inner { d[i] += s[i]; i &+= 1 }
                    }
                }
                return InputGradients(gx)
            }
        }
        return out
    }
}

extension Tensor where Scalar: Numeric {
    /// One-hot encoding: shape `indices.shape + [classes]`, 1 at each index.
    ///
    /// ```swift
    /// Tensor<Float>.oneHot(Tensor<Int>([2, 0]), classes: 3)   // [[0, 0, 1], [1, 0, 0]]
    /// ```
    @inlinable
    public static func oneHot(_ indices: Tensor<Int>, classes: Int) -> Tensor {
        precondition(classes > 0, "oneHot: classes must be positive, got \(classes)")
        let out = Tensor(repeating: 0, shape: indices.shape + [classes])
        let pi = indices.storage.base, po = out.storage.base
        for i in 0..<indices.count {
            let k = pi[i]
            guard k >= 0 && k < classes else { fatalError("oneHot: index \(k) out of range for \(classes) classes") }
            po[i &* classes &+ k] = 1
        }
        return out
    }
}
