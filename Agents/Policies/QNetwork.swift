import SwiftletCore
import SwiftletNN

/// DQN's Q-network: an MLP from observations to one value per action, or
/// with `dueling` a shared trunk feeding a value stream and an advantage
/// stream combined as `Q = V + A − mean(A)` (Wang et al. 2016).
/// PyTorch's default initialization (as SB3's QNetwork). Parameter names:
/// `q_net.0.weight` …, and with `dueling` `value_stream.*`, `advantage_stream.*`.
///
/// ```swift
/// var g = derivedGenerator(seed: 0, stream: 0)
/// let q = QNetwork(observationSize: 4, actionCount: 2, netArch: [64, 64], activation: .relu, dueling: false, generator: &g)
/// let values = q(observations)        // [B, 2]
/// ```
public final class QNetwork: Layer {
    public typealias Scalar = Float
    public let observationSize: Int
    public let actionCount: Int
    public let dueling: Bool
    /// Plain: the whole network. Dueling: the trunk (activated output).
    public let body: MLP<Float>
    public let valueHead: MLP<Float>?
    public let advantageHead: MLP<Float>?

    public init(observationSize: Int, actionCount: Int, netArch: [Int], activation: ActivationKind, dueling: Bool,
         generator g: inout PCG64) {
        self.observationSize = observationSize
        self.actionCount = actionCount
        self.dueling = dueling
        let act: Activation = activation == .tanh ? .tanh : .relu
        if dueling {
            body = MLP([observationSize] + netArch, activation: act, outputActivation: act, generator: &g)
            let h = netArch.last ?? observationSize
            valueHead = MLP([h, 1], generator: &g)
            advantageHead = MLP([h, actionCount], generator: &g)
        } else {
            body = MLP([observationSize] + netArch + [actionCount], activation: act, generator: &g)
            valueHead = nil
            advantageHead = nil
        }
    }

    public var children: [(name: String, module: any Module<Float>)] {
        var out: [(name: String, module: any Module<Float>)] = [("q_net", body)]
        if let v = valueHead { out.append(("value_stream", v)) }
        if let a = advantageHead { out.append(("advantage_stream", a)) }
        return out
    }

    /// Q-values `[B, actions]`.
    public func callAsFunction(_ obs: Tensor<Float>) -> Tensor<Float> {
        guard dueling else { return body(obs) }
        let h = body(obs)
        let a = advantageHead!(h)
        return valueHead!(h) + a - a.mean(dim: 1, keepdim: true)
    }
}
