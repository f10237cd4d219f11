import RealModule

/// Matrix products through OpenBLAS (`cblas_sgemm`/`cblas_dgemm`). Backward
/// passes call gemm with transpose flags instead of materializing transposes.
extension Tensor where Scalar: TensorFloatingPoint {
    /// `C[m,n] (+)= op(A)·op(B)` on raw row-major buffers.
    @inlinable @inline(__always)
    static func gemm(_ a: UnsafePointer<Scalar>, _ b: UnsafePointer<Scalar>, _ c: UnsafeMutablePointer<Scalar>,
                     m: Int, n: Int, k: Int, transA: Bool = false, transB: Bool = false, accumulate: Bool = false) {
        Scalar.gemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 1,
                    a: a, lda: transA ? m : k, b: b, ldb: transB ? k : n,
                    beta: accumulate ? 1 : 0, c: c, ldc: n)
    }

    /// Matrix product with PyTorch's `matmul` rules for the common cases:
    /// `[m,k]·[k,n]`, batched `[…,m,k]·[…,k,n]` (equal batch dimensions),
    /// `[…,m,k]·[k,n]` (the matrix shared by the batch), and 1-D operands
    /// (`[k]·[k,n]`, `[m,k]·[k]`, `[k]·[k]`).
    ///
    /// Cost: one gemm per batch entry forward, two backward.
    @inlinable
    public func matmul(_ other: Tensor) -> Tensor {
        let a = self, b = other
        if a.rank == 1 && b.rank == 1 {
            return a.reshaped([1, a.count]).matmul(b.reshaped([b.count, 1])).reshaped([])
        }
        if a.rank == 1 { let r = a.reshaped([1, a.count]).matmul(b); return r.reshaped(Array(r.shape.dropLast(2)) + [r.shape.last!]) }
        if b.rank == 1 { let r = a.matmul(b.reshaped([b.count, 1])); return r.reshaped(Array(r.shape.dropLast())) }
        let m = a.shape[a.rank - 2], k = a.shape[a.rank - 1]
        let k2 = b.shape[b.rank - 2], n = b.shape[b.rank - 1]
        guard k == k2 else { fatalError("matmul: shapes \(a.shape) and \(b.shape) do not align (\(k) vs \(k2))") }
        let batchA = Array(a.shape.dropLast(2)), batchB = Array(b.shape.dropLast(2))
        if b.rank == 2 {
            // Shared matrix: fold the batch into rows, one gemm.
            let rows = a.count / Swift.max(k, 1)
            var out = Tensor(uninitializedShape: batchA + [m, n])
            Tensor.gemm(a.storage.base, b.storage.base, out.storage.base, m: rows, n: n, k: k)
            if Tensor.shouldRecord(a, b) {
                let av = a.detached(), bv = b.detached(), needA = a.gradNode != nil, needB = b.gradNode != nil
                out.gradNode = GradNode(op: "matmul", shape: out.shape, a.gradNode, b.gradNode) { g in
                    var ga: Tensor? = nil, gb: Tensor? = nil
                    if needA {
                        let t = Tensor(uninitializedShape: av.shape)
                        Tensor.gemm(g.storage.base, bv.storage.base, t.storage.base, m: rows, n: k, k: n, transB: true)
                        ga = t
                    }
                    if needB {
                        let t = Tensor(uninitializedShape: bv.shape)
                        Tensor.gemm(av.storage.base, g.storage.base, t.storage.base, m: k, n: n, k: rows, transA: true)
                        gb = t
                    }
                    return InputGradients(ga, gb)
                }
            }
            return out
        }
        guard batchA == batchB else {
            fatalError("matmul: batch dimensions of \(a.shape) and \(b.shape) differ")
        }
        let batch = shapeElementCount(batchA)
        var out = Tensor(uninitializedShape: batchA + [m, n])
        for i in 0..<batch {
            Tensor.gemm(a.storage.base + i * m * k, b.storage.base + i * k * n, out.storage.base + i * m * n, m: m, n: n, k: k)
        }
        if Tensor.shouldRecord(a, b) {
            let av = a.detached(), bv = b.detached(), needA = a.gradNode != nil, needB = b.gradNode != nil
            out.gradNode = GradNode(op: "matmul", shape: out.shape, a.gradNode, b.gradNode) { g in
                var ga: Tensor? = nil, gb: Tensor? = nil
                if needA {
                    let t = Tensor(uninitializedShape: av.shape)
                    for i in 0..<batch {
                        Tensor.gemm(g.storage.base + i * m * n, bv.storage.base + i * k * n, t.storage.base + i * m * k,
                                    m: m, n: k, k: n, transB: true)
                    }
                    ga = t
                }
                if needB {
                    let t = Tensor(uninitializedShape: bv.shape)
                    for i in 0..<batch {
                        Tensor.gemm(av.storage.base + i * m * k, g.storage.base + i * m * n, t.storage.base + i * k * n,
                                    m: k, n: n, k: m, transA: true)
                    }
                    gb = t
                }
                return InputGradients(ga, gb)
            }
        }
        return out
    }
}

/// The fused affine map of a linear layer, `x·Wᵀ + b`, with PyTorch's weight
/// layout `[out, in]`. `x` is `[…, in]` (1-D for a single input); the result
/// is `[…, out]`. One gemm forward (bias preloaded into the output and added
/// by gemm's beta), and at most two gemms and a column sum backward.
///
/// ```swift
/// let y = linear(x, weight: w, bias: b)   // x [64, 4], w [32, 4], b [32] → [64, 32]
/// ```
@inlinable
public func linear<Scalar: TensorFloatingPoint>(_ x: Tensor<Scalar>, weight: Tensor<Scalar>, bias: Tensor<Scalar>?) -> Tensor<Scalar> {
    guard weight.rank == 2, x.rank >= 1, x.shape[x.rank - 1] == weight.shape[1] else {
        fatalError("linear: input \(x.shape) does not match weight \(weight.shape) (expects [..., \(weight.rank == 2 ? weight.shape[1] : -1)])")
    }
    let outF = weight.shape[0], inF = weight.shape[1]
    // The bias is only read through optional chaining: binding it (`if let`)
    // copies the tensor, three retains and releases per call.
    if bias.map({ $0.rank != 1 || $0.shape[0] != outF }) ?? false {
        fatalError("linear: bias \(bias!.shape) does not match weight \(weight.shape) (expects [\(outF)])")
    }
    let rows = x.count / Swift.max(inF, 1)
    // A square layer keeps the input's shape array (no allocation).
    var outShape = x.shape
    if inF != outF { outShape[outShape.count - 1] = outF }
    var out = Tensor<Scalar>(uninitializedShape: outShape)
    let po = out.storage.base
    let biasBase = bias?.storage.base
    if let pb = biasBase {
        for r in 0..<rows { (po + r &* outF).update(from: pb, count: outF) }
    }
    if rows == 1 && inF > 0 && outF > 0 {
        // One input (a rollout step): gemv skips gemm's packing. The output
        // is zeroed, not left to beta = 0 (some OpenBLAS versions scale
        // uninitialized memory, NaN·0 = NaN).
        if biasBase == nil { po.initialize(repeating: 0, count: outF) }
        Scalar.gemv(transA: false, m: outF, n: inF, alpha: 1, a: weight.storage.base, lda: inF,
                    x: x.storage.base, beta: 1, y: po)
    } else {
        Tensor.gemm(x.storage.base, weight.storage.base, po, m: rows, n: outF, k: inF, transB: true, accumulate: biasBase != nil)
    }
    if isGradRecordingEnabled && (x.gradNode != nil || weight.gradNode != nil || bias?.gradNode != nil) {
        let bNode = bias?.gradNode
        let xv = x.detached(), wv = weight.detached()
        let needX = x.gradNode != nil, needW = weight.gradNode != nil, needB = bNode != nil
        let bShape = bias?.shape ?? []  // reused for the bias gradient (no array per step)
        out.gradNode = GradNode(op: "linear", shape: outShape, x.gradNode, weight.gradNode, third: bNode) { g in
            var gx: Tensor<Scalar>? = nil, gw: Tensor<Scalar>? = nil, gb: Tensor<Scalar>? = nil
            if needX {
                let t = Tensor<Scalar>(uninitializedShape: xv.shape)
                Tensor.gemm(g.storage.base, wv.storage.base, t.storage.base, m: rows, n: inF, k: outF)
                gx = t
            }
            if needW {
                let t = Tensor<Scalar>(uninitializedShape: wv.shape)
                Tensor.gemm(g.storage.base, xv.storage.base, t.storage.base, m: outF, n: inF, k: rows, transA: true)
                gw = t
            }
            if needB {
                let t = Tensor<Scalar>(repeating: 0, shape: bShape)
                Scalar.columnSumsKernel(g.storage.base, rows: rows, cols: outF, into: t.storage.base)
                gb = t
            }
            return InputGradients(gx, gw, third: gb)
        }
    }
    return out
}
