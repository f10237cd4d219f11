import SwiftletCore

/// A Gaussian with independent dimensions, parameterized by `mean` `[…, d]`
/// and `logStd` (same shape, or broadcastable such as a state-independent
/// `[d]` as SB3 uses). Log-probability and entropy are summed over the last
/// (action) dimension, as SB3's `DiagGaussianDistribution`; all are
/// differentiable in `mean` and `logStd`.
///
/// ```swift
/// let dist = DiagonalNormal(mean: actor(obs), logStd: logStd.value)
/// let a = dist.sample(generator: &rng)      // [B, d], no gradient
/// let logp = dist.logProb(a)                // [B]
/// ```
public struct DiagonalNormal<Scalar: TensorFloatingPoint> {
    public let mean: Tensor<Scalar>
    public let logStd: Tensor<Scalar>

    @inlinable
    public init(mean: Tensor<Scalar>, logStd: Tensor<Scalar>) {
        precondition(mean.rank >= 1, "DiagonalNormal: mean needs an action dimension, got shape \(mean.shape)")
        precondition(broadcastShape(mean.shape, logStd.shape, op: "DiagonalNormal") == mean.shape,
                     "DiagonalNormal: logStd \(logStd.shape) does not broadcast to mean \(mean.shape)")
        self.mean = mean
        self.logStd = logStd
    }

    /// The batch shape (`mean.shape` without the last dimension).
    @inlinable
    public var batchShape: [Int] { Array(mean.shape.dropLast()) }

    /// Standard deviations `exp(logStd)`.
    @inlinable
    public var std: Tensor<Scalar> { logStd.exp() }

    /// The most likely value: the mean.
    @inlinable
    public var mode: Tensor<Scalar> { mean }

    /// `log √(2π)`.
    @inlinable static var halfLogTwoPi: Scalar { Scalar(0.5 * Double.log(2 * Double.pi)) }

    /// Σ over the last dimension of `−(a−μ)²/(2σ²) − log σ − log √(2π)`.
    @inlinable
    public func logProb(_ actions: Tensor<Scalar>) -> Tensor<Scalar> {
        precondition(actions.shape == mean.shape,
                     "DiagonalNormal.logProb: actions \(actions.shape) do not match mean \(mean.shape)")
        let z = (actions - mean) * (-logStd).exp()
        let perDim = z.squared() * Scalar(-0.5) - logStd - Self.halfLogTwoPi
        return perDim.sum(dim: -1)
    }

    /// Σ over the last dimension of `½ + log √(2π) + log σ`.
    @inlinable
    public func entropy() -> Tensor<Scalar> {
        let perDim = logStd + (Scalar(0.5) + Self.halfLogTwoPi)
        return perDim.expanded(to: mean.shape).sum(dim: -1)
    }

    /// Standard normal noise of `mean`'s shape (two draws per element,
    /// row-major).
    @inlinable
    public func noise(generator: inout PCG64) -> Tensor<Scalar> {
        Tensor<Scalar>.normal(mean.shape, generator: &generator)
    }

    /// A reparameterized sample `μ + σ·ε`: gradients flow to `mean` and `logStd`.
    @inlinable
    public func rsample(generator: inout PCG64) -> Tensor<Scalar> {
        mean + std * noise(generator: &generator)
    }

    /// A sample without gradient.
    @inlinable
    public func sample(generator: inout PCG64) -> Tensor<Scalar> {
        withNoGrad { rsample(generator: &generator) }
    }
}
