/// The shape of the built-in `ActorCritic`: SB3's `policy_kwargs` for an
/// `MlpPolicy` (`net_arch=dict(pi=…, vf=…)`, `activation_fn`, `ortho_init`,
/// `log_std_init`, shared trunk or not, gSDE's `use_sde`/`full_std`/`use_expln`).
/// PPO reads it from its config; another on-policy algorithm fills one in.
///
/// ```swift
/// var arch = PolicyArchitecture()
/// arch.netArchPi = [256, 256]; arch.activation = .relu
/// let net = try ActorCritic(observationSize: 4, actionSpace: space, architecture: arch, generator: &g)
/// ```
public struct PolicyArchitecture: Equatable, Sendable {
    /// Hidden layers of the policy network (of the trunk when `sharedNetwork`).
    public var netArchPi = [64, 64]
    /// Hidden layers of the value network (ignored when `sharedNetwork`).
    public var netArchVf = [64, 64]
    /// One hidden trunk with a policy head and a value head.
    public var sharedNetwork = false
    public var activation = ActivationKind.tanh
    /// Orthogonal init (gains √2 hidden, 0.01 policy, 1 value) instead of PyTorch's default.
    public var orthoInit = true
    /// Initial log standard deviation (Box actions).
    public var logStdInit = 0.0
    /// gSDE (Box actions): noise linear in the policy's last hidden layer.
    public var useSde = false
    /// gSDE: one σ per (feature, action) pair; false: one per feature.
    public var fullStd = true
    /// gSDE: σ = expln(log_std) instead of exp.
    public var useExpln = false

    public init() {}
}

extension PPOConfig {
    /// The policy architecture these settings describe.
    public var policyArchitecture: PolicyArchitecture {
        var a = PolicyArchitecture()
        a.netArchPi = netArchPi; a.netArchVf = netArchVf; a.sharedNetwork = sharedNetwork
        a.activation = activationFn; a.orthoInit = orthoInit; a.logStdInit = logStdInit
        a.useSde = useSde; a.fullStd = fullStd; a.useExpln = useExpln
        return a
    }
}
