/// Running mean and variance with Chan et al.'s parallel update, as SB3's
/// `RunningMeanStd` (initial count ε = 1e-4), in Float64. Used for
/// observation normalization and reward scaling (VecNormalize semantics:
/// one statistic shared by all envs of a vector env).
public struct RunningMeanStd: Equatable, Codable, Sendable {
    public var mean: [Double]
    public var variance: [Double]
    public var count: Double

    public init(size: Int) {
        mean = [Double](repeating: 0, count: size)
        variance = [Double](repeating: 1, count: size)
        count = 1e-4
    }

    /// Updates with a batch of `rows` rows of `mean.count` values.
    public mutating func update(batch: UnsafeBufferPointer<Float>, rows: Int) {
        let n = mean.count
        precondition(batch.count >= rows * n, "RunningMeanStd.update: \(batch.count) values for \(rows) rows of \(n)")
        guard rows > 0 else { return }
        let bc = Double(rows), tot = count + bc
        for j in 0..<n {
            var m = 0.0
            for r in 0..<rows { m += Double(batch[r * n + j]) }
            m /= bc
            var v = 0.0
            for r in 0..<rows { let d = Double(batch[r * n + j]) - m; v += d * d }
            v /= bc
            let delta = m - mean[j]
            let newMean = mean[j] + delta * bc / tot
            let m2 = variance[j] * count + v * bc + delta * delta * count * bc / tot
            mean[j] = newMean
            variance[j] = m2 / tot
        }
        count = tot
    }

    /// `clip((x − mean) / sqrt(var + eps), ±clip)` in place.
    public func normalize(_ x: UnsafeMutableBufferPointer<Float>, rows: Int, epsilon: Double = 1e-8, clip: Double = 10) {
        let n = mean.count
        for r in 0..<rows {
            for j in 0..<n {
                let v = (Double(x[r * n + j]) - mean[j]) / (variance[j] + epsilon).squareRoot()
                x[r * n + j] = Float(Swift.max(-clip, Swift.min(clip, v)))
            }
        }
    }
}
