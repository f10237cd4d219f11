import SwiftletCore
import SwiftletNN
import SwiftletEnvironments

/// The policy and value networks of PPO (SB3's `MlpPolicy`): separate
/// `pi`/`vf` MLPs, or a shared trunk with two linear heads; a Categorical
/// head for Discrete actions, a diagonal Gaussian with a state-independent
/// `log_std` for Box actions, or with `use_sde` gSDE (`log_std` `[h, d]`
/// scaling noise that is linear in the policy's last hidden layer).
/// Orthogonal init gains: √2 hidden, 0.01 policy, 1 value.
///
/// The architecture follows SB3's `policy_kwargs`: `net_arch_pi`,
/// `net_arch_vf`, `activation_fn`, `shared_network`, `ortho_init`,
/// `log_std_init` and the gSDE options of `PPOConfig`. Parameter names are
/// `pi.0.weight` … `vf.4.bias`, `log_std` (separate), or `trunk.*`,
/// `action_net.*`, `value_net.*` (shared).
///
/// ```swift
/// var g = derivedGenerator(seed: 0, stream: 0)
/// let net = try ActorCritic(observationSize: 4, actionSpace: .discrete(Discrete(2)), config: PPOConfig(), generator: &g)
/// let (logits, values) = net.forward(observations)
/// ```
public final class ActorCritic: ActorCriticPolicy {
    public typealias Scalar = Float
    public let observationSize: Int
    /// Discrete: number of actions; Box: action dimension.
    public let actionCount: Int
    public let isDiscrete: Bool
    public let shared: Bool
    /// Separate mode: obs → … → logits/mean (with gSDE: obs → … → hidden,
    /// activated, the latent). Shared mode: trunk obs → … → hidden (activated).
    let pi: MLP<Float>
    /// Separate mode: obs → … → value. Shared mode: the value head.
    let vf: MLP<Float>
    /// The policy head when `pi` ends at the hidden layer (shared mode, or gSDE).
    let piHead: MLP<Float>?
    /// `[d]`, or `[h, d]` / `[h, 1]` with gSDE.
    public let logStd: Parameter<Float>?
    public let useSde: Bool
    public let useExpln: Bool
    /// The hidden width feeding the policy head (gSDE's latent size).
    let latentSize: Int
    /// Layers in `pi` before the head (for PyTorch-style names of a split actor).
    let piHiddenLayers: Int

    /// The network for `actionSpace` with `config`'s architecture, drawn from `g`.
    public convenience init(observationSize: Int, actionSpace: Space, config: PPOConfig, generator g: inout PCG64) throws {
        try self.init(observationSize: observationSize, actionSpace: actionSpace, architecture: config.policyArchitecture,
                      generator: &g)
    }

    /// The network for `actionSpace` with architecture `c`, drawn from `g`.
    public init(observationSize: Int, actionSpace: Space, architecture c: PolicyArchitecture, generator g: inout PCG64) throws {
        self.observationSize = observationSize
        let act: Activation = c.activation == .tanh ? .tanh : .relu
        switch actionSpace {
        case .discrete(let d): isDiscrete = true; actionCount = d.n
        case .box(let b): isDiscrete = false; actionCount = b.size
        default: throw TrainingError.unsupportedEnvironment(envID: "?", reason: "PPO supports Discrete and Box action spaces, not \(actionSpace)")
        }
        shared = c.sharedNetwork
        useSde = c.useSde
        useExpln = c.useExpln
        if useSde && isDiscrete {
            throw ConfigError.badValue(key: "use_sde", value: "true", expected: "false for a Discrete action space (gSDE needs Box actions)")
        }
        latentSize = c.netArchPi.last ?? observationSize
        piHiddenLayers = c.netArchPi.count
        if shared {
            pi = MLP([observationSize] + c.netArchPi, activation: act, outputActivation: act, generator: &g)
            let h = c.netArchPi.last ?? observationSize
            piHead = MLP([h, actionCount], generator: &g)
            vf = MLP([h, 1], generator: &g)
            if c.orthoInit {
                pi.initializeOrthogonal(hiddenGain: 2.0.squareRoot(), outputGain: 2.0.squareRoot(), generator: &g)
                piHead!.initializeOrthogonal(outputGain: 0.01, generator: &g)
                vf.initializeOrthogonal(outputGain: 1, generator: &g)
            }
        } else if useSde && !c.netArchPi.isEmpty {
            // The actor split at its last hidden layer (gSDE needs it); drawn in
            // the same order as the unsplit MLP.
            pi = MLP([observationSize] + c.netArchPi, activation: act, outputActivation: act, generator: &g)
            piHead = MLP([latentSize, actionCount], generator: &g)
            vf = MLP([observationSize] + c.netArchVf + [1], activation: act, generator: &g)
            if c.orthoInit {
                pi.initializeOrthogonal(hiddenGain: 2.0.squareRoot(), outputGain: 2.0.squareRoot(), generator: &g)
                piHead!.initializeOrthogonal(outputGain: 0.01, generator: &g)
                vf.initializeOrthogonal(outputGain: 1, generator: &g)
            }
        } else {
            pi = MLP([observationSize] + c.netArchPi + [actionCount], activation: act, generator: &g)
            vf = MLP([observationSize] + c.netArchVf + [1], activation: act, generator: &g)
            piHead = nil
            if c.orthoInit {
                pi.initializeOrthogonal(outputGain: 0.01, generator: &g)
                vf.initializeOrthogonal(outputGain: 1, generator: &g)
            }
        }
        if isDiscrete {
            logStd = nil
        } else if useSde {
            logStd = Parameter(Tensor<Float>(repeating: Float(c.logStdInit), shape: [latentSize, c.fullStd ? actionCount : 1]))
        } else {
            logStd = Parameter(Tensor<Float>(repeating: Float(c.logStdInit), shape: [actionCount]))
        }
    }

    /// The input of the policy head `[B, h]` when the actor is split (gSDE's latent).
    var hasLatent: Bool { piHead != nil }

    /// Named parameters, PyTorch-style dotted names, in SB3's order (`log_std` last).
    public func namedParameters() -> [(name: String, parameter: Parameter<Float>)] {
        var out = pi.namedParameters().map { (shared ? "trunk.\($0.name)" : "pi.\($0.name)", $0.parameter) }
        if let h = piHead {
            // A split separate actor keeps the unsplit MLP's names (pi.4.weight for [64, 64]).
            let prefix = shared ? "action_net." : "pi."
            let offset = shared ? 0 : 2 * piHiddenLayers
            for (i, layer) in h.layers.enumerated() {
                out += layer.namedParameters().map { (prefix + "\(offset + 2 * i).\($0.name)", $0.parameter) }
            }
        }
        out += vf.namedParameters().map { (shared ? "value_net.\($0.name)" : "vf.\($0.name)", $0.parameter) }
        if let l = logStd { out.append(("log_std", l)) }
        return out
    }

    /// Policy output (logits or Gaussian mean) and values `[B]` for observations `[B, obs]`.
    public func forward(_ obs: Tensor<Float>) -> (policy: Tensor<Float>, value: Tensor<Float>) {
        let f = forwardWithLatent(obs)
        return (f.policy, f.value)
    }

    /// `forward` plus the policy head's input when the actor is split (nil otherwise).
    public func forwardWithLatent(_ obs: Tensor<Float>) -> (policy: Tensor<Float>, latent: Tensor<Float>?, value: Tensor<Float>) {
        let b = obs.shape[0]
        if shared {
            let h = pi(obs)
            return (piHead!(h), h, vf(h).reshaped([b]))
        }
        if let head = piHead {
            let h = pi(obs)
            return (head(h), h, vf(obs).reshaped([b]))
        }
        return (pi(obs), nil, vf(obs).reshaped([b]))
    }

    /// The gSDE distribution for a policy output and latent (gSDE only).
    public func noiseDistribution(mean: Tensor<Float>, latent: Tensor<Float>) -> StateDependentNoise<Float> {
        StateDependentNoise(mean: mean, logStd: logStd!.value, latent: latent, useExpln: useExpln)
    }

    /// Values only `[B]`.
    public func value(_ obs: Tensor<Float>) -> Tensor<Float> {
        let b = obs.shape[0]
        return shared ? vf(pi(obs)).reshaped([b]) : vf(obs).reshaped([b])
    }

    /// Policy output only.
    public func policyOutput(_ obs: Tensor<Float>) -> Tensor<Float> {
        if let head = piHead { return head(pi(obs)) }
        return pi(obs)
    }
}
