import RealModule

/// NumPy broadcasting: shapes align from the right; each pair of sizes must be
/// equal or one of them 1.
@inlinable
public func broadcastShape(_ a: [Int], _ b: [Int], op: StaticString = "broadcast") -> [Int] {
    if a == b { return a }
    let r = Swift.max(a.count, b.count)
    var out = [Int](repeating: 1, count: r)
    for i in 0..<r {
        let da = i < r - a.count ? 1 : a[i - (r - a.count)]
        let db = i < r - b.count ? 1 : b[i - (r - b.count)]
        if da == db || db == 1 { out[i] = da }
        else if da == 1 { out[i] = db }
        else { fatalError("\(op): shapes \(a) and \(b) are not broadcastable (dimension \(i): \(da) vs \(db))") }
    }
    return out
}

/// Row-major strides of `shape` as seen from a broadcast result of rank
/// `rank` and shape `outShape`: 0 on broadcast dimensions.
@inlinable
func broadcastStrides(_ shape: [Int], to outShape: [Int]) -> [Int] {
    let r = outShape.count
    var strides = [Int](repeating: 0, count: r)
    var s = 1
    for i in stride(from: shape.count - 1, through: 0, by: -1) {
        let o = i + (r - shape.count)
        strides[o] = (shape[i] == 1 && outShape[o] != 1) ? 0 : s
        s *= shape[i]
    }
    return strides
}

/// Visits every element of a broadcast result of `outShape` as runs along the
/// last dimension: `body(outOffset, aOffset, bOffset, runLength, aStep, bStep)`.
@inlinable
func forEachBroadcastRun(_ outShape: [Int], _ aStrides: [Int], _ bStrides: [Int],
                         _ body: (Int, Int, Int, Int, Int, Int) -> Void) {
    let r = outShape.count
    if r == 0 { body(0, 0, 0, 1, 0, 0); return }
    let inner = outShape[r - 1]
    let aStep = aStrides[r - 1], bStep = bStrides[r - 1]
    let outer = inner == 0 ? 0 : shapeElementCount(outShape) / inner
    var index = [Int](repeating: 0, count: r)
    var ao = 0, bo = 0
    for o in 0..<outer {
        body(o &* inner, ao, bo, inner, aStep, bStep)
        // Odometer over the outer dimensions.
        var d = r - 2
        while d >= 0 {
            index[d] += 1
            ao &+= aStrides[d]; bo &+= bStrides[d]
            if index[d] < outShape[d] { break }
            ao &-= aStrides[d] &* outShape[d]; bo &-= bStrides[d] &* outShape[d]
            index[d] = 0
            d -= 1
        }
    }
}

extension Tensor {
    /// Elementwise `f(a, b)` with broadcasting (no graph recording).
    @inlinable
    public static func zipMap<B: TensorElement, R: TensorElement>(
        _ a: Tensor<Scalar>, _ b: Tensor<B>, op: StaticString = "zipMap",
        _ f: (Scalar, B) -> R
    ) -> Tensor<R> {
        let pa = a.storage.base, pb = b.storage.base
        if a.shape == b.shape {
            let out = Tensor<R>(uninitializedShape: a.shape)
            let po = out.storage.base
            let n = a.count
            var i = 0
            while i < n { po[i] = f(pa[i], pb[i]); i &+= 1 }
            return out
        }
        let shape = broadcastShape(a.shape, b.shape, op: op)
        let out = Tensor<R>(uninitializedShape: shape)
        let po = out.storage.base
        let n = out.count
        if b.count == 1 {
            let s = pb[0]
            if a.count == n { var i = 0; while i < n { po[i] = f(pa[i], s); i &+= 1 }; return out }
        }
        if a.count == 1 {
            let s = pa[0]
            if b.count == n { var i = 0; while i < n { po[i] = f(s, pb[i]); i &+= 1 }; return out }
        }
        let sa = broadcastStrides(a.shape, to: shape), sb = broadcastStrides(b.shape, to: shape)
        forEachBroadcastRun(shape, sa, sb) { o, ao, bo, len, aStep, bStep in
            var j = 0, ai = ao, bi = bo
            while j < len {
                po[o &+ j] = f(pa[ai], pb[bi])
                j &+= 1; ai &+= aStep; bi &+= bStep
            }
        }
        return out
    }

    /// Elementwise `f(a)` (no graph recording).
    @inlinable
    public func map<R: TensorElement>(_ f: (Scalar) -> R) -> Tensor<R> {
        let out = Tensor<R>(uninitializedShape: shape)
        let src = storage.base, dst = out.storage.base
        let n = count
        var i = 0
        while i < n { dst[i] = f(src[i]); i &+= 1 }
        return out
    }
}

extension Tensor where Scalar: TensorFloatingPoint {
    /// Sums away the dimensions a broadcast added or stretched, giving
    /// `shape` (the reverse of broadcasting `shape` to `self.shape`).
    @inlinable
    public func summed(toShape target: [Int]) -> Tensor {
        if shape == target { return self }
        var t = self.detached()
        let lead = t.rank - target.count
        precondition(lead >= 0, "sum to shape: cannot reduce \(shape) to \(target)")
        if lead > 0 {
            // Leading dimensions collapse in one pass: view as [prod(lead), rest].
            let rest = Array(t.shape[lead...])
            t = t.viewing(as: [shapeElementCount(Array(t.shape[..<lead])), shapeElementCount(rest)])
                .reducedSum(axis: 0, keepdim: false)
                .viewing(as: rest)
        }
        for d in 0..<target.count where target[d] == 1 && t.shape[d] != 1 {
            t = t.reducedSum(axis: d, keepdim: true)
        }
        precondition(t.shape == target, "sum to shape: cannot reduce \(shape) to \(target)")
        return t
    }

    /// Sum along one axis without recording: the shape is seen as
    /// `[outer, n, inner]` and the inner rows are added contiguously.
    @inlinable
    func reducedSum(axis: Int, keepdim: Bool) -> Tensor {
        let n = shape[axis]
        let outer = shapeElementCount(Array(shape[..<axis]))
        let inner = shapeElementCount(Array(shape[(axis + 1)...]))
        var outShape = shape
        if keepdim { outShape[axis] = 1 } else { outShape.remove(at: axis) }
        let out = Tensor(repeating: 0, shape: outShape)
        let src = storage.base, dst = out.storage.base
        for o in 0..<outer {
            let d = dst + o &* inner
            for k in 0..<n {
                let s = src + (o &* n &+ k) &* inner
                var i = 0
                while i < inner { d[i] += s[i]; i &+= 1 }
            }
        }
        return out
    }

    /// `self += other` in place (same shape or broadcastable to self), no recording.
    @inlinable
    public mutating func addInPlace(_ other: Tensor) {
        makeUnique()
        let p = storage.base, q = other.storage.base
        if other.shape == shape {
            Scalar.accumulateKernel(p, q, count: count)
        } else {
            let expanded = broadcastShape(shape, other.shape, op: "addInPlace")
            precondition(expanded == shape, "addInPlace: cannot add shape \(other.shape) into \(shape)")
            let so = broadcastStrides(other.shape, to: shape)
            let ss = broadcastStrides(shape, to: shape)
            forEachBroadcastRun(shape, ss, so) { o, _, bo, len, _, bStep in
                var j = 0, bi = bo
                while j < len { p[o &+ j] += q[bi]; j &+= 1; bi &+= bStep }
            }
        }
    }
}
