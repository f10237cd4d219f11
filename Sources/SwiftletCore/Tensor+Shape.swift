import RealModule

/// Shape manipulation. Storage is always contiguous: `reshaped` shares it,
/// `permuted` copies into the new order (cheap at RL sizes, and every later
/// kernel runs on contiguous memory).
extension Tensor where Scalar: TensorFloatingPoint {
    /// The same elements under a new shape; one dimension may be -1 (inferred).
    /// Shares storage (no copy); gradient is reshaped back.
    @inlinable
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var target = newShape
        if let i = target.firstIndex(of: -1) {
            let known = target.enumerated().reduce(1) { $1.offset == i ? $0 : $0 * $1.element }
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

    /// Inserts a dimension of size 1 at `axis`.
    @inlinable
    public func unsqueezed(_ axis: Int) -> Tensor {
        let a = axis < 0 ? axis + rank + 1 : axis
        guard a >= 0 && a <= rank else { fatalError("unsqueeze: axis \(axis) out of range for shape \(shape)") }
        var s = shape
        s.insert(1, at: a)
        return reshaped(s)
    }

    /// Removes size-1 dimensions (all of them, or the one at `axis`).
    @inlinable
    public func squeezed(_ axis: Int? = nil) -> Tensor {
        if let axis {
            let a = normalizedAxis(axis, op: "squeeze")
            if shape[a] != 1 { return self }
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

    /// Copy with dimensions reordered (no recording).
    @inlinable
    func permutedValues(_ order: [Int]) -> Tensor {
        let newShape = order.map { shape[$0] }
        if order == Array(0..<rank) { return viewing(as: newShape) }
        var srcStrides = [Int](repeating: 1, count: rank)
        for d in stride(from: rank - 2, through: 0, by: -1) { srcStrides[d] = srcStrides[d + 1] * shape[d + 1] }
        let strides = order.map { srcStrides[$0] }
        var out = Tensor(uninitializedShape: newShape)
        let src = storage.base, dst = out.storage.base
        forEachBroadcastRun(newShape, strides, strides) { o, ao, _, len, step, _ in
            var j = 0, ai = ao
            while j < len { dst[o &+ j] = src[ai]; j &+= 1; ai &+= step }
        }
        return out
    }
}
