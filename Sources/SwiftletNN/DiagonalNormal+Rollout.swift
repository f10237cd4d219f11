import Foundation
import SwiftletCore

/// Fast paths for on-policy algorithms with a state-independent log standard
/// deviation (SB3's `DiagGaussianDistribution`): sampling a rollout's actions
/// without a graph, and an update's log-probabilities and entropies. They
/// compute the same distribution as `DiagonalNormal(mean:logStd:)`.
extension DiagonalNormal where Scalar == Float {
    /// Draws `mean + exp(logStd)·z` for each row of `mean` `[B, d]` (`logStd`
    /// `[d]`, z standard normal from `generator`), in Double; writes the
    /// actions and their log-probabilities (summed over dimensions).
    public static func sample(mean: Tensor<Float>, logStd: Tensor<Float>, generator: inout PCG64,
                              actions: inout [Float], logProbs: inout [Float]) {
        let n = mean.shape[0], k = mean.shape[1]
        precondition(logStd.shape == [k], "DiagonalNormal.sample(mean:logStd:): logStd \(logStd.shape), expected [\(k)]")
        let ls = logStd.scalars
        let halfLog2Pi = 0.5 * Foundation.log(2 * Double.pi)
        mean.withUnsafeBufferPointer { p in
            for i in 0..<n {
                var lp = 0.0
                for j in 0..<k {
                    let z = generator.nextNormal()
                    let a = Float(Double(p[i * k + j]) + Foundation.exp(Double(ls[j])) * z)
                    actions[i * k + j] = a
                    let zz = (Double(a) - Double(p[i * k + j])) / Foundation.exp(Double(ls[j]))
                    lp += -0.5 * zz * zz - Double(ls[j]) - halfLog2Pi
                }
                logProbs[i] = Float(lp)
            }
        }
    }

    /// Log-probabilities `[B]` of `actions` (`B × d` values) and entropies `[B]`
    /// under means `[B, d]` and `logStd` `[d]`, differentiable in both.
    public static func logProbAndEntropy(mean out: Tensor<Float>, logStd ls: Tensor<Float>, actions: [Float])
        -> (logProb: Tensor<Float>, entropy: Tensor<Float>) {
        let b = out.shape[0], k = out.shape[1]
        let a = Tensor<Float>(shape: [b, k], scalars: actions)
        let halfLog2Pi = Float(0.5 * Double.log(2 * Double.pi))
        let zz = (a - out) * (-ls).exp()
        let logProb = (zz * zz * Float(-0.5) - ls - halfLog2Pi).sum(dim: 1)
        let entropy = ((ls + (0.5 + halfLog2Pi)).sum() * Tensor<Float>.ones([b]))
        return (logProb, entropy)
    }
}
