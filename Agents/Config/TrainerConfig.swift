/// The trainer's settings, shared by every algorithm: how long to train and
/// when to evaluate, log, checkpoint and stop. Each algorithm's config embeds
/// one (`AgentConfig.trainer`) instead of repeating these fields; their keys
/// (`n_timesteps`, `eval_freq`, …) work in YAML, `--set` and presets like the
/// algorithm's own.
///
/// ```swift
/// var c = PPOConfig.preset(for: "CartPole-v1")
/// c.trainer.evalFreq = 5_000          // or c.evalFreq, or --set eval_freq=5000
/// ```
public struct TrainerConfig: Codable, Equatable, Sendable {
    /// Total environment steps (RL-Zoo's `n_timesteps`).
    public var nTimesteps = 1_000_000
    /// Evaluate every this many steps (0: only at the end).
    public var evalFreq = 10_000
    /// Deterministic episodes per evaluation.
    public var nEvalEpisodes = 10
    /// Write a metrics row at least every this many steps (rounded up to an iteration).
    public var logInterval = 1_000
    /// Save a checkpoint every this many steps (0: only `last` at the end).
    public var checkpointFreq = 0
    /// Stop once an evaluation mean reaches this (nil: never).
    public var stopRewardThreshold: Double? = nil
    /// Write `checkpoints/last.safetensors` after the first iteration and then
    /// at least every this many seconds of training (0: only at the end and on
    /// a termination signal), so that a run killed outright (kill -9, a lost
    /// node) can still be resumed. The files' contents do not depend on when
    /// they were written.
    public var autosaveSeconds = 60.0

    public init() {}

    /// The fields that open a config's key table (`n_timesteps`), for `Config`
    /// whose trainer settings are at `path`.
    public static func leadingFields<Config>(_ path: WritableKeyPath<Config, TrainerConfig>) -> [ConfigField<Config>] {
        [.int("n_timesteps", path.appending(path: \.nTimesteps), min: 1, "total environment steps")]
    }

    /// The fields that close a config's key table (evaluation, logging, checkpoints, early stop).
    public static func trailingFields<Config>(_ path: WritableKeyPath<Config, TrainerConfig>) -> [ConfigField<Config>] {
        [
            .int("eval_freq", path.appending(path: \.evalFreq), min: 0, "steps between evaluations, 0 = end only"),
            .int("n_eval_episodes", path.appending(path: \.nEvalEpisodes), min: 1, "episodes per evaluation"),
            .int("log_interval", path.appending(path: \.logInterval), min: 1, "steps between metrics rows"),
            .int("checkpoint_freq", path.appending(path: \.checkpointFreq), min: 0, "steps between checkpoints, 0 = end only"),
            .optionalDouble("stop_reward_threshold", path.appending(path: \.stopRewardThreshold), in: -1e12...1e12,
                            "stop when eval mean reaches it"),
            .double("autosave_seconds", path.appending(path: \.autosaveSeconds), in: 0...1e9,
                    "seconds between saves of checkpoints/last (and after the first iteration), 0 = end only"),
        ]
    }
}
