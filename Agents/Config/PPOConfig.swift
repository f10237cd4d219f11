/// Hyperparameters of PPO (Schulman et al. 2017) with Stable-Baselines3's
/// names and defaults. Load from YAML/JSON (`PPOConfig(yaml:)`,
/// `PPOConfig(contentsOf:)`), start from an environment's RL-Zoo preset
/// (`PPOConfig.preset(for:)`), and override with `applying(overrides:)`.
///
/// SB3's schedule strings work: `learning_rate: lin_1e-3` sets
/// `learning_rate: 0.001` and `lr_schedule: linear` (same for `clip_range`).
///
/// ```swift
/// let c = try PPOConfig.preset(for: "CartPole-v1").applying(overrides: ["n_epochs": "10"])
/// ```
public struct PPOConfig: AgentConfig {
    public static let algorithm = "ppo"

    /// Steps, evaluation, logging, checkpoints (keys `n_timesteps`, `eval_freq`, …).
    public var trainer = TrainerConfig()
    /// Parallel environments in the vector env.
    public var nEnvs = 1
    /// Steps per environment per rollout.
    public var nSteps = 2048
    /// Minibatch size.
    public var batchSize = 64
    /// Passes over each rollout.
    public var nEpochs = 10
    public var learningRate = 3e-4
    public var lrSchedule = ScheduleKind.constant
    public var gamma = 0.99
    public var gaeLambda = 0.95
    public var clipRange = 0.2
    public var clipRangeSchedule = ScheduleKind.constant
    /// Value clipping range (nil: no value clipping, SB3's default).
    public var clipRangeVf: Double? = nil
    public var normalizeAdvantage = true
    public var entCoef = 0.0
    public var vfCoef = 0.5
    public var maxGradNorm = 0.5
    /// Early stop of the epochs when approx-KL exceeds 1.5 × target_kl (nil: off).
    public var targetKl: Double? = nil
    /// Hidden layers of the policy network.
    public var netArchPi = [64, 64]
    /// Hidden layers of the value network (ignored when `shared_network`).
    public var netArchVf = [64, 64]
    /// One hidden trunk (net_arch_pi) with a policy head and a value head.
    public var sharedNetwork = false
    public var activationFn = ActivationKind.tanh
    /// Orthogonal init (gains √2 hidden, 0.01 policy, 1 value) instead of PyTorch's default.
    public var orthoInit = true
    /// Initial log standard deviation of the Gaussian policy (Box actions).
    public var logStdInit = 0.0
    /// Generalized State-Dependent Exploration (Box actions): the noise is a
    /// linear function of the policy's last hidden layer, its matrix redrawn
    /// at each rollout start and every `sde_sample_freq` steps.
    public var useSde = false
    /// Steps between new exploration matrices with gSDE (−1: once per rollout).
    public var sdeSampleFreq = -1
    /// gSDE: one σ per (feature, action) pair; false: one per feature.
    public var fullStd = true
    /// gSDE: σ = expln(log_std) (keeps it positive without exponential growth) instead of exp.
    public var useExpln = false
    /// Running mean/std observation normalization (SB3's VecNormalize norm_obs).
    public var normalizeObservation = false
    /// Running return-variance reward scaling (VecNormalize norm_reward).
    public var normalizeReward = false

    public init() { trainer.logInterval = 2_048 }

    public static let fields: [ConfigField<PPOConfig>] = TrainerConfig.leadingFields(\.trainer) + [
        .int("n_envs", \.nEnvs, min: 1, "parallel environments"),
        .int("n_steps", \.nSteps, min: 1, "steps per environment per rollout"),
        .int("batch_size", \.batchSize, min: 1, "minibatch size"),
        .int("n_epochs", \.nEpochs, min: 1, "passes over each rollout"),
        .double("learning_rate", \.learningRate, in: 0...10, "Adam step size (initial value when linear)"),
        .choice("lr_schedule", \.lrSchedule, "constant or linear (to 0 at the end)"),
        .double("gamma", \.gamma, in: 0...1, "discount factor"),
        .double("gae_lambda", \.gaeLambda, in: 0...1, "GAE lambda"),
        .double("clip_range", \.clipRange, in: 0...10, "PPO ratio clip (initial value when linear)"),
        .choice("clip_range_schedule", \.clipRangeSchedule, "constant or linear"),
        .optionalDouble("clip_range_vf", \.clipRangeVf, in: 0...1e9, "value clipping range, null = off"),
        .bool("normalize_advantage", \.normalizeAdvantage, "normalize advantages per minibatch"),
        .double("ent_coef", \.entCoef, in: -1e9...1e9, "entropy bonus coefficient"),
        .double("vf_coef", \.vfCoef, in: 0...1e9, "value loss coefficient"),
        .double("max_grad_norm", \.maxGradNorm, in: 0...1e9, "global gradient-norm clip"),
        .optionalDouble("target_kl", \.targetKl, in: 0...1e9, "early stop when approx KL > 1.5 target_kl, null = off"),
        .intList("net_arch_pi", \.netArchPi, "policy hidden layers"),
        .intList("net_arch_vf", \.netArchVf, "value hidden layers"),
        .bool("shared_network", \.sharedNetwork, "shared trunk for policy and value"),
        .choice("activation_fn", \.activationFn, "tanh or relu"),
        .bool("ortho_init", \.orthoInit, "orthogonal initialization"),
        .double("log_std_init", \.logStdInit, in: -20...2, "initial log std (continuous actions)"),
        .bool("use_sde", \.useSde, "generalized state-dependent exploration (continuous actions)"),
        .int("sde_sample_freq", \.sdeSampleFreq, min: -1, "steps between gSDE noise matrices, -1 = once per rollout"),
        .bool("full_std", \.fullStd, "gSDE: a sigma per feature and action (else per feature)"),
        .bool("use_expln", \.useExpln, "gSDE: expln instead of exp for sigma"),
        .bool("normalize_observation", \.normalizeObservation, "running observation normalization"),
        .bool("normalize_reward", \.normalizeReward, "running reward scaling"),
    ] + TrainerConfig.trailingFields(\.trainer)

    public mutating func setSpecial(key: String, value: ConfigValue) throws -> Bool {
        guard key == "learning_rate" || key == "clip_range", case .string(let s) = value, s.hasPrefix("lin_") else { return false }
        guard let v = Double(s.dropFirst(4)), v.isFinite, v >= 0 else {
            throw ConfigError.badValue(key: key, value: s, expected: "a number or lin_<number>")
        }
        if key == "learning_rate" { learningRate = v; lrSchedule = .linear } else { clipRange = v; clipRangeSchedule = .linear }
        return true
    }

    public func validate() throws {
        let (rollout, overflow) = nSteps.multipliedReportingOverflow(by: nEnvs)
        if overflow || rollout > nTimesteps {
            throw ConfigError.badValue(key: "n_envs", value: "\(nEnvs)", expected: "n_steps × n_envs "
                + (overflow ? "(overflows)" : "= \(rollout)") + " at most n_timesteps = \(nTimesteps): one rollout would "
                + "take more steps than the whole budget (lower n_steps or n_envs, or raise the budget)")
        }
        if batchSize > rollout {
            throw ConfigError.badValue(key: "batch_size", value: "\(batchSize)", expected: "at most n_steps × n_envs = \(rollout)")
        }
        if rollout < 2 && normalizeAdvantage {
            throw ConfigError.badValue(key: "n_steps", value: "\(nSteps)", expected: "n_steps × n_envs ≥ 2 with normalize_advantage")
        }
    }

    public init(from decoder: Decoder) throws { self = try Self.decodeFields(from: decoder) }
    public func encode(to encoder: Encoder) throws { try encodeFields(to: encoder) }
}
