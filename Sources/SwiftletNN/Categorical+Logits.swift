import Foundation
import SwiftletCore

/// Fast paths on raw (unnormalized) logits `[B, n]` for on-policy algorithms:
/// sampling a rollout's actions without building a distribution, and the
/// log-probabilities and entropies of an update in few recorded ops. They
/// compute the same distribution as `Categorical(logits:)`.
extension Categorical where Scalar == Float {
    /// Draws one action per row of `logits` `[B, n]` (no graph) by the
    /// max-shifted softmax in Double and one inverse-CDF draw from `generator`;
    /// writes the actions (as Float) and their log-probabilities.
    ///
    /// ```swift
    /// Categorical.sample(logits: out, generator: &rng, actions: &a, logProbs: &lp)
    /// ```
    public static func sample(logits: Tensor<Float>, generator: inout PCG64, actions: inout [Float],
                              logProbs: inout [Float]) {
        let n = logits.shape[0], k = logits.shape[1]
        precondition(actions.count >= n && logProbs.count >= n,
                     "Categorical.sample(logits:): \(n) rows, buffers of \(actions.count) actions and \(logProbs.count) log-probabilities")
        logits.withUnsafeBufferPointer { p in
            var w = [Double](repeating: 0, count: k)
            for i in 0..<n {
                var m = Double(p[i * k])
                for j in 1..<k { m = max(m, Double(p[i * k + j])) }
                var s = 0.0
                for j in 0..<k { w[j] = Foundation.exp(Double(p[i * k + j]) - m); s += w[j] }
                let a = generator.nextCategorical(weights: w)
                actions[i] = Float(a)
                logProbs[i] = Float(Double(p[i * k + a]) - m - Foundation.log(s))
            }
        }
    }

    /// Log-probabilities `[B]` of `actions` (B action indices stored as Float)
    /// and entropies `[B]` under raw `logits` `[B, n]`, differentiable: a fused
    /// log-softmax and a gather (6 recorded ops instead of ~12). With
    /// `entropyGradient` false the entropy is computed without recording (for
    /// metrics only), sparing its ops in the backward pass.
    public static func logProbAndEntropy(logits out: Tensor<Float>, actions: [Float], entropyGradient: Bool = true)
        -> (logProb: Tensor<Float>, entropy: Tensor<Float>) {
        let b = out.shape[0], k = out.shape[1]
        var index = Tensor<Int>(repeating: 0, shape: [b, 1])
        index.withUnsafeMutableBufferPointer { ip in
            for i in 0..<b { ip[i] = Int(actions[i]) }
        }
        let logp = out.logSoftmax(dim: 1)
        let logProb = logp.gathered(dim: 1, index: index).reshaped([b])
        let entropy: Tensor<Float>
        if entropyGradient {
            entropy = -(logp.exp() * logp).sum(dim: 1)
        } else {
            // One pass over the log-probabilities (the probabilities in one
            // vectorized exp call over the block, as `exp()` would).
            entropy = Tensor<Float>(unsafeUninitializedShape: [b]) { h in
                logp.withUnsafeBufferPointer { l in
                    var e = [Float](repeating: 0, count: b * k)
                    e.withUnsafeMutableBufferPointer { p in
                        Float.expKernel(l.baseAddress!, p.baseAddress!, count: b * k)
                        for i in 0..<b {
                            var s: Float = 0
                            for j in 0..<k { s += p[i * k + j] * l[i * k + j] }
                            h[i] = -s
                        }
                    }
                }
            }
        }
        return (logProb, entropy)
    }
}
