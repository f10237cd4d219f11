// A policy network written by a user from Swiftlet's public elementary ops
// (matmul, +, tanh on Parameters), not from the fused `Linear`/`MLP` chain,
// and handed to the built-in PPO.
import SwiftletCore
import SwiftletNN
import SwiftletAgents

/// An actor-critic MLP `obs → 64 → 64 → heads` for Discrete actions, with
/// separate policy and value trunks, each layer `tanh(x·Wᵀ + b)`. Weights use
/// PyTorch's `nn.Linear` default initialization, drawn from `generator`.
public final class ComposedPolicy: ActorCriticPolicy {
    public typealias Scalar = Float
    /// Per trunk: (weight [out, in], bias [out]) for each layer, heads last.
    let pi: [(weight: Parameter<Float>, bias: Parameter<Float>)]
    let vf: [(weight: Parameter<Float>, bias: Parameter<Float>)]

    public init(observationSize: Int, actionCount: Int, hidden: [Int] = [64, 64], generator: inout PCG64) {
        func layers(_ sizes: [Int]) -> [(weight: Parameter<Float>, bias: Parameter<Float>)] {
            zip(sizes, sizes.dropFirst()).map { fanIn, fanOut in
                let bound = Float(1 / Double(fanIn).squareRoot())
                return (Parameter(Tensor<Float>.uniform([fanOut, fanIn], low: -bound, high: bound, generator: &generator)),
                        Parameter(Tensor<Float>.uniform([fanOut], low: -bound, high: bound, generator: &generator)))
            }
        }
        pi = layers([observationSize] + hidden + [actionCount])
        vf = layers([observationSize] + hidden + [1])
    }

    /// `pi.0.weight`, `pi.0.bias`, …, `vf.2.bias` (one index per layer).
    public var ownParameters: [(name: String, parameter: Parameter<Float>)] {
        var out: [(name: String, parameter: Parameter<Float>)] = []
        for (prefix, trunk) in [("pi", pi), ("vf", vf)] {
            for (i, l) in trunk.enumerated() { out += [("\(prefix).\(i).weight", l.weight), ("\(prefix).\(i).bias", l.bias)] }
        }
        return out
    }

    public var logStd: Parameter<Float>? { nil }

    static func run(_ trunk: [(weight: Parameter<Float>, bias: Parameter<Float>)], _ x: Tensor<Float>) -> Tensor<Float> {
        var h = x
        for (i, l) in trunk.enumerated() {
            h = h.matmul(l.weight.value.transposed()) + l.bias.value
            if i < trunk.count - 1 { h = h.tanh() }
        }
        return h
    }

    public func forward(_ observations: Tensor<Float>) -> (policy: Tensor<Float>, value: Tensor<Float>) {
        (Self.run(pi, observations), Self.run(vf, observations).reshaped([observations.shape[0]]))
    }
    public func value(_ observations: Tensor<Float>) -> Tensor<Float> {
        Self.run(vf, observations).reshaped([observations.shape[0]])
    }
    public func policyOutput(_ observations: Tensor<Float>) -> Tensor<Float> { Self.run(pi, observations) }
}
