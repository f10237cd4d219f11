/// Hyperparameters of DQN (Mnih et al. 2015) with Stable-Baselines3's names
/// and defaults, plus options SB3's core lacks: Double DQN (`double_q`),
/// a dueling head (`dueling`), n-step returns (`n_step`) and proportional
/// prioritized replay (`prioritized_replay` and its `prioritized_replay_*`
/// settings, OpenAI Baselines' names and defaults).
///
/// ```swift
/// let c = try DQNConfig.preset(for: "CartPole-v1").applying(overrides: ["double_q": "true"])
/// let per = try DQNConfig.preset(for: "CartPole-v1").applying(overrides: ["prioritized_replay": "true"])
/// ```
public struct DQNConfig: AgentConfig {
    public static let algorithm = "dqn"

    /// Steps, evaluation, logging, checkpoints (keys `n_timesteps`, `eval_freq`, …).
    public var trainer = TrainerConfig()
    public var learningRate = 1e-4
    public var lrSchedule = ScheduleKind.constant
    /// Replay capacity in transitions.
    public var bufferSize = 1_000_000
    /// Steps of uniformly random actions before learning starts.
    public var learningStarts = 100
    public var batchSize = 32
    /// Polyak coefficient of the target update (1: hard copy).
    public var tau = 1.0
    public var gamma = 0.99
    /// Environment steps between training phases.
    public var trainFreq = 4
    /// Gradient steps per training phase (-1: as many as steps collected).
    public var gradientSteps = 1
    /// Environment steps between target-network updates.
    public var targetUpdateInterval = 10_000
    /// Fraction of training over which ε decays linearly.
    public var explorationFraction = 0.1
    public var explorationInitialEps = 1.0
    public var explorationFinalEps = 0.05
    /// Global gradient-norm clip.
    public var maxGradNorm = 10.0
    /// Hidden layers of the Q-network.
    public var netArch = [64, 64]
    public var activationFn = ActivationKind.relu
    /// Double DQN: the online network picks the next action, the target network values it.
    public var doubleQ = false
    /// Dueling head: Q = V + A − mean(A).
    public var dueling = false
    /// n-step returns (1: plain one-step TD).
    public var nStep = 1
    /// Proportional prioritized experience replay (Schaul et al. 2016):
    /// transitions are replayed with probability ∝ (|δ| + ε)^α and the Huber
    /// loss is weighted per sample by importance-sampling weights
    /// (N·P(i))^(−β), normalized by their maximum. Off: uniform replay.
    public var prioritizedReplay = false
    /// α: how strongly priorities skew sampling (0: uniform, 1: fully proportional).
    public var prioritizedReplayAlpha = 0.6
    /// β at the start of training; it grows linearly to `prioritizedReplayBetaFinal`
    /// at `nTimesteps` (1: the bias is fully corrected).
    public var prioritizedReplayBeta0 = 0.4
    /// β at the end of training.
    public var prioritizedReplayBetaFinal = 1.0
    /// ε added to |δ| so that no transition's priority is 0.
    public var prioritizedReplayEps = 1e-6
    /// Store the replay buffer in checkpoints (needed for bitwise resume).
    public var saveReplayBuffer = true

    public init() {}

    public static let fields: [ConfigField<DQNConfig>] = TrainerConfig.leadingFields(\.trainer) + [
        .double("learning_rate", \.learningRate, in: 0...10, "Adam step size"),
        .choice("lr_schedule", \.lrSchedule, "constant or linear (to 0 at the end)"),
        .int("buffer_size", \.bufferSize, min: 1, "replay capacity"),
        .int("learning_starts", \.learningStarts, min: 0, "random steps before learning"),
        .int("batch_size", \.batchSize, min: 1, "minibatch size"),
        .double("tau", \.tau, in: 0...1, "target Polyak coefficient, 1 = hard update"),
        .double("gamma", \.gamma, in: 0...1, "discount factor"),
        .int("train_freq", \.trainFreq, min: 1, "steps between training phases"),
        .int("gradient_steps", \.gradientSteps, min: -1, "gradient steps per phase, -1 = steps collected"),
        .int("target_update_interval", \.targetUpdateInterval, min: 1, "steps between target updates"),
        .double("exploration_fraction", \.explorationFraction, in: 0...1, "fraction of training for the ε decay"),
        .double("exploration_initial_eps", \.explorationInitialEps, in: 0...1, "initial ε"),
        .double("exploration_final_eps", \.explorationFinalEps, in: 0...1, "final ε"),
        .double("max_grad_norm", \.maxGradNorm, in: 0...1e9, "global gradient-norm clip"),
        .intList("net_arch", \.netArch, "Q-network hidden layers"),
        .choice("activation_fn", \.activationFn, "tanh or relu"),
        .bool("double_q", \.doubleQ, "Double DQN targets"),
        .bool("dueling", \.dueling, "dueling head"),
        .int("n_step", \.nStep, min: 1, "n-step returns"),
        .bool("prioritized_replay", \.prioritizedReplay, "proportional prioritized experience replay"),
        .double("prioritized_replay_alpha", \.prioritizedReplayAlpha, in: 0...1, "priority exponent α, 0 = uniform"),
        .double("prioritized_replay_beta0", \.prioritizedReplayBeta0, in: 0...1, "initial importance-sampling exponent β"),
        .double("prioritized_replay_beta_final", \.prioritizedReplayBetaFinal, in: 0...1,
                "final β, reached linearly at n_timesteps"),
        .double("prioritized_replay_eps", \.prioritizedReplayEps, in: 0...1, "ε added to |TD error|, must be > 0"),
        .bool("save_replay_buffer", \.saveReplayBuffer, "store the replay buffer in checkpoints"),
    ] + TrainerConfig.trailingFields(\.trainer)

    public mutating func setSpecial(key: String, value: ConfigValue) throws -> Bool {
        guard key == "learning_rate", case .string(let s) = value, s.hasPrefix("lin_") else { return false }
        guard let v = Double(s.dropFirst(4)), v.isFinite, v >= 0 else {
            throw ConfigError.badValue(key: key, value: s, expected: "a number or lin_<number>")
        }
        learningRate = v; lrSchedule = .linear
        return true
    }

    public func validate() throws {
        if gradientSteps == 0 {
            throw ConfigError.badValue(key: "gradient_steps", value: "0", expected: "a positive integer or -1")
        }
        if !(prioritizedReplayEps > 0) {
            throw ConfigError.badValue(key: "prioritized_replay_eps", value: "\(prioritizedReplayEps)",
                                       expected: "a number in (0, 1]")
        }
        if batchSize > bufferSize {
            throw ConfigError.badValue(key: "batch_size", value: "\(batchSize)", expected: "at most buffer_size = \(bufferSize)")
        }
    }

    public init(from decoder: Decoder) throws { self = try Self.decodeFields(from: decoder) }
    public func encode(to encoder: Encoder) throws { try encodeFields(to: encoder) }
}
