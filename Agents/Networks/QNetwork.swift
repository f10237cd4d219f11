import SwiftletCore
import SwiftletNN

/// DQN's Q-network: an MLP from observations to one value per action, or
/// with `dueling` a shared trunk feeding a value stream and an advantage
/// stream combined as `Q = V + A − mean(A)` (Wang et al. 2016).
/// PyTorch's default initialization (as SB3's QNetwork).
final class QNetwork {
    let observationSize: Int
    let actionCount: Int
    let dueling: Bool
    /// Plain: the whole network. Dueling: the trunk (activated output).
    let body: MLP<Float>
    let valueHead: MLP<Float>?
    let advantageHead: MLP<Float>?

    init(observationSize: Int, actionCount: Int, netArch: [Int], activation: ActivationKind, dueling: Bool,
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

    func namedParameters() -> [(name: String, parameter: Parameter<Float>)] {
        var out = body.namedParameters().map { ("q_net.\($0.name)", $0.parameter) }
        if let v = valueHead { out += v.namedParameters().map { ("value_stream.\($0.name)", $0.parameter) } }
        if let a = advantageHead { out += a.namedParameters().map { ("advantage_stream.\($0.name)", $0.parameter) } }
        return out
    }
    var parameters: [Parameter<Float>] { namedParameters().map(\.parameter) }

    /// Q-values `[B, actions]`.
    func callAsFunction(_ obs: Tensor<Float>) -> Tensor<Float> {
        guard dueling else { return body(obs) }
        let h = body(obs)
        let a = advantageHead!(h)
        return valueHead!(h) + a - a.mean(dim: 1, keepdim: true)
    }

    func copyParameters(from other: QNetwork) {
        for (d, s) in zip(parameters, other.parameters) { d.assign(s.value) }
    }

    func softUpdate(from other: QNetwork, tau: Double) {
        let keep = Float(1 - tau), take = Float(tau)
        for (d, s) in zip(parameters, other.parameters) {
            s.value.withUnsafeBufferPointer { sp in d.withUnsafeMutableBufferPointer { dp in
                for i in 0..<dp.count { dp[i] = dp[i] * keep + take * sp[i] }
            } }
        }
    }
}
