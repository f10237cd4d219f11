import SwiftletCore

/// Per-sample weighted smooth L1 (Huber, beta 1) loss, `mean_i(w_i · h(d_i))`
/// with `d = pred − target`, `h(d) = 0.5·d²` where `|d| < 1`, else
/// `|d| − 0.5` — prioritized replay's importance-weighted DQN loss
/// (Baselines' `mean(importance_weights · huber_loss(td_error))`). With all
/// weights 1 it is `smoothL1Loss` (value equal up to rounding).
///
/// Composed from recorded tensor-core ops (abs, comparison, where, square,
/// products, mean), so the gradient flows through the autograd graph to
/// `pred` (and `target`, if it records); `weights` are constants in DQN.
/// Cost: about eight elementwise passes over the batch.
///
/// ```swift
/// let loss = weightedSmoothL1Loss(current, Tensor(targets), weights: Tensor(isWeights))
/// loss.backward()
/// ```
public func weightedSmoothL1Loss<Scalar: TensorFloatingPoint>(_ pred: Tensor<Scalar>, _ target: Tensor<Scalar>,
                                                              weights: Tensor<Scalar>) -> Tensor<Scalar> {
    precondition(pred.shape == target.shape && pred.shape == weights.shape,
                 "weightedSmoothL1Loss: pred \(pred.shape), target \(target.shape) and weights \(weights.shape) must match")
    let d = pred - target
    let a = d.abs()
    let perSample = `where`(a .< Scalar(1), d.squared() * Scalar(0.5), a - Scalar(0.5))
    return (perSample * weights).mean()
}
