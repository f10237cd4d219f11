/// Slicing and joining: `narrowed`, row subscripts, `concat`, `stack`.
/// Each copies into fresh contiguous storage; the backward of a slice pads
/// the gradient with zeros, the backward of a join cuts it into pieces.
/// They work on every element type.
extension Tensor {
    /// Elements `start ..< start+length` along `dim` (PyTorch's `narrow`,
    /// copied). Gradient: zeros outside the slice.
    ///
    /// ```swift
    /// let x = Tensor<Float>([[1, 2, 3], [4, 5, 6]])
    /// x.narrowed(dim: 1, start: 1, length: 2)   // [[2, 3], [5, 6]]
    /// ```
    @inlinable
    public func narrowed(dim: Int, start: Int, length: Int) -> Tensor {
        precondition(rank > 0, "narrow: cannot slice a 0-D tensor")
        let a = normalizedAxis(dim, op: "narrow")
        let (outer, n, inner) = axisExtents(a)
        let s = start < 0 ? start + n : start
        guard s >= 0, length >= 0, s + length <= n else {
            fatalError("narrow: start \(start) length \(length) out of range for dimension \(dim) of shape \(shape)")
        }
        if s == 0 && length == n { return self }
        var outShape = shape
        outShape[a] = length
        var out = Tensor(uninitializedShape: outShape)
        let src = storage.base, dst = out.storage.base
        let piece = length &* inner
        for o in 0..<outer {
            (dst + o &* piece).update(from: src + (o &* n &+ s) &* inner, count: piece)
        }
        if Tensor.shouldRecord(self) {
            let inShape = shape
            out.gradNode = GradNode(op: "narrow", shape: outShape, gradNode, nil) { g in
                let gx = Tensor(repeating: .zeroValue, shape: inShape)
                let pg = g.storage.base, px = gx.storage.base
                for o in 0..<outer {
                    (px + (o &* n &+ s) &* inner).update(from: pg + o &* piece, count: piece)
                }
                return InputGradients(gx)
            }
        }
        return out
    }

    /// Rows `range` of the leading dimension (`x[2..<5]`, `x[..<32]`).
    @inlinable
    public subscript<R: RangeExpression>(_ range: R) -> Tensor where R.Bound == Int {
        precondition(rank > 0, "subscript: cannot slice a 0-D tensor")
        let r = range.relative(to: 0..<shape[0])
        guard r.lowerBound >= 0, r.upperBound <= shape[0] else {
            fatalError("subscript: rows \(r) out of range for shape \(shape)")
        }
        return narrowed(dim: 0, start: r.lowerBound, length: r.count)
    }

    /// Row `row` of the leading dimension, without that dimension (negative
    /// counts from the end): `x[0]` of a `[4, 3]` tensor has shape `[3]`.
    @inlinable
    public subscript(_ row: Int) -> Tensor {
        precondition(rank > 0, "subscript: cannot index a 0-D tensor")
        let r = row < 0 ? row + shape[0] : row
        guard r >= 0 && r < shape[0] else { fatalError("subscript: row \(row) out of range for shape \(shape)") }
        return narrowed(dim: 0, start: r, length: 1).reshaped(Array(shape.dropFirst()))
    }

    /// Joins tensors along an existing dimension (PyTorch's `cat`). All must
    /// have equal shapes except along `dim`. Gradient: each input gets its slice.
    ///
    /// ```swift
    /// Tensor.concat([a, b], dim: 1)   // [2, 3] and [2, 4] → [2, 7]
    /// ```
    @inlinable
    public static func concat(_ tensors: [Tensor], dim: Int = 0) -> Tensor {
        guard let first = tensors.first else { fatalError("concat: no tensors") }
        precondition(first.rank > 0, "concat: cannot concatenate 0-D tensors")
        let a = first.normalizedAxis(dim, op: "concat")
        var outShape = first.shape
        outShape[a] = 0
        for t in tensors {
            var s = t.shape
            guard s.count == first.rank else {
                fatalError("concat: shapes \(first.shape) and \(t.shape) differ in rank")
            }
            outShape[a] += s[a]
            s[a] = first.shape[a]
            guard s == first.shape else {
                fatalError("concat: shapes \(first.shape) and \(t.shape) differ outside dimension \(dim)")
            }
        }
        let (outer, _, inner) = first.axisExtents(a)
        let pieces = tensors.map { $0.shape[a] &* inner }
        return join(tensors, outShape: outShape, outer: outer, pieces: pieces, op: "concat")
    }

    /// Stacks equal-shaped tensors along a new dimension `dim` (PyTorch's
    /// `stack`). Gradient: each input gets its slice.
    ///
    /// ```swift
    /// Tensor.stack([a, b], dim: 0)   // two [3] → [2, 3]
    /// ```
    @inlinable
    public static func stack(_ tensors: [Tensor], dim: Int = 0) -> Tensor {
        guard let first = tensors.first else { fatalError("stack: no tensors") }
        let r = first.rank
        let a = dim < 0 ? dim + r + 1 : dim
        guard a >= 0 && a <= r else { fatalError("stack: dimension \(dim) out of range for shape \(first.shape)") }
        for t in tensors where t.shape != first.shape {
            fatalError("stack: shapes \(first.shape) and \(t.shape) differ")
        }
        var outShape = first.shape
        outShape.insert(tensors.count, at: a)
        var outer = 1
        for d in 0..<a { outer *= first.shape[d] }
        let inner = outer == 0 ? 0 : first.count / outer
        return join(tensors, outShape: outShape, outer: outer,
                    pieces: [Int](repeating: inner, count: tensors.count), op: "stack")
    }

    /// Interleaves `pieces[i]` elements of tensor `i` for each of `outer` blocks.
    @inlinable
    static func join(_ tensors: [Tensor], outShape: [Int], outer: Int, pieces: [Int], op: StaticString) -> Tensor {
        var out = Tensor(uninitializedShape: outShape)
        let dst = out.storage.base
        var total = 0
        for p in pieces { total &+= p }
        var offset = 0
        for (t, piece) in zip(tensors, pieces) {
            let src = t.storage.base
            for o in 0..<outer {
                (dst + (o &* total &+ offset)).update(from: src + o &* piece, count: piece)
            }
            offset &+= piece
        }
        withExtendedLifetime(tensors) {}
        var anyGrad = false
        for t in tensors where t.gradNode != nil { anyGrad = true; break }
        if anyGrad && isGradRecordingEnabled {
            let shapes = tensors.map(\.shape)
            let needs = tensors.map { $0.gradNode != nil }
            let nodes = tensors.map(\.gradNode)
            out.gradNode = GradNode(op: op, shape: outShape, nodes[0], nodes.count > 1 ? nodes[1] : nil,
                                    more: Array(nodes.dropFirst(2))) { g in
                let pg = g.storage.base
                var grads: [Tensor?] = []
                grads.reserveCapacity(shapes.count)
                var offset = 0
                for (i, piece) in pieces.enumerated() {
                    if needs[i] {
                        let gi = Tensor(uninitializedShape: shapes[i])
                        let pi = gi.storage.base
                        for o in 0..<outer {
                            (pi + o &* piece).update(from: pg + (o &* total &+ offset), count: piece)
                        }
                        grads.append(gi)
                    } else {
                        grads.append(nil)
                    }
                    offset &+= piece
                }
                return InputGradients(grads[0], grads.count > 1 ? grads[1] : nil, rest: Array(grads.dropFirst(2)))
            }
        }
        return out
    }
}

/// Joins tensors along an existing dimension; see `Tensor.concat(_:dim:)`.
@inlinable
public func concat<Scalar>(_ tensors: [Tensor<Scalar>], dim: Int = 0) -> Tensor<Scalar> {
    Tensor.concat(tensors, dim: dim)
}

/// Stacks equal-shaped tensors along a new dimension; see `Tensor.stack(_:dim:)`.
@inlinable
public func stack<Scalar>(_ tensors: [Tensor<Scalar>], dim: Int = 0) -> Tensor<Scalar> {
    Tensor.stack(tensors, dim: dim)
}
