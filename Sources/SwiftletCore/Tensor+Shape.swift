/// Shape manipulation. Storage is always contiguous: `reshaped` shares it,
/// `permuted` copies into the new order (cheap at RL sizes, and every later
/// kernel runs on contiguous memory). These ops work on every element type
/// (index and mask tensors too) and record a graph node only when the input
/// carries one (floating-point tensors that require grad).
extension Tensor {
    /// The same elements under a new shape; one dimension may be -1 (inferred).
    /// Shares storage (no copy); gradient is reshaped back.
    ///
    /// ```swift
    /// let m = Tensor<Float>.arange(0, 6).reshaped([2, -1])   // [2, 3]
    /// ```
    @inlinable
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var target = newShape
        if let i = target.firstIndex(of: -1) {
            var known = 1
            for (j, d) in target.enumerated() where j != i { known *= d }
            guard known > 0, count % known == 0 else {
                fatalError("reshape: cannot infer -1 reshaping \(shape) to \(newShape)")
            }
            target[i] = count / known
        }
        guard shapeElementCount(target) == count, target.allSatisfy({ $0 >= 0 }) else {
            fatalError("reshape: cannot reshape \(shape) (\(count) elements) to \(newShape)")
        }
        var out = viewing(as: target)
        if Tensor.shouldRecord(self) {
            let original = shape
            out.gradNode = GradNode(op: "reshape", shape: target, gradNode, nil) { g in
                InputGradients(g.viewing(as: original))
            }
        }
        return out
    }

    /// Dimensions reordered: result dimension `i` is input dimension `order[i]`.
    /// Copies into the new order (one pass).
    @inlinable
    public func permuted(_ order: [Int]) -> Tensor {
        guard order.count == rank, Set(order) == Set(0..<rank) else {
            fatalError("permute: \(order) is not a permutation of the \(rank) dimensions of \(shape)")
        }
        var out = permutedValues(order)
        if Tensor.shouldRecord(self) {
            var inverse = [Int](repeating: 0, count: rank)
            for (i, o) in order.enumerated() { inverse[o] = i }
            out.gradNode = GradNode(op: "permute", shape: out.shape, gradNode, nil) { g in
                InputGradients(g.permutedValues(inverse))
            }
        }
        return out
    }

    /// Swaps two dimensions (default: the last two, a matrix transpose).
    @inlinable
    public func transposed(_ d0: Int = -2, _ d1: Int = -1) -> Tensor {
        var order = Array(0..<rank)
        order.swapAt(normalizedAxis(d0, op: "transpose"), normalizedAxis(d1, op: "transpose"))
        return permuted(order)
    }

    /// Inserts a dimension of size 1 at `axis` (negative counts from the end
    /// of the result, as PyTorch's `unsqueeze`).
    @inlinable
    public func unsqueezed(_ axis: Int) -> Tensor {
        let a = axis < 0 ? axis + rank + 1 : axis
        guard a >= 0 && a <= rank else { fatalError("unsqueeze: axis \(axis) out of range for shape \(shape)") }
        var s = shape
        s.insert(1, at: a)
        return reshaped(s)
    }

    /// Removes size-1 dimensions (all of them, or the one at `axis`; a
    /// dimension of another size is left alone, as PyTorch).
    @inlinable
    public func squeezed(_ axis: Int? = nil) -> Tensor {
        if let axis {
            let a = normalizedAxis(axis, op: "squeeze")
            if rank == 0 || shape[a] != 1 { return self }
            var s = shape
            s.remove(at: a)
            return reshaped(s)
        }
        return reshaped(shape.filter { $0 != 1 })
    }

    /// Broadcasts to `shape` (materialized); gradient sums back.
    @inlinable
    public func expanded(to target: [Int]) -> Tensor {
        var out = expandedValues(to: target)
        if Tensor.shouldRecord(self) {
            out.gradNode = GradNode(op: "expand", shape: target, gradNode, nil) { g in InputGradients(g) }
        }
        return out
    }

    /// Flattens dimensions from `startAxis` on into one.
    @inlinable
    public func flattened(from startAxis: Int = 0) -> Tensor {
        if rank == 0 { return reshaped([1]) }
        let a = normalizedAxis(startAxis, op: "flatten")
        return reshaped(Array(shape[..<a]) + [-1])
    }
}

extension Tensor {
    /// A negative axis counts from the end.
    @inlinable
    public func normalizedAxis(_ axis: Int, op: StaticString) -> Int {
        let a = axis < 0 ? axis + rank : axis
        guard a >= 0 && a < Swift.max(rank, 1) else {
            fatalError("\(op): dimension \(axis) out of range for shape \(shape)")
        }
        return a
    }

    /// The shape seen as `[outer, n, inner]` around `axis` (already
    /// normalized). A 0-D tensor is `[1, 1, 1]`.
    @inlinable
    func axisExtents(_ axis: Int) -> (outer: Int, n: Int, inner: Int) {
        let s = _shape
        if s.isEmpty { return (1, 1, 1) }
        var outer = 1, inner = 1
        var d = 0
        while d < axis { outer &*= s[d]; d &+= 1 }
        d = axis &+ 1
        while d < s.count { inner &*= s[d]; d &+= 1 }
        return (outer, s[axis], inner)
    }

    /// The shape after reducing `axis` (kept as 1, or removed).
    @inlinable
    func reducedShape(_ axis: Int, keepdim: Bool) -> [Int] {
        if _shape.isEmpty { return [] }
        var s = _shape
        if keepdim { s[axis] = 1 } else { s.remove(at: axis) }
        return s
    }

    /// Copy with dimensions reordered (no recording).
    @inlinable
    func permutedValues(_ order: [Int]) -> Tensor {
        let newShape = order.map { shape[$0] }
        if order == Array(0..<rank) { return viewing(as: newShape) }
        var srcStrides = [Int](repeating: 1, count: rank)
        for d in stride(from: rank - 2, through: 0, by: -1) { srcStrides[d] = srcStrides[d + 1] * shape[d + 1] }
        let strides = order.map { srcStrides[$0] }
        let out = Tensor(uninitializedShape: newShape)
        let src = storage.base, dst = out.storage.base
        forEachBroadcastRun(newShape, strides, strides) { o, ao, _, len, step, _ in
            var j = 0, ai = ao
            while j < len { dst[o &+ j] = src[ai]; j &+= 1; ai &+= step }
        }
        return out
    }
}
