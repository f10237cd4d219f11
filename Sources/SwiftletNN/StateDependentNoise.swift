import SwiftletCore

/// Generalized State-Dependent Exploration (gSDE, Raffin et al. 2021), with
/// the semantics of Stable-Baselines3's `StateDependentNoiseDistribution`
/// (features not learned, no squashing).
///
/// The action noise is `latent · M`, where `latent` `[B, h]` is the policy
/// network's last hidden layer and the exploration matrix `M` `[h, d]` is
/// drawn from `N(0, σ²)` elementwise and kept for several steps, so the
/// exploration is a smooth function of the state. The resulting per-sample
/// distribution is a diagonal Gaussian around `mean` `[B, d]` with variance
/// `latent² · σ²` (+ `epsilon`), where `σ = exp(logStd)` (or `expln`) and
/// `logStd` is `[h, d]` (`fullStd`) or `[h, 1]` (one σ per feature).
/// Log-probability and entropy are differentiable in `mean` and `logStd`;
/// `latent` is held constant (SB3's `learn_features = False`).
///
/// ```swift
/// let m = StateDependentNoise.explorationMatrices(logStd: logStd.value, actionCount: 1, count: 4, generator: &rng)
/// let dist = StateDependentNoise(mean: mean, logStd: logStd.value, latent: latent)
/// let actions = withNoGrad { dist.mean + dist.noise(matrices: m) }   // one matrix per row
/// let logp = dist.logProb(actions)                                   // [B]
/// ```
public struct StateDependentNoise<Scalar: TensorFloatingPoint> {
    public let mean: Tensor<Scalar>
    public let logStd: Tensor<Scalar>
    /// The features (detached).
    public let latent: Tensor<Scalar>
    public let useExpln: Bool
    public let epsilon: Scalar
    /// Per-sample standard deviations `√(latent² · σ² + ε)`, `[B, d]`.
    public let scale: Tensor<Scalar>

    @inlinable
    public init(mean: Tensor<Scalar>, logStd: Tensor<Scalar>, latent: Tensor<Scalar>, useExpln: Bool = false,
                epsilon: Scalar = 1e-6) {
        precondition(mean.rank == 2 && latent.rank == 2 && latent.shape[0] == mean.shape[0],
                     "StateDependentNoise: mean \(mean.shape) and latent \(latent.shape) must be [B, d] and [B, h]")
        precondition(logStd.rank == 2 && logStd.shape[0] == latent.shape[1]
                        && (logStd.shape[1] == mean.shape[1] || logStd.shape[1] == 1),
                     "StateDependentNoise: logStd \(logStd.shape) must be [h, d] or [h, 1] for latent \(latent.shape) and mean \(mean.shape)")
        self.mean = mean
        self.logStd = logStd
        self.latent = latent.detached()
        self.useExpln = useExpln
        self.epsilon = epsilon
        let std = Self.std(logStd: logStd, actionCount: mean.shape[1], useExpln: useExpln)
        scale = (self.latent.squared().matmul(std.squared()) + epsilon).sqrt()
    }

    /// σ `[h, d]` from `logStd`: `exp`, or with `useExpln` SB3's `expln`
    /// (`exp(x)` for x ≤ 0, `log1p(x + 1e-6) + 1` above), broadcast to `d`
    /// columns when `logStd` is `[h, 1]`.
    @inlinable
    public static func std(logStd: Tensor<Scalar>, actionCount: Int, useExpln: Bool) -> Tensor<Scalar> {
        var std: Tensor<Scalar>
        if useExpln {
            let above = (logStd.clamped(min: 0) + Scalar(1 + 1e-6)).log() + 1
            std = `where`(logStd .<= 0, logStd.exp(), above)
        } else {
            std = logStd.exp()
        }
        if logStd.shape[1] != actionCount { std = Tensor<Scalar>.ones([logStd.shape[0], actionCount]) * std }
        return std
    }

    /// `count` exploration matrices `[count, h, d]`, each entry `σ·ε` with
    /// `ε ~ N(0, 1)` drawn row-major from `generator` (no gradient).
    @inlinable
    public static func explorationMatrices(logStd: Tensor<Scalar>, actionCount: Int, count: Int, useExpln: Bool = false,
                                           generator: inout PCG64) -> Tensor<Scalar> {
        withNoGrad {
            let std = Self.std(logStd: logStd.detached(), actionCount: actionCount, useExpln: useExpln)
            return Tensor<Scalar>.normal([count] + std.shape, generator: &generator) * std
        }
    }

    /// `latent_i · M_i` for each row `i` (`matrices` `[B, h, d]`), or
    /// `latent · M` for one matrix `[h, d]`. No gradient.
    @inlinable
    public func noise(matrices: Tensor<Scalar>) -> Tensor<Scalar> {
        withNoGrad {
            let b = latent.shape[0], h = latent.shape[1]
            if matrices.rank == 2 { return latent.matmul(matrices) }
            precondition(matrices.rank == 3 && matrices.shape[0] == b && matrices.shape[1] == h,
                         "StateDependentNoise.noise: matrices \(matrices.shape) do not fit latent \(latent.shape)")
            return latent.reshaped([b, 1, h]).matmul(matrices).reshaped([b, matrices.shape[2]])
        }
    }

    /// `log √(2π)`.
    @inlinable static var halfLogTwoPi: Scalar { Scalar(0.5 * Double.log(2 * Double.pi)) }

    /// Σ over actions of `−(a−μ)²/(2s²) − log s − log √(2π)` with `s = scale` (torch's `Normal.log_prob`).
    @inlinable
    public func logProb(_ actions: Tensor<Scalar>) -> Tensor<Scalar> {
        precondition(actions.shape == mean.shape,
                     "StateDependentNoise.logProb: actions \(actions.shape) do not match mean \(mean.shape)")
        let d = actions - mean
        let perDim = -d.squared() / (scale.squared() * 2) - scale.log() - Self.halfLogTwoPi
        return perDim.sum(dim: -1)
    }

    /// Σ over actions of `½ + log √(2π) + log s`.
    @inlinable
    public func entropy() -> Tensor<Scalar> {
        (scale.log() + (Scalar(0.5) + Self.halfLogTwoPi)).sum(dim: -1)
    }

    /// The most likely action: the mean.
    @inlinable
    public var mode: Tensor<Scalar> { mean }
}
