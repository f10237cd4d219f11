import SwiftletCore
import Synchronization

/// A fully connected layer `y = x·Wᵀ + b` (PyTorch's `nn.Linear`): weight
/// `[out, in]`, bias `[out]`, parameters named `weight` and `bias`.
///
/// Forward is one fused gemm (`linear(_:weight:bias:)`); backward at most two
/// gemms and a column sum.
///
/// ```swift
/// var g = PCG64(seed: 0)
/// let fc = Linear<Float>(4, 64, generator: &g)   // PyTorch's default init
/// let y = fc(x)                                  // x [batch, 4] → [batch, 64]
/// ```
public final class Linear<Scalar: TensorFloatingPoint>: Layer {
    public let weight: Parameter<Scalar>
    public let bias: Parameter<Scalar>?
    public let inFeatures: Int
    public let outFeatures: Int
    /// The weight laid out `[in, out]` and the weight version it was made
    /// from, where the core's kernel reads weights that way (AVX-512 Float):
    /// made at most once per optimizer step instead of once per forward.
    @usableFromInline let transposedCache = Mutex<(version: UInt64, tensor: Tensor<Scalar>?)>((0, nil))

    /// A layer with PyTorch's default initialization (`Init.torchLinear`):
    /// weight and bias uniform on ±1/√inFeatures, weight drawn first.
    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true, generator: inout PCG64) {
        precondition(inFeatures >= 0 && outFeatures >= 0,
                     "Linear: negative size (\(inFeatures) → \(outFeatures))")
        let (w, b) = Init.torchLinear(inFeatures: inFeatures, outFeatures: outFeatures, bias: bias,
                                      as: Scalar.self, generator: &generator)
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        self.weight = Parameter(w)
        self.bias = b.map { Parameter($0) }
    }

    /// A layer with the given values (weight `[out, in]`, bias `[out]`).
    public init(weight: Tensor<Scalar>, bias: Tensor<Scalar>?) {
        precondition(weight.rank == 2, "Linear: weight must be [out, in], got \(weight.shape)")
        if let b = bias {
            precondition(b.shape == [weight.shape[0]], "Linear: bias \(b.shape) does not match weight \(weight.shape)")
        }
        self.outFeatures = weight.shape[0]
        self.inFeatures = weight.shape[1]
        self.weight = Parameter(weight)
        self.bias = bias.map { Parameter($0) }
    }

    public var ownParameters: [(name: String, parameter: Parameter<Scalar>)] {
        if let bias { return [("weight", weight), ("bias", bias)] }
        return [("weight", weight)]
    }

    @inlinable
    public func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        callAsFunction(input, activation: .identity)
    }

    /// `act(x·Wᵀ + b)` as one fused op (see `linear(_:weight:bias:activation:transposedWeight:)`).
    @inlinable
    public func callAsFunction(_ input: Tensor<Scalar>, activation: LinearActivation) -> Tensor<Scalar> {
        linear(input, weight: weight.value, bias: bias?.value, activation: activation,
               transposedWeight: transposedWeight(rows: input.count / Swift.max(inFeatures, 1)))
    }

    /// The current weight transposed, cached per weight version; nil where
    /// the kernel does not use it for a batch of `rows` inputs. Thread-safe
    /// (a lock around the cache).
    @inlinable
    public func transposedWeight(rows: Int) -> Tensor<Scalar>? {
        guard inFeatures > 0, outFeatures > 0,
              Scalar.linearUsesTransposedWeight(rows: rows, inFeatures: inFeatures, outFeatures: outFeatures)
        else { return nil }
        let version = weight.version
        return transposedCache.withLock { cache in
            if let t = cache.tensor, cache.version == version { return t }
            let w = weight.value
            // A training step changes the weight every update: the stale block
            // is rewritten in place when nothing else holds it (the last
            // graph that used it has been freed), sparing an allocation.
            var t = cache.tensor ?? Tensor<Scalar>(repeating: 0, shape: [inFeatures, outFeatures])
            cache.tensor = nil
            t.overwriteUnique { dst in
                w.withUnsafeBufferPointer { src in
                    Scalar.transposeKernel(src.baseAddress!, rows: outFeatures, cols: inFeatures, into: dst.baseAddress!)
                }
            }
            cache = (version, t)
            return t
        }
    }

    /// Re-initializes orthogonally (`nn.init.orthogonal_(weight, gain)`) and
    /// sets the bias to `biasValue`, as SB3 does for PPO (gains √2, 0.01, 1).
    public func initializeOrthogonal(gain: Double, biasValue: Scalar = 0, generator: inout PCG64) {
        weight.assign(Init.orthogonal([outFeatures, inFeatures], gain: gain, as: Scalar.self, generator: &generator))
        bias?.fill(biasValue)
    }
}

extension Linear: CustomStringConvertible {
    public var description: String { "Linear(in: \(inFeatures), out: \(outFeatures), bias: \(bias != nil))" }
}
