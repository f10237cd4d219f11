#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Gymnasium's `RunningMeanStd` (parallel-variance merge of batch moments),
/// starting from mean 0, variance 1, count 1e-4.
///
/// `precision` selects the arithmetic Gymnasium uses: `.float32` for
/// `NormalizeObservation` (its statistics have the observation dtype, and
/// the float64 `count` is rounded to float32 in each operation, as NumPy 2
/// does) and `.float64` for `NormalizeReward`. Codable, so statistics can be
/// saved with a checkpoint and restored for evaluation.
///
/// ```swift
/// var rms = RunningMeanStd(size: 4, precision: .float32)
/// rms.update(observation)            // one sample
/// let z = rms.normalize(observation[0], at: 0, epsilon: 1e-8)
/// ```
public struct RunningMeanStd: Codable, Equatable, Sendable {
    public enum Precision: String, Codable, Sendable { case float32, float64 }
    public var mean: [Double]
    public var variance: [Double]
    public var count: Double
    public let precision: Precision

    public init(size: Int, precision: Precision = .float64, epsilon: Double = 1e-4) {
        mean = [Double](repeating: 0, count: size)
        variance = [Double](repeating: 1, count: size)
        count = epsilon
        self.precision = precision
    }

    /// Folds in one sample (`update(np.array([x]))`: batch mean x, variance 0, count 1).
    public mutating func update(_ x: UnsafeBufferPointer<Float>) {
        precondition(x.count == mean.count, "RunningMeanStd.update: sample has \(x.count) values, statistics \(mean.count)")
        let tot = count + 1
        mean.withUnsafeMutableBufferPointer { m in
            variance.withUnsafeMutableBufferPointer { v in
                if precision == .float32 {
                    let c32 = Float(count), t32 = Float(tot)
                    for i in 0..<x.count {
                        let mi = Float(m[i]), vi = Float(v[i])
                        let delta = x[i] - mi
                        let newMean = mi + delta * 1 / t32
                        let mA = vi * c32
                        let mB: Float = 0
                        let m2 = mA + mB + delta * delta * c32 * 1 / t32
                        m[i] = Double(newMean)
                        v[i] = Double(m2 / t32)
                    }
                } else {
                    for i in 0..<x.count {
                        let delta = Double(x[i]) - m[i]
                        m[i] = m[i] + delta * 1 / tot
                        let m2 = v[i] * count + 0 + delta * delta * count * 1 / tot
                        v[i] = m2 / tot
                    }
                }
            }
        }
        count = tot
    }

    /// Folds in one scalar sample (float64), as `NormalizeReward` does.
    public mutating func update(scalar x: Double) {
        precondition(mean.count == 1, "RunningMeanStd.update(scalar:) on statistics of size \(mean.count)")
        let tot = count + 1
        let delta = x - mean[0]
        mean[0] = mean[0] + delta * 1 / tot
        let m2 = variance[0] * count + 0 + delta * delta * count * 1 / tot
        variance[0] = m2 / tot
        count = tot
    }

    /// Folds in a batch of `rows` samples stored row-major (`update(x)` with
    /// x of shape [rows, size]), in float64.
    public mutating func update(batch x: UnsafeBufferPointer<Float>, rows: Int) {
        let d = mean.count
        precondition(x.count == rows * d && rows > 0, "RunningMeanStd.update(batch:): \(x.count) values are not \(rows) rows of \(d)")
        let n = Double(rows)
        let tot = count + n
        for j in 0..<d {
            var s = 0.0
            for r in 0..<rows { s += Double(x[r &* d &+ j]) }
            let bm = s / n
            var sq = 0.0
            for r in 0..<rows { let e = Double(x[r &* d &+ j]) - bm; sq += e * e }
            let bv = sq / n
            let delta = bm - mean[j]
            mean[j] = mean[j] + delta * n / tot
            let m2 = variance[j] * count + bv * n + delta * delta * count * n / tot
            variance[j] = m2 / tot
        }
        count = tot
    }

    /// `(x - mean) / sqrt(var + epsilon)` for element `i`, in the statistics' precision.
    @inlinable
    public func normalize(_ x: Float, at i: Int, epsilon: Double) -> Float {
        if precision == .float32 {
            return (x - Float(mean[i])) / (Float(variance[i]) + Float(epsilon)).squareRoot()
        }
        return Float((Double(x) - mean[i]) / (variance[i] + epsilon).squareRoot())
    }

    /// `clip((x − mean) / sqrt(var + epsilon), ±clip)` in place over `rows`
    /// row-major samples, in float64 (SB3's `VecNormalize`, used by the agents).
    public func normalize(_ x: UnsafeMutableBufferPointer<Float>, rows: Int, epsilon: Double = 1e-8, clip: Double = 10) {
        let d = mean.count
        precondition(x.count >= rows * d, "RunningMeanStd.normalize: \(x.count) values for \(rows) rows of \(d)")
        for r in 0..<rows {
            for j in 0..<d {
                let v = (Double(x[r &* d &+ j]) - mean[j]) / (variance[j] + epsilon).squareRoot()
                x[r &* d &+ j] = Float(Swift.max(-clip, Swift.min(clip, v)))
            }
        }
    }
}
