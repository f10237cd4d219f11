import SwiftletCore

/// Parameter initializers, PyTorch's `nn.init`, drawing from an explicit
/// generator (the values differ from PyTorch's, whose RNG is not PCG64; the
/// distributions are the same).
public enum Init {
    /// Uniform on `[−bound, bound)`: `−bound + 2·bound·u` per element, in
    /// row-major order (one 53-bit draw each).
    public static func uniform<Scalar: TensorFloatingPoint>(_ shape: [Int], bound: Double, as _: Scalar.Type = Scalar.self,
                                                            generator: inout PCG64) -> Tensor<Scalar> {
        precondition(bound >= 0 && bound.isFinite, "Init.uniform: bound \(bound) must be finite and non-negative")
        return Tensor<Scalar>.uniform(shape, low: Scalar(-bound), high: Scalar(bound), generator: &generator)
    }

    /// The fan-in of a weight shape: `shape[1]` times the receptive field
    /// (`∏ shape[2...]`), as `nn.init._calculate_fan_in_and_fan_out`.
    public static func fanIn(_ shape: [Int]) -> Int {
        precondition(shape.count >= 2, "Init.fanIn: needs at least 2 dimensions, got \(shape)")
        return shape[1] * shape.dropFirst(2).reduce(1, *)
    }

    /// `kaiming_uniform_(w, a, mode='fan_in', nonlinearity='leaky_relu')`:
    /// uniform on ±gain·√(3/fan_in) with gain √(2/(1+a²)).
    public static func kaimingUniform<Scalar: TensorFloatingPoint>(_ shape: [Int], a: Double = 0, as _: Scalar.Type = Scalar.self,
                                                                   generator: inout PCG64) -> Tensor<Scalar> {
        let fan = fanIn(shape)
        precondition(fan > 0, "Init.kaimingUniform: zero fan-in for shape \(shape)")
        let gain = (2.0 / (1.0 + a * a)).squareRoot()
        return uniform(shape, bound: gain * (3.0 / Double(fan)).squareRoot(), generator: &generator)
    }

    /// PyTorch's default `nn.Linear` initialization: weight
    /// `kaiming_uniform_(a=√5)`, i.e. U(±1/√in), then bias U(±1/√in) (zero
    /// bound when `in` is 0). The weight is drawn first.
    public static func torchLinear<Scalar: TensorFloatingPoint>(inFeatures: Int, outFeatures: Int, bias: Bool = true,
                                                                as _: Scalar.Type = Scalar.self,
                                                                generator: inout PCG64) -> (weight: Tensor<Scalar>, bias: Tensor<Scalar>?) {
        let bound = inFeatures > 0 ? 1.0 / Double(inFeatures).squareRoot() : 0
        // kaiming_uniform_(a=√5) gives gain √(1/3) and bound gain·√(3/in) = 1/√in.
        let w: Tensor<Scalar> = uniform([outFeatures, inFeatures], bound: bound, generator: &generator)
        let b: Tensor<Scalar>? = bias ? uniform([outFeatures], bound: bound, generator: &generator) : nil
        return (w, b)
    }

    /// A tensor of `value`.
    public static func constant<Scalar: TensorFloatingPoint>(_ shape: [Int], _ value: Scalar) -> Tensor<Scalar> {
        Tensor<Scalar>.full(shape, value)
    }

    /// A tensor of zeros.
    public static func zeros<Scalar: TensorFloatingPoint>(_ shape: [Int], as _: Scalar.Type = Scalar.self) -> Tensor<Scalar> {
        Tensor<Scalar>.zeros(shape)
    }

    /// `nn.init.orthogonal_(w, gain)`: the `[rows, ∏ rest]` matrix of
    /// standard normals (row-major, drawn in order) is QR-factorized (its
    /// transpose when rows < cols), Q's columns are sign-corrected so that
    /// diag(R) is positive, and the result is scaled by `gain`. So
    /// `WᵀW = gain²·I` when rows ≥ cols, `WWᵀ = gain²·I` otherwise.
    ///
    /// Computed in Double by modified Gram–Schmidt with one
    /// re-orthogonalization pass (Q with positive diag(R) is unique, so this
    /// is the same Q a sign-corrected Householder QR gives). Cost O(rows·cols²).
    public static func orthogonal<Scalar: TensorFloatingPoint>(_ shape: [Int], gain: Double = 1, as _: Scalar.Type = Scalar.self,
                                                               generator: inout PCG64) -> Tensor<Scalar> {
        precondition(shape.count >= 2, "Init.orthogonal: needs at least 2 dimensions, got \(shape)")
        let rows = shape[0]
        let cols = shape.dropFirst().reduce(1, *)
        if rows == 0 || cols == 0 { return Tensor<Scalar>.zeros(shape) }
        var a = [Double](repeating: 0, count: rows * cols)
        for i in 0..<a.count { a[i] = generator.nextNormal() }
        let transpose = rows < cols
        // Tall matrix m×n (m ≥ n), stored column by column.
        let m = transpose ? cols : rows, n = transpose ? rows : cols
        var q = [[Double]](repeating: [Double](repeating: 0, count: m), count: n)
        for r in 0..<rows {
            for c in 0..<cols {
                if transpose { q[r][c] = a[r * cols + c] } else { q[c][r] = a[r * cols + c] }
            }
        }
        for j in 0..<n {
            for _ in 0..<2 {
                for k in 0..<j {
                    var dot = 0.0
                    for i in 0..<m { dot += q[k][i] * q[j][i] }
                    for i in 0..<m { q[j][i] -= dot * q[k][i] }
                }
            }
            var norm = 0.0
            for i in 0..<m { norm += q[j][i] * q[j][i] }
            norm = norm.squareRoot()
            precondition(norm > 0, "Init.orthogonal: degenerate random matrix")
            for i in 0..<m { q[j][i] /= norm }
        }
        var out = [Scalar](repeating: 0, count: rows * cols)
        for r in 0..<rows {
            for c in 0..<cols {
                out[r * cols + c] = Scalar(gain * (transpose ? q[r][c] : q[c][r]))
            }
        }
        return Tensor<Scalar>(shape: shape, scalars: out)
    }
}
