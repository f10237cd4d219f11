import SwiftletCore
import Testing
import TestSupport

/// Float32 matrix products (Swiftlet's unpacked AVX-512 kernel for small
/// shapes, OpenBLAS otherwise) against products computed independently in
/// Float64, over shapes that hit every tile edge: rows not a multiple of the
/// 6-row tile, columns not a multiple of 16, tiny and long inner dimensions.
@Suite("Float32 gemm paths against a Float64 reference")
struct SmallGemmTests {
    static let shapes: [(m: Int, k: Int, n: Int)] = [
        (1, 4, 64), (2, 3, 16), (5, 7, 17), (6, 64, 64), (7, 1, 33), (13, 33, 50), (8, 64, 64),
        (256, 64, 64), (256, 4, 64), (64, 256, 256), (100, 70, 130), (3, 200, 1), (256, 64, 2), (31, 17, 95),
    ]

    /// `a[m,k]·b[k,n]` in Float64 from the Float32 values, and Σ|a||b| per entry (the error scale).
    static func reference(_ a: [Float], _ b: [Float], m: Int, k: Int, n: Int) -> (value: [Double], scale: [Double]) {
        var v = [Double](repeating: 0, count: m * n), s = v
        for i in 0..<m { for j in 0..<n { for p in 0..<k {
            let x = Double(a[i * k + p]) * Double(b[p * n + j])
            v[i * n + j] += x
            s[i * n + j] += abs(x)
        } } }
        return (v, s)
    }

    static func expectClose(_ got: [Float], _ want: (value: [Double], scale: [Double]), _ what: String) {
        #expect(got.count == want.value.count, "\(what): count")
        var worst = 0.0
        for i in got.indices {
            let err = abs(Double(got[i]) - want.value[i]) / (want.scale[i] + 1e-30)
            worst = max(worst, err)
        }
        // A float32 dot product of length k has relative error ≲ k·2⁻²⁴ of Σ|aᵢbᵢ|.
        #expect(worst < 2e-5, "\(what): worst relative error \(worst)")
    }

    static func transpose(_ a: [Float], rows: Int, cols: Int) -> [Float] {
        var t = [Float](repeating: 0, count: a.count)
        for i in 0..<rows { for j in 0..<cols { t[j * rows + i] = a[i * cols + j] } }
        return t
    }

    @Test(arguments: shapes.indices)
    func matmulLinearAndTheirGradientsMatchFloat64(_ s: Int) {
        let (m, k, n) = Self.shapes[s]
        var g = PCG64(seed: UInt64(100 + s))
        let a = Tensor<Float>.uniform([m, k], low: -1, high: 1, generator: &g)
        let b = Tensor<Float>.uniform([k, n], low: -1, high: 1, generator: &g)
        let w = Tensor<Float>.uniform([n, k], low: -1, high: 1, generator: &g)
        let bias = Tensor<Float>.uniform([n], low: -1, high: 1, generator: &g)
        let r = Tensor<Float>.uniform([m, n], low: -1, high: 1, generator: &g)

        // Forward: a·b (both operands plain) and a·wᵀ + bias (the weight transposed).
        Self.expectClose(a.matmul(b).scalars, Self.reference(a.scalars, b.scalars, m: m, k: k, n: n), "matmul \(m)x\(k)x\(n)")
        let wT = Self.transpose(w.scalars, rows: n, cols: k)
        var lin = Self.reference(a.scalars, wT, m: m, k: k, n: n)
        for i in 0..<m { for j in 0..<n {
            lin.value[i * n + j] += Double(bias.scalars[j]); lin.scale[i * n + j] += abs(Double(bias.scalars[j]))
        } }
        Self.expectClose(linear(a, weight: w, bias: bias).scalars, lin, "linear \(m)x\(k)x\(n)")

        // Backward of Σ r ⊙ (x·wᵀ + b): gx = r·w, gw = rᵀ·x, gb = Σ_rows r.
        let x = a.requiringGrad(), wp = w.requiringGrad(), bp = bias.requiringGrad()
        (linear(x, weight: wp, bias: bp) * r).sum().backward()
        Self.expectClose(x.grad!.scalars, Self.reference(r.scalars, w.scalars, m: m, k: n, n: k), "linear dx \(m)x\(k)x\(n)")
        Self.expectClose(wp.grad!.scalars,
                         Self.reference(Self.transpose(r.scalars, rows: m, cols: n), a.scalars, m: n, k: m, n: k),
                         "linear dw \(m)x\(k)x\(n)")
        let ones = [Float](repeating: 1, count: m)
        Self.expectClose(bp.grad!.scalars, Self.reference(ones, r.scalars, m: 1, k: m, n: n), "linear db \(m)x\(k)x\(n)")
    }

    @Test(arguments: [LinearActivation.tanh, .relu])
    func fusedActivationEqualsSeparateOpsBitForBit(_ act: LinearActivation) {
        for (s, shape) in Self.shapes.enumerated() {
            let (m, k, n) = shape
            var g = PCG64(seed: UInt64(500 + s))
            let x0 = Tensor<Float>.uniform([m, k], low: -2, high: 2, generator: &g)
            let w0 = Tensor<Float>.uniform([n, k], low: -1, high: 1, generator: &g)
            let b0 = Tensor<Float>.uniform([n], low: -1, high: 1, generator: &g)
            let r = Tensor<Float>.uniform([m, n], low: -1, high: 1, generator: &g)

            let x1 = x0.requiringGrad(), w1 = w0.requiringGrad(), b1 = b0.requiringGrad()
            let fused = linear(x1, weight: w1, bias: b1, activation: act)
            (fused * r).sum().backward()

            let x2 = x0.requiringGrad(), w2 = w0.requiringGrad(), b2 = b0.requiringGrad()
            let pre = linear(x2, weight: w2, bias: b2)
            let separate = act == .tanh ? pre.tanh() : pre.relu()
            (separate * r).sum().backward()

            #expect(fused.scalars == separate.scalars, "\(act) forward \(shape)")
            #expect(x1.grad!.scalars == x2.grad!.scalars, "\(act) dx \(shape)")
            #expect(w1.grad!.scalars == w2.grad!.scalars, "\(act) dw \(shape)")
            #expect(b1.grad!.scalars == b2.grad!.scalars, "\(act) db \(shape)")
        }
    }

    /// Big weights at smaller batches (DQN's 256×256 layer at batch 64) are
    /// multiplied as outᵀ = w·xᵀ, without a transposed weight: bit for bit the
    /// product given the weight transposed (each output the same FMA chain),
    /// with bias and every activation, ragged edges included.
    @Test(arguments: [(64, 256, 256), (17, 130, 200), (16, 129, 257), (100, 300, 120)])
    func bigWeightProductEqualsTransposedWeightPathBitForBit(_ shape: (Int, Int, Int)) {
        let (m, k, n) = shape
        var g = PCG64(seed: UInt64(m * k + n))
        let x = Tensor<Float>.uniform([m, k], low: -2, high: 2, generator: &g)
        let w = Tensor<Float>.uniform([n, k], low: -1, high: 1, generator: &g)
        let b = Tensor<Float>.uniform([n], low: -1, high: 1, generator: &g)
        let wT = Tensor<Float>(shape: [k, n], scalars: Self.transpose(w.scalars, rows: n, cols: k))
        for act in [LinearActivation.identity, .relu, .tanh] {
            for bias in [b, nil] {
                let direct = linear(x, weight: w, bias: bias, activation: act)
                let viaTransposed = linear(x, weight: w, bias: bias, activation: act, transposedWeight: wT)
                #expect(direct.scalars.map(\.bitPattern) == viaTransposed.scalars.map(\.bitPattern),
                        "\(shape) \(act) bias \(bias != nil)")
            }
        }
        // And against Float64 (so both paths cannot be wrong together).
        var lin = Self.reference(x.scalars, wT.scalars, m: m, k: k, n: n)
        for i in 0..<m { for j in 0..<n {
            lin.value[i * n + j] += Double(b.scalars[j]); lin.scale[i * n + j] += abs(Double(b.scalars[j]))
        } }
        Self.expectClose(linear(x, weight: w, bias: b).scalars, lin, "big-weight linear \(shape)")
    }

    @Test func fusedTanhStaysWithinFloatPrecisionOfTanh() {
        // Inputs spanning the clamp (|x| > 7.9), the tiny-argument branch and zero.
        var values: [Float] = [0, -0.0, 1e-5, -3e-4, 0.0004, 0.5, -1, 3, -7.9, 8, 20, -40]
        var g = PCG64(seed: 9)
        values += Tensor<Float>.uniform([500], low: -6, high: 6, generator: &g).scalars
        let x = Tensor<Float>(shape: [values.count, 1], scalars: values)
        let y = linear(x, weight: Tensor<Float>(shape: [1, 1], scalars: [1]), bias: nil, activation: .tanh).scalars
        let ref = values.map { Double.tanh(Double($0)) }
        for i in values.indices {
            #expect(abs(Double(y[i]) - ref[i]) <= 4e-7 * max(abs(ref[i]), 1e-3), "tanh(\(values[i])) = \(y[i]), want \(ref[i])")
        }
    }
}

/// Float32 exp and log (libmvec's 16-lane functions on AVX-512 cores, libm
/// elsewhere) against Float64 results, on ragged lengths and special values.
@Suite("Float32 exp and log kernels")
struct TranscendentalKernelTests {
    static func ulpDistance(_ a: Float, _ b: Double) -> Double {
        let r = Float(b)
        if a == r { return 0 }
        return abs(Double(a) - b) / Double(r.ulp)
    }

    @Test(arguments: [1, 15, 16, 17, 100, 257])
    func expAndLogAreWithinFourUlpOfFloat64(_ n: Int) {
        var g = PCG64(seed: UInt64(n))
        let x = Tensor<Float>.uniform([n], low: -80, high: 80, generator: &g)
        let e = x.exp().scalars
        for i in 0..<n { #expect(Self.ulpDistance(e[i], Double.exp(Double(x.scalars[i]))) <= 4, "exp(\(x.scalars[i]))") }
        let p = Tensor<Float>.uniform([n], low: 1e-6, high: 1e6, generator: &g)
        let l = p.log().scalars
        for i in 0..<n { #expect(Self.ulpDistance(l[i], Double.log(Double(p.scalars[i]))) <= 4, "log(\(p.scalars[i]))") }
    }

    @Test func specialValues() {
        let x = Tensor<Float>([0, -0.0, .infinity, -.infinity, .nan, 89, -104, 1e-30])
        let e = x.exp().scalars
        #expect(e[0] == 1 && e[1] == 1 && e[2] == .infinity && e[3] == 0 && e[4].isNaN && e[5] == .infinity && e[6] == 0)
        #expect(e[7] == 1)
        let l = Tensor<Float>([1, 0, .infinity, -1, .nan, Float.leastNormalMagnitude]).log().scalars
        #expect(l[0] == 0 && l[1] == -.infinity && l[2] == .infinity && l[3].isNaN && l[4].isNaN)
        #expect(abs(Double(l[5]) - Double.log(Double(Float.leastNormalMagnitude))) < 1e-4)
    }

    @Test func logSoftmaxRowsMatchFloat64() {
        var g = PCG64(seed: 7)
        for (rows, cols) in [(1, 2), (256, 2), (17, 5), (3, 40)] {
            let x = Tensor<Float>.uniform([rows, cols], low: -30, high: 30, generator: &g)
            let y = x.logSoftmax(dim: 1).scalars
            for r in 0..<rows {
                let row = (0..<cols).map { Double(x.scalars[r * cols + $0]) }
                let m = row.max()!
                let lse = m + Double.log(row.reduce(0) { $0 + Double.exp($1 - m) })
                for c in 0..<cols {
                    #expect(abs(Double(y[r * cols + c]) - (row[c] - lse)) <= 1e-5 * max(1, abs(row[c] - lse)))
                }
            }
        }
    }
}
