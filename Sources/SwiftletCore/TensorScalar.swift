import CBLAS
import CSwiftletSupport
@_exported import RealModule

/// A type a tensor can store: floating-point values for computation,
/// integers for indices (`Tensor<Int32>`, `Tensor<Int>`), `Bool` for masks.
public protocol TensorElement: Equatable, Sendable {
    /// The value a fresh tensor is filled with.
    static var zeroValue: Self { get }
}

extension Float: TensorElement { @inlinable public static var zeroValue: Float { 0 } }
extension Double: TensorElement { @inlinable public static var zeroValue: Double { 0 } }
extension Int: TensorElement { @inlinable public static var zeroValue: Int { 0 } }
extension Int32: TensorElement { @inlinable public static var zeroValue: Int32 { 0 } }
extension UInt8: TensorElement { @inlinable public static var zeroValue: UInt8 { 0 } }
extension Bool: TensorElement { @inlinable public static var zeroValue: Bool { false } }

/// A floating-point element: the differentiable tensors. `Float` trains,
/// `Double` checks gradients. Each supplies its BLAS routine and the few
/// kernels worth a type-specific implementation (a vectorizable `tanh` for
/// `Float`).
public protocol TensorFloatingPoint: TensorElement, Real, BinaryFloatingPoint, CustomStringConvertible
where RawSignificand: FixedWidthInteger {
    /// `C = alpha·op(A)·op(B) + beta·C`, row-major (`cblas_?gemm`).
    static func gemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
                     alpha: Self, a: UnsafePointer<Self>, lda: Int,
                     b: UnsafePointer<Self>, ldb: Int,
                     beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)
    /// `y = alpha·op(A)·x + beta·y` with row-major `A` of `m`×`n` (`cblas_?gemv`,
    /// unit strides). The default calls `gemm`.
    static func gemv(transA: Bool, m: Int, n: Int, alpha: Self, a: UnsafePointer<Self>, lda: Int,
                     x: UnsafePointer<Self>, beta: Self, y: UnsafeMutablePointer<Self>)
    /// `dst[i] = tanh(src[i])` for `count` elements (in-place allowed).
    static func tanhKernel(_ src: UnsafePointer<Self>, _ dst: UnsafeMutablePointer<Self>, count: Int)
    /// `out[i] = a[i] + b[i]` (in-place allowed). `Float` and `Double` run
    /// the vectorized C kernels of `CSwiftletSupport`; the defaults are plain loops.
    static func addKernel(_ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, count: Int)
    /// `out[i] = a[i] - b[i]` (in-place allowed).
    static func subKernel(_ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, count: Int)
    /// `out[i] = a[i] * b[i]` (in-place allowed).
    static func mulKernel(_ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, count: Int)
    /// `out[i] = g[i]·(1 − y[i]²)`: tanh's backward from its result.
    static func tanhBackwardKernel(_ g: UnsafePointer<Self>, _ y: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, count: Int)
    /// `dst[i] = src[i] > 0 ? src[i] : 0`.
    static func reluKernel(_ src: UnsafePointer<Self>, _ dst: UnsafeMutablePointer<Self>, count: Int)
    /// `out[i] = y[i] > 0 ? g[i] : 0`: relu's backward from its result.
    static func reluBackwardKernel(_ g: UnsafePointer<Self>, _ y: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, count: Int)
    /// `dst[i] += src[i]`.
    static func accumulateKernel(_ dst: UnsafeMutablePointer<Self>, _ src: UnsafePointer<Self>, count: Int)
    /// `dst[j] += Σ_r src[r·cols + j]`, rows added in order (a bias gradient).
    static func columnSumsKernel(_ src: UnsafePointer<Self>, rows: Int, cols: Int, into dst: UnsafeMutablePointer<Self>)
    /// `out[rows, outF] = act(x·wᵀ + bias)` (the forward of `linear`).
    /// `transposedWeight`, when given, holds the weight laid out `[in, out]`.
    static func linearKernel(_ x: UnsafePointer<Self>, rows: Int, inFeatures: Int,
                             weight: UnsafePointer<Self>, transposedWeight: UnsafePointer<Self>?, outFeatures: Int,
                             bias: UnsafePointer<Self>?, activation: LinearActivation,
                             out: UnsafeMutablePointer<Self>)
    /// Whether `linearKernel` runs faster given this weight transposed for a
    /// batch of `rows` (layers may then cache one).
    static func linearUsesTransposedWeight(rows: Int, inFeatures: Int, outFeatures: Int) -> Bool
    /// `dst[cols, rows] = srcᵀ` for a row-major `src [rows, cols]`.
    static func transposeKernel(_ src: UnsafePointer<Self>, rows: Int, cols: Int, into dst: UnsafeMutablePointer<Self>)
    /// `gz = g ⊙ act'(y)` and `biasGrad = Σ_rows gz` (the backward of `linear`'s activation).
    static func activationBackwardKernel(_ g: UnsafePointer<Self>, output y: UnsafePointer<Self>,
                                         rows: Int, cols: Int, activation: LinearActivation,
                                         into gz: UnsafeMutablePointer<Self>,
                                         biasGrad: UnsafeMutablePointer<Self>?)
    /// `gx = (gz·w) ⊙ act'(y)` and `biasGrad = Σ_rows gx` when given: the
    /// input gradient of a linear layer (`gz [rows, outF]`, `w [outF, inF]`)
    /// fused with the activation backward of the layer below it, whose saved
    /// output is `y [rows, inF]`. Bitwise equal to the gemm followed by
    /// `activationBackwardKernel`.
    static func linearInputGradientKernel(_ gz: UnsafePointer<Self>, rows: Int, outFeatures: Int,
                                          weight: UnsafePointer<Self>, inFeatures: Int,
                                          output y: UnsafePointer<Self>, activation: LinearActivation,
                                          into gx: UnsafeMutablePointer<Self>,
                                          biasGrad: UnsafeMutablePointer<Self>?)
    /// `dst[i] = exp(src[i])` (in place allowed).
    static func expKernel(_ src: UnsafePointer<Self>, _ dst: UnsafeMutablePointer<Self>, count: Int)
    /// `dst[i] = log(src[i])` (in place allowed).
    static func logKernel(_ src: UnsafePointer<Self>, _ dst: UnsafeMutablePointer<Self>, count: Int)
    /// Log-softmax of `rows` rows of two (and its backward), bitwise equal to
    /// the generic row loops; false (nothing written) where there is no such kernel.
    static func logSoftmaxPairsKernel(_ src: UnsafePointer<Self>, _ dst: UnsafeMutablePointer<Self>, rows: Int) -> Bool
    static func logSoftmaxPairsBackwardKernel(output y: UnsafePointer<Self>, gradient g: UnsafePointer<Self>,
                                              into out: UnsafeMutablePointer<Self>, rows: Int) -> Bool
    /// Converts from `Double` (for fixtures and generators).
    init(_ value: Double)
}

extension TensorFloatingPoint {
    @inlinable
    public static func gemv(transA: Bool, m: Int, n: Int, alpha: Self, a: UnsafePointer<Self>, lda: Int,
                            x: UnsafePointer<Self>, beta: Self, y: UnsafeMutablePointer<Self>) {
        // y as a column: op(A)[rows×cols] · x[cols×1].
        let rows = transA ? n : m, cols = transA ? m : n
        gemm(transA: transA, transB: false, m: rows, n: 1, k: cols, alpha: alpha, a: a, lda: lda,
             b: x, ldb: 1, beta: beta, c: y, ldc: 1)
    }
    @inlinable
    public static func addKernel(_ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, count: Int) {
        var i = 0
        while i < count { out[i] = a[i] + b[i]; i &+= 1 }
    }
    @inlinable
    public static func subKernel(_ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, count: Int) {
        var i = 0
        while i < count { out[i] = a[i] - b[i]; i &+= 1 }
    }
    @inlinable
    public static func mulKernel(_ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, count: Int) {
        var i = 0
        while i < count { out[i] = a[i] * b[i]; i &+= 1 }
    }
    @inlinable
    public static func tanhBackwardKernel(_ g: UnsafePointer<Self>, _ y: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, count: Int) {
        var i = 0
        while i < count { out[i] = g[i] * (1 - y[i] * y[i]); i &+= 1 }
    }
    @inlinable
    public static func reluKernel(_ src: UnsafePointer<Self>, _ dst: UnsafeMutablePointer<Self>, count: Int) {
        var i = 0
        while i < count { let x = src[i]; dst[i] = x > 0 ? x : 0; i &+= 1 }
    }
    @inlinable
    public static func reluBackwardKernel(_ g: UnsafePointer<Self>, _ y: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, count: Int) {
        var i = 0
        while i < count { out[i] = y[i] > 0 ? g[i] : 0; i &+= 1 }
    }
    @inlinable
    public static func accumulateKernel(_ dst: UnsafeMutablePointer<Self>, _ src: UnsafePointer<Self>, count: Int) {
        var i = 0
        while i < count { dst[i] += src[i]; i &+= 1 }
    }
    @inlinable
    public static func expKernel(_ src: UnsafePointer<Self>, _ dst: UnsafeMutablePointer<Self>, count: Int) {
        var i = 0
        while i < count { dst[i] = Self.exp(src[i]); i &+= 1 }
    }
    @inlinable
    public static func logKernel(_ src: UnsafePointer<Self>, _ dst: UnsafeMutablePointer<Self>, count: Int) {
        var i = 0
        while i < count { dst[i] = Self.log(src[i]); i &+= 1 }
    }
    @inlinable
    public static func logSoftmaxPairsKernel(_ src: UnsafePointer<Self>, _ dst: UnsafeMutablePointer<Self>, rows: Int) -> Bool {
        false
    }
    @inlinable
    public static func logSoftmaxPairsBackwardKernel(output y: UnsafePointer<Self>, gradient g: UnsafePointer<Self>,
                                                     into out: UnsafeMutablePointer<Self>, rows: Int) -> Bool {
        false
    }
    @inlinable
    public static func columnSumsKernel(_ src: UnsafePointer<Self>, rows: Int, cols: Int, into dst: UnsafeMutablePointer<Self>) {
        for r in 0..<rows {
            let row = src + r &* cols
            var j = 0
            while j < cols { dst[j] += row[j]; j &+= 1 }
        }
    }
}

extension TensorFloatingPoint {
    @inlinable
    public static func linearInputGradientKernel(_ gz: UnsafePointer<Self>, rows: Int, outFeatures: Int,
                                                 weight: UnsafePointer<Self>, inFeatures: Int,
                                                 output y: UnsafePointer<Self>, activation: LinearActivation,
                                                 into gx: UnsafeMutablePointer<Self>,
                                                 biasGrad: UnsafeMutablePointer<Self>?) {
        genericLinearInputGradient(gz, rows: rows, outFeatures: outFeatures, weight: weight, inFeatures: inFeatures,
                                   output: y, activation: activation, into: gx, biasGrad: biasGrad)
    }

    /// The unfused form of `linearInputGradientKernel` (gemm, then the activation pass in place).
    @inlinable
    public static func genericLinearInputGradient(_ gz: UnsafePointer<Self>, rows: Int, outFeatures: Int,
                                                  weight: UnsafePointer<Self>, inFeatures: Int,
                                                  output y: UnsafePointer<Self>, activation: LinearActivation,
                                                  into gx: UnsafeMutablePointer<Self>,
                                                  biasGrad: UnsafeMutablePointer<Self>?) {
        gemm(transA: false, transB: false, m: rows, n: inFeatures, k: outFeatures, alpha: 1, a: gz, lda: outFeatures,
             b: weight, ldb: inFeatures, beta: 0, c: gx, ldc: inFeatures)
        activationBackwardKernel(UnsafePointer(gx), output: y, rows: rows, cols: inFeatures, activation: activation,
                                 into: gx, biasGrad: biasGrad)
    }
}

extension Float: TensorFloatingPoint {
    @inlinable
    public static func linearInputGradientKernel(_ gz: UnsafePointer<Float>, rows: Int, outFeatures: Int,
                                                 weight: UnsafePointer<Float>, inFeatures: Int,
                                                 output y: UnsafePointer<Float>, activation: LinearActivation,
                                                 into gx: UnsafeMutablePointer<Float>,
                                                 biasGrad: UnsafeMutablePointer<Float>?) {
        if swiftlet_try_linear_input_grad_small_f32(gz, rows, outFeatures, weight, inFeatures, y, activation.rawValue,
                                                gx, biasGrad) == 0 {
            genericLinearInputGradient(gz, rows: rows, outFeatures: outFeatures, weight: weight,
                                       inFeatures: inFeatures, output: y, activation: activation,
                                       into: gx, biasGrad: biasGrad)
        }
    }

    @inlinable
    public static func gemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
                            alpha: Float, a: UnsafePointer<Float>, lda: Int,
                            b: UnsafePointer<Float>, ldb: Int,
                            beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        if alpha == 1 {
            swiftlet_sgemm(transA ? 1 : 0, transB ? 1 : 0, m, n, k, a, lda, b, ldb, beta, c, ldc)
        } else {
            cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                        Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
        }
    }

    @inlinable
    public static func gemv(transA: Bool, m: Int, n: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
                            x: UnsafePointer<Float>, beta: Float, y: UnsafeMutablePointer<Float>) {
        cblas_sgemv(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, Int32(m), Int32(n), alpha, a, Int32(lda),
                    x, 1, beta, y, 1)
    }

    /// A rational minimax approximation (Eigen's `generic_fast_tanh_float`),
    /// within a few ulp of `tanhf` and free of branches, so the loop
    /// vectorizes: ~0.3 ns per element instead of ~10 ns for libm.
    /// Runs `swiftlet_tanh_f32` (the same formula in C, vectorized for the
    /// running CPU, bitwise equal to `fastTanh`).
    @inlinable
    public static func tanhKernel(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, count: Int) {
        swiftlet_tanh_f32(src, dst, count)
    }
    @inlinable
    public static func addKernel(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int) {
        swiftlet_add_f32(a, b, out, count)
    }
    @inlinable
    public static func subKernel(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int) {
        swiftlet_sub_f32(a, b, out, count)
    }
    @inlinable
    public static func mulKernel(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int) {
        swiftlet_mul_f32(a, b, out, count)
    }
    @inlinable
    public static func tanhBackwardKernel(_ g: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int) {
        swiftlet_tanh_backward_f32(g, y, out, count)
    }
    @inlinable
    public static func reluKernel(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, count: Int) {
        swiftlet_relu_f32(src, dst, count)
    }
    @inlinable
    public static func reluBackwardKernel(_ g: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int) {
        swiftlet_relu_backward_f32(g, y, out, count)
    }
    @inlinable
    public static func accumulateKernel(_ dst: UnsafeMutablePointer<Float>, _ src: UnsafePointer<Float>, count: Int) {
        swiftlet_accumulate_f32(dst, src, count)
    }
    @inlinable
    public static func columnSumsKernel(_ src: UnsafePointer<Float>, rows: Int, cols: Int, into dst: UnsafeMutablePointer<Float>) {
        swiftlet_column_sums_f32(src, rows, cols, dst)
    }

    @inlinable
    public static func linearKernel(_ x: UnsafePointer<Float>, rows: Int, inFeatures inF: Int,
                                    weight w: UnsafePointer<Float>, transposedWeight wT: UnsafePointer<Float>?,
                                    outFeatures outF: Int,
                                    bias: UnsafePointer<Float>?, activation: LinearActivation,
                                    out: UnsafeMutablePointer<Float>) {
        if swiftlet_try_linear_small_f32(x, rows, inF, w, wT, outF, bias, activation.rawValue, out) == 0 {
            blasLinearKernel(x, rows: rows, inFeatures: inF, weight: w, outFeatures: outF, bias: bias,
                             activation: activation, out: out)
        }
    }

    /// True on AVX-512 cores, where small layers run Swiftlet's own gemm,
    /// which reads the weight as `[in, out]`; false for a weight over 2¹⁴
    /// elements at a batch of 16 up to its output width, which is multiplied
    /// the other way round without a transposed copy.
    @inlinable
    public static func linearUsesTransposedWeight(rows: Int, inFeatures: Int, outFeatures: Int) -> Bool {
        swiftlet_linear_caches_transposed_weight(rows, inFeatures, outFeatures) != 0
    }

    /// 16 lanes through glibc's libmvec on AVX-512 cores (≤ 4 ulp), libm elsewhere.
    @inlinable
    public static func expKernel(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, count: Int) {
        swiftlet_exp_f32(src, dst, count)
    }
    @inlinable
    public static func logKernel(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, count: Int) {
        swiftlet_log_f32(src, dst, count)
    }
    @inlinable
    public static func logSoftmaxPairsKernel(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, rows: Int) -> Bool {
        swiftlet_try_log_softmax_pairs_f32(src, dst, rows) != 0
    }
    @inlinable
    public static func logSoftmaxPairsBackwardKernel(output y: UnsafePointer<Float>, gradient g: UnsafePointer<Float>,
                                                     into out: UnsafeMutablePointer<Float>, rows: Int) -> Bool {
        swiftlet_try_log_softmax_pairs_backward_f32(y, g, out, rows) != 0
    }

    @inlinable
    public static func transposeKernel(_ src: UnsafePointer<Float>, rows: Int, cols: Int, into dst: UnsafeMutablePointer<Float>) {
        swiftlet_transpose_f32(src, rows, cols, dst)
    }

    @inlinable
    public static func activationBackwardKernel(_ g: UnsafePointer<Float>, output y: UnsafePointer<Float>,
                                                rows: Int, cols: Int, activation: LinearActivation,
                                                into gz: UnsafeMutablePointer<Float>,
                                                biasGrad: UnsafeMutablePointer<Float>?) {
        if activation == .identity && biasGrad == nil { return }
        swiftlet_activation_backward_f32(g, y, rows, cols, activation.rawValue,
                                         activation == .identity ? UnsafeMutablePointer(mutating: g) : gz, biasGrad)
    }

    @inlinable @inline(__always)
    static func fastTanh(_ v: Float) -> Float {
        let bound: Float = 7.90531110763549805
        let x = Swift.min(Swift.max(v, -bound), bound)
        let x2 = x * x
        var p: Float = -2.76076847742355e-16
        p = Float(2.00018790482477e-13).addingProduct(p, x2)
        p = Float(-8.60467152213735e-11).addingProduct(p, x2)
        p = Float(5.12229709037114e-08).addingProduct(p, x2)
        p = Float(1.48572235717979e-05).addingProduct(p, x2)
        p = Float(6.37261928875436e-04).addingProduct(p, x2)
        p = Float(4.89352455891786e-03).addingProduct(p, x2)
        p = p * x
        var q: Float = 1.19825839466702e-06
        q = Float(1.18534705686654e-04).addingProduct(q, x2)
        q = Float(2.26843463243900e-03).addingProduct(q, x2)
        q = Float(4.89352518554385e-03).addingProduct(q, x2)
        let r = p / q
        // Below 4e-4 tanh(x) rounds to x in float32.
        return abs(v) < 0.0004 ? v : r
    }
}

extension Double: TensorFloatingPoint {
    @inlinable
    public static func gemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
                            alpha: Double, a: UnsafePointer<Double>, lda: Int,
                            b: UnsafePointer<Double>, ldb: Int,
                            beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int) {
        cblas_dgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    @inlinable
    public static func gemv(transA: Bool, m: Int, n: Int, alpha: Double, a: UnsafePointer<Double>, lda: Int,
                            x: UnsafePointer<Double>, beta: Double, y: UnsafeMutablePointer<Double>) {
        cblas_dgemv(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, Int32(m), Int32(n), alpha, a, Int32(lda),
                    x, 1, beta, y, 1)
    }

    @inlinable
    public static func tanhKernel(_ src: UnsafePointer<Double>, _ dst: UnsafeMutablePointer<Double>, count: Int) {
        var i = 0
        while i < count {
            dst[i] = Double.tanh(src[i])
            i &+= 1
        }
    }
    @inlinable
    public static func addKernel(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, count: Int) {
        swiftlet_add_f64(a, b, out, count)
    }
    @inlinable
    public static func subKernel(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, count: Int) {
        swiftlet_sub_f64(a, b, out, count)
    }
    @inlinable
    public static func mulKernel(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, count: Int) {
        swiftlet_mul_f64(a, b, out, count)
    }
    @inlinable
    public static func tanhBackwardKernel(_ g: UnsafePointer<Double>, _ y: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, count: Int) {
        swiftlet_tanh_backward_f64(g, y, out, count)
    }
    @inlinable
    public static func reluKernel(_ src: UnsafePointer<Double>, _ dst: UnsafeMutablePointer<Double>, count: Int) {
        swiftlet_relu_f64(src, dst, count)
    }
    @inlinable
    public static func reluBackwardKernel(_ g: UnsafePointer<Double>, _ y: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, count: Int) {
        swiftlet_relu_backward_f64(g, y, out, count)
    }
    @inlinable
    public static func accumulateKernel(_ dst: UnsafeMutablePointer<Double>, _ src: UnsafePointer<Double>, count: Int) {
        swiftlet_accumulate_f64(dst, src, count)
    }
    @inlinable
    public static func columnSumsKernel(_ src: UnsafePointer<Double>, rows: Int, cols: Int, into dst: UnsafeMutablePointer<Double>) {
        swiftlet_column_sums_f64(src, rows, cols, dst)
    }
}

/// Sets the number of threads OpenBLAS uses (1 is the predictable choice
/// when environments keep the other cores busy).
public func setBLASThreads(_ n: Int) {
    openblas_set_num_threads(Int32(n))
}

/// The OpenBLAS kernel family in use, e.g. "SkylakeX" (see
/// `ProcessSettings.selectBLASKernels()` for why Swiftlet may pick it).
public var blasCoreName: String { String(cString: swiftlet_blas_core_name()) }
