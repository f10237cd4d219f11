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

/// The nonlinearity a fused `linear` applies to its affine map.
public enum LinearActivation: Int32, Sendable {
    case identity = 0, relu = 1, tanh = 2
}

/// The fused affine map of a linear layer, `act(x·Wᵀ + b)`, with PyTorch's
/// weight layout `[out, in]`. `x` is `[…, in]` (1-D for a single input); the
/// result is `[…, out]`. One recorded op: forward is one gemm with the bias
/// and the activation applied while each output tile is still in registers
/// (bitwise equal to `linear(x, weight: w, bias: b).tanh()`), backward one
/// pass for the activation's derivative and the bias gradient, then at most
/// two gemms.
///
/// `transposedWeight` is an optional hint: the same weight laid out
/// `[in, out]`, which a layer may keep between updates (`Linear` does) to
/// spare the transpose Swiftlet's small-gemm kernel otherwise makes per
/// call. It must hold exactly `weightᵀ`; it is not checked.
///
/// ```swift
/// let y = linear(x, weight: w, bias: b)                      // x [64, 4], w [32, 4], b [32] → [64, 32]
/// let h = linear(x, weight: w, bias: b, activation: .tanh)   // tanh(x·wᵀ + b), one node
/// ```
@inlinable
public func linear<Scalar: TensorFloatingPoint>(_ x: Tensor<Scalar>, weight: Tensor<Scalar>, bias: Tensor<Scalar>?,
                                                activation: LinearActivation = .identity,
                                                transposedWeight: Tensor<Scalar>? = nil) -> Tensor<Scalar> {
    // Shapes are read through `_shape` and the bias only through optional
    // chaining, and the cold paths (errors, graph recording) live in separate
    // functions: the hot path then copies no tensor (each copy is a retain and
    // a release per reference).
    let xRank = x._shape.count
    guard weight._shape.count == 2, xRank >= 1, x._shape[xRank &- 1] == weight._shape[1] else {
        linearShapeMismatch(x._shape, weight._shape)
    }
    let outF = weight._shape[0], inF = weight._shape[1]
    if let bRank = bias?._shape.count, bRank != 1 || bias?._shape[0] != outF {
        linearBiasMismatch(bias?._shape ?? [], weight._shape)
    }
    let rows = x.storage.count / Swift.max(inF, 1)
    // A square layer keeps the input's shape array; otherwise the new shape
    // is built directly (no copy-then-modify of the input's array).
    let outShape: [Int]
    if inF == outF {
        outShape = x._shape
    } else if xRank == 2 {
        outShape = [x._shape[0], outF]
    } else {
        outShape = Array(unsafeUninitializedCapacity: xRank) { buf, n in
            for d in 0..<(xRank &- 1) { buf[d] = x._shape[d] }
            buf[xRank &- 1] = outF
            n = xRank
        }
    }
    var out = Tensor<Scalar>(uninitializedShape: outShape)
    if let tRank = transposedWeight?._shape.count, tRank != 2 || transposedWeight?._shape[0] != inF
        || transposedWeight?._shape[1] != outF {
        linearTransposedMismatch(transposedWeight?._shape ?? [], weight._shape)
    }
    Scalar.linearKernel(x.storage.base, rows: rows, inFeatures: inF, weight: weight.storage.base,
                        transposedWeight: UnsafePointer(transposedWeight?.storage.base), outFeatures: outF,
                        bias: bias?.storage.base, activation: activation, out: out.storage.base)
    if isGradRecordingEnabled && (x.gradNode != nil || weight.gradNode != nil || bias?.gradNode != nil) {
        out.gradNode = linearGradNode(x, weight: weight, bias: bias, activation: activation, output: out,
                                      rows: rows, shape: outShape)
    }
    return out
}

extension TensorFloatingPoint {
    /// `out[rows, outF] = act(x·wᵀ + bias)`: bias rows preloaded, one gemm
    /// (gemv for one row) with beta = 1, then the activation kernel. `Float`
    /// overrides this with the fused C kernel (same bits).
    /// False: the OpenBLAS path reads the weight as stored.
    @inlinable
    public static func linearUsesTransposedWeight(rows: Int, inFeatures: Int, outFeatures: Int) -> Bool { false }

    @inlinable
    public static func transposeKernel(_ src: UnsafePointer<Self>, rows: Int, cols: Int, into dst: UnsafeMutablePointer<Self>) {
        for i in 0..<rows { for j in 0..<cols { dst[j &* rows &+ i] = src[i &* cols &+ j] } }
    }

    @inlinable
    public static func linearKernel(_ x: UnsafePointer<Self>, rows: Int, inFeatures inF: Int,
                                    weight w: UnsafePointer<Self>, transposedWeight: UnsafePointer<Self>?,
                                    outFeatures outF: Int,
                                    bias: UnsafePointer<Self>?, activation: LinearActivation,
                                    out po: UnsafeMutablePointer<Self>) {
        blasLinearKernel(x, rows: rows, inFeatures: inF, weight: w, outFeatures: outF, bias: bias,
                         activation: activation, out: po)
    }

    /// The BLAS form of `linearKernel` (also `Float`'s fallback when its
    /// small-gemm kernel declines the shape).
    @inlinable
    public static func blasLinearKernel(_ x: UnsafePointer<Self>, rows: Int, inFeatures inF: Int,
                                        weight w: UnsafePointer<Self>, outFeatures outF: Int,
                                        bias: UnsafePointer<Self>?, activation: LinearActivation,
                                        out po: UnsafeMutablePointer<Self>) {
        // Zeros rather than beta = 0 when there is no bias: some OpenBLAS
        // versions scale uninitialized memory (NaN·0 = NaN).
        if let pb = bias, outF < 16 {
            // Narrow heads (a value or two logits): element copies, not a
            // memmove call per row.
            var o = 0
            for _ in 0..<rows {
                var c = 0
                while c < outF { po[o &+ c] = pb[c]; c &+= 1 }
                o &+= outF
            }
        } else {
            for r in 0..<rows {
                if let pb = bias { (po + r &* outF).update(from: pb, count: outF) }
                else { (po + r &* outF).update(repeating: 0, count: outF) }
            }
        }
        if rows == 1 && inF > 0 && outF > 0 {
            // One input (a rollout step): gemv skips gemm's packing.
            gemv(transA: false, m: outF, n: inF, alpha: 1, a: w, lda: inF, x: x, beta: 1, y: po)
        } else if rows > 0 && inF > 0 && outF > 0 {
            gemm(transA: false, transB: true, m: rows, n: outF, k: inF, alpha: 1, a: x, lda: inF,
                 b: w, ldb: inF, beta: 1, c: po, ldc: outF)
        }
        switch activation {
        case .identity: break
        case .relu: reluKernel(po, po, count: rows &* outF)
        case .tanh: tanhKernel(po, po, count: rows &* outF)
        }
    }

    /// `gz = g ⊙ act'(y)` from the saved output `y` (skipped for identity,
    /// where `gz` is not written), and `biasGrad = Σ_rows gz` when given.
    @inlinable
    public static func activationBackwardKernel(_ g: UnsafePointer<Self>, output y: UnsafePointer<Self>,
                                                rows: Int, cols: Int, activation: LinearActivation,
                                                into gz: UnsafeMutablePointer<Self>,
                                                biasGrad: UnsafeMutablePointer<Self>?) {
        let n = rows &* cols
        switch activation {
        case .identity: break
        case .relu: reluBackwardKernel(g, y, gz, count: n)
        case .tanh: tanhBackwardKernel(g, y, gz, count: n)
        }
        if let gb = biasGrad {
            gb.update(repeating: 0, count: cols)
            columnSumsKernel(activation == .identity ? g : UnsafePointer(gz), rows: rows, cols: cols, into: gb)
        }
    }
}

@usableFromInline @inline(never)
func linearShapeMismatch(_ x: [Int], _ w: [Int]) -> Never {
    fatalError("linear: input \(x) does not match weight \(w) (expects [..., \(w.count == 2 ? w[1] : -1)])")
}

@usableFromInline @inline(never)
func linearTransposedMismatch(_ t: [Int], _ w: [Int]) -> Never {
    fatalError("linear: transposed weight \(t) does not match weight \(w) (expects [\(w[1]), \(w[0])])")
}

@usableFromInline @inline(never)
func linearBiasMismatch(_ b: [Int], _ w: [Int]) -> Never {
    fatalError("linear: bias \(b) does not match weight \(w) (expects [\(w[0])])")
}

/// From the gradient `g` at a linear layer's output `y = act(z)`: the
/// gradient at `z` (`g` itself for identity, else `g ⊙ act'(y)` in a new
/// tensor) and, when `biasShape` is given, the bias gradient `Σ_rows` of it,
/// in one pass. `y` is needed only for a non-identity activation.
@inlinable
func preActivationGradient<Scalar: TensorFloatingPoint>(_ g: Tensor<Scalar>, output y: Tensor<Scalar>?,
                                                        activation: LinearActivation, rows: Int, cols: Int,
                                                        biasShape: [Int]?) -> (Tensor<Scalar>, Tensor<Scalar>?) {
    guard biasShape != nil || activation != .identity else { return (g, nil) }
    let gz = activation == .identity ? g : Tensor<Scalar>(uninitializedShape: g._shape)
    let gb = biasShape.map { Tensor<Scalar>(uninitializedShape: $0) }
    Scalar.activationBackwardKernel(g.storage.base, output: (y ?? g).storage.base, rows: rows, cols: cols,
                                    activation: activation, into: gz.storage.base, biasGrad: gb?.storage.base)
    return (gz, gb)
}

/// The graph node of a recorded `linear` (kept out of the forward's hot path).
@inlinable @inline(never)
func linearGradNode<Scalar: TensorFloatingPoint>(_ x: Tensor<Scalar>, weight: Tensor<Scalar>, bias: Tensor<Scalar>?,
                                                 activation: LinearActivation, output: Tensor<Scalar>,
                                                 rows: Int, shape outShape: [Int]) -> GradNode<Scalar> {
    let outF = weight._shape[0], inF = weight._shape[1]
    let bNode = bias?.gradNode
    let xv = x.detached(), wv = weight.detached()
    // The output is kept only when the activation's derivative needs it
    // (its storage then stays shared, so no later op overwrites it in place).
    let yv: Tensor<Scalar>? = activation == .identity ? nil : output.detached()
    let needX = x.gradNode != nil, needW = weight.gradNode != nil, needB = bNode != nil
    let bShape = bias?.shape ?? []  // reused for the bias gradient (no array per step)
    return GradNode(op: "linear", shape: outShape, x.gradNode, weight.gradNode, third: bNode) { g in
        var gx: Tensor<Scalar>? = nil, gw: Tensor<Scalar>? = nil
        let (gz, gb) = preActivationGradient(g, output: yv, activation: activation, rows: rows, cols: outF,
                                             biasShape: needB ? bShape : nil)
        if needX {
            let t = Tensor<Scalar>(uninitializedShape: xv.shape)
            Tensor.gemm(gz.storage.base, wv.storage.base, t.storage.base, m: rows, n: inF, k: outF)
            gx = t
        }
        if needW {
            let t = Tensor<Scalar>(uninitializedShape: wv.shape)
            Tensor.gemm(gz.storage.base, xv.storage.base, t.storage.base, m: outF, n: inF, k: rows, transA: true)
            gw = t
        }
        return InputGradients(gx, gw, third: gb)
    }
}
