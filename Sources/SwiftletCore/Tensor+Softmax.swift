/// Numerically stable log-sum-exp, softmax and log-softmax along one
/// dimension. Each subtracts the running maximum before exponentiating, and
/// writes its backward from the saved result.
extension Tensor where Scalar: TensorFloatingPoint {
    /// The largest of `p[k·stride]`, `k < count`; NaN if any is NaN (−∞ for none).
    @inlinable @inline(__always)
    static func maximum(_ p: UnsafePointer<Scalar>, count n: Int, stride: Int) -> Scalar {
        var m = -Scalar.infinity
        var k = 0
        while k < n { let v = p[k &* stride]; if v > m || v.isNaN { m = v }; k &+= 1 }
        return m
    }

    /// The shift subtracted before exponentiating: the maximum, or 0 when the
    /// maximum is infinite (PyTorch's rule for log-sum-exp).
    @inlinable @inline(__always)
    static func stableShift(_ p: UnsafePointer<Scalar>, count n: Int, stride: Int) -> Scalar {
        let m = maximum(p, count: n, stride: stride)
        return !m.isFinite && !m.isNaN ? 0 : m
    }

    /// `log Σ exp(x)` along `dim`, stable (PyTorch's `logsumexp`: the maximum
    /// is subtracted first, and infinite maxima are handled as 0 shift).
    /// Backward `g·exp(x − result)` (the softmax).
    @inlinable
    public func logSumExp(dim: Int, keepdim: Bool = false) -> Tensor {
        let axis = normalizedAxis(dim, op: "logSumExp")
        let (outer, n, inner) = axisExtents(axis)
        let outShape = reducedShape(axis, keepdim: keepdim)
        var out = Tensor(uninitializedShape: outShape)
        let src = storage.base, dst = out.storage.base
        for o in 0..<outer {
            let block = src + o &* n &* inner
            for i in 0..<inner {
                let m = Tensor.stableShift(block + i, count: n, stride: inner)
                var s: Scalar = 0
                var k = 0
                while k < n { s += Scalar.exp(block[k &* inner &+ i] - m); k &+= 1 }
                dst[o &* inner &+ i] = Scalar.log(s) + m
            }
        }
        if Tensor.shouldRecord(self) {
            let x = detached(), y = out.detached()
            out.gradNode = GradNode(op: "logSumExp", shape: outShape, gradNode, nil) { g in
                let gx = Tensor(uninitializedShape: x.shape)
                let px = x.storage.base, py = y.storage.base, pg = g.storage.base, po = gx.storage.base
                for o in 0..<outer {
                    for k in 0..<n {
                        let row = (o &* n &+ k) &* inner
                        var i = 0
                        while i < inner {
                            let j = o &* inner &+ i
                            po[row &+ i] = pg[j] * Scalar.exp(px[row &+ i] - py[j])
                            i &+= 1
                        }
                    }
                }
                return InputGradients(gx)
            }
        }
        return out
    }

    /// Softmax along `dim`: `exp(x − max) / Σ exp(x − max)`.
    /// Backward `y·(g − Σ g·y)`.
    ///
    /// ```swift
    /// let probs = logits.softmax(dim: -1)
    /// ```
    @inlinable
    public func softmax(dim: Int) -> Tensor {
        let axis = normalizedAxis(dim, op: "softmax")
        let (outer, n, inner) = axisExtents(axis)
        var out = Tensor(uninitializedShape: shape)
        let src = storage.base, dst = out.storage.base
        for o in 0..<outer {
            let block = o &* n &* inner
            for i in 0..<inner {
                let m = Tensor.maximum(src + (block &+ i), count: n, stride: inner)
                var s: Scalar = 0
                var k = 0
                while k < n {
                    let j = block &+ k &* inner &+ i
                    let e = Scalar.exp(src[j] - m)
                    dst[j] = e
                    s += e
                    k &+= 1
                }
                let r = 1 / s
                k = 0
                while k < n { dst[block &+ k &* inner &+ i] *= r; k &+= 1 }
            }
        }
        if Tensor.shouldRecord(self) {
            let y = out.detached()
            out.gradNode = GradNode(op: "softmax", shape: shape, gradNode, nil) { g in
                let gx = Tensor(uninitializedShape: y.shape)
                let py = y.storage.base, pg = g.storage.base, po = gx.storage.base
                for o in 0..<outer {
                    let block = o &* n &* inner
                    for i in 0..<inner {
                        var dot: Scalar = 0
                        var k = 0
                        while k < n { let j = block &+ k &* inner &+ i; dot += pg[j] * py[j]; k &+= 1 }
                        k = 0
                        while k < n { let j = block &+ k &* inner &+ i; po[j] = py[j] * (pg[j] - dot); k &+= 1 }
                    }
                }
                return InputGradients(gx)
            }
        }
        return out
    }

    /// Log-softmax along `dim`: `x − max − log Σ exp(x − max)`.
    /// Backward `g − exp(y)·Σ g`.
    ///
    /// ```swift
    /// let logp = logits.logSoftmax(dim: -1)
    /// ```
    @inlinable
    public func logSoftmax(dim: Int) -> Tensor {
        let axis = normalizedAxis(dim, op: "logSoftmax")
        let (outer, n, inner) = axisExtents(axis)
        var out = Tensor(uninitializedShape: shape)
        let src = storage.base, dst = out.storage.base
        if inner == 1 && n == 2 && Scalar.logSoftmaxPairsKernel(src, dst, rows: outer) {
            // Two classes (a two-action policy): rows side by side in vectors, same bits.
        } else if inner == 1 && n > 0 {
            // Rows along the last axis (logits): the exponentials of the
            // whole tensor and the logs of all row sums each go through one
            // vectorized kernel call.
            // Row maxima, then the row sums' logs, in one scratch block.
            let rowMax = UnsafeMutablePointer<Scalar>.allocate(capacity: 2 &* outer)
            defer { rowMax.deallocate() }
            let sums = rowMax + outer
            for o in 0..<outer {
                let row = src + o &* n
                rowMax[o] = Tensor.stableShift(row, count: n, stride: 1)
                let m = rowMax[o]
                var k = 0
                while k < n { dst[o &* n &+ k] = row[k] - m; k &+= 1 }
            }
            Scalar.expKernel(dst, dst, count: outer &* n)
            for o in 0..<outer {
                var s: Scalar = 0
                var k = 0
                while k < n { s += dst[o &* n &+ k]; k &+= 1 }
                sums[o] = s
            }
            Scalar.logKernel(sums, sums, count: outer)
            for o in 0..<outer {
                let shift = rowMax[o] + sums[o]
                var k = 0
                while k < n { let j = o &* n &+ k; dst[j] = src[j] - shift; k &+= 1 }
            }
        } else {
            for o in 0..<outer {
                let block = o &* n &* inner
                for i in 0..<inner {
                    let m = Tensor.stableShift(src + (block &+ i), count: n, stride: inner)
                    var s: Scalar = 0
                    var k = 0
                    while k < n { s += Scalar.exp(src[block &+ k &* inner &+ i] - m); k &+= 1 }
                    let shift = m + Scalar.log(s)
                    k = 0
                    while k < n { let j = block &+ k &* inner &+ i; dst[j] = src[j] - shift; k &+= 1 }
                }
            }
        }
        if Tensor.shouldRecord(self) {
            let y = out.detached()
            out.gradNode = GradNode(op: "logSoftmax", shape: shape, gradNode, nil) { g in
                let gx = Tensor(uninitializedShape: y.shape)
                let py = y.storage.base, pg = g.storage.base, po = gx.storage.base
                if inner == 1 && n == 2
                    && Scalar.logSoftmaxPairsBackwardKernel(output: py, gradient: pg, into: po, rows: outer) {
                    return InputGradients(gx)
                }
                if inner == 1 {
                    // p = exp(y) for all rows in one kernel call, then g − p·Σg per row.
                    Scalar.expKernel(py, po, count: outer &* n)
                    for o in 0..<outer {
                        let base = o &* n
                        var total: Scalar = 0
                        var k = 0
                        while k < n { total += pg[base &+ k]; k &+= 1 }
                        k = 0
                        while k < n { po[base &+ k] = pg[base &+ k] - po[base &+ k] * total; k &+= 1 }
                    }
                    return InputGradients(gx)
                }
                for o in 0..<outer {
                    let block = o &* n &* inner
                    for i in 0..<inner {
                        var total: Scalar = 0
                        var k = 0
                        while k < n { total += pg[block &+ k &* inner &+ i]; k &+= 1 }
                        k = 0
                        while k < n {
                            let j = block &+ k &* inner &+ i
                            po[j] = pg[j] - Scalar.exp(py[j]) * total
                            k &+= 1
                        }
                    }
                }
                return InputGradients(gx)
            }
        }
        return out
    }
}
