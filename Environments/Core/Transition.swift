/// Statistics of one finished episode (Gymnasium's `info["episode"]`:
/// `r` return, `l` length, `t` wall time in seconds).
public struct EpisodeStatistics: Equatable, Codable, Sendable {
    public var totalReward: Double
    public var length: Int
    public var seconds: Double
    public init(totalReward: Double, length: Int, seconds: Double) {
        self.totalReward = totalReward
        self.length = length
        self.seconds = seconds
    }
}

/// The `info` of a reset or step. Classic control environments return
/// Gymnasium's empty dict; `RecordEpisodeStatistics` fills `episode` on the
/// step that ends an episode. Plain values: no allocation.
public struct StepInfo: Equatable, Sendable {
    public var episode: EpisodeStatistics?
    public init(episode: EpisodeStatistics? = nil) { self.episode = episode }
}

/// What the low-level `step(…, into:)` returns besides the observation it writes.
public struct Transition: Equatable, Sendable {
    public var reward: Double
    public var terminated: Bool
    public var truncated: Bool
    public var info: StepInfo
    @inlinable
    public init(reward: Double, terminated: Bool, truncated: Bool = false, info: StepInfo = StepInfo()) {
        self.reward = reward
        self.terminated = terminated
        self.truncated = truncated
        self.info = info
    }
    /// `terminated || truncated`.
    @inlinable public var done: Bool { terminated || truncated }
}

/// Gymnasium's `(observation, reward, terminated, truncated, info)`.
public struct StepResult: Equatable, Sendable {
    public var observation: [Float]
    public var reward: Double
    public var terminated: Bool
    public var truncated: Bool
    public var info: StepInfo
    public init(observation: [Float], reward: Double, terminated: Bool, truncated: Bool, info: StepInfo = StepInfo()) {
        self.observation = observation
        self.reward = reward
        self.terminated = terminated
        self.truncated = truncated
        self.info = info
    }
    /// `terminated || truncated`.
    public var done: Bool { terminated || truncated }
}

/// An action for the checked, allocating API.
public enum Action: Equatable, Sendable, CustomStringConvertible {
    case discrete(Int)
    case continuous([Float])
    public var description: String {
        switch self {
        case .discrete(let a): return "\(a)"
        case .continuous(let a): return "\(a)"
        }
    }
}

/// Gymnasium's `reset(options=…)` for classic control: `low`/`high` bound the
/// uniform initial state (CartPole, MountainCar(Continuous), Acrobot);
/// `xInit`/`yInit` the Pendulum's initial angle and speed.
public struct ResetOptions: Equatable, Sendable {
    public var low: Double?
    public var high: Double?
    public var xInit: Double?
    public var yInit: Double?
    public init(low: Double? = nil, high: Double? = nil, xInit: Double? = nil, yInit: Double? = nil) {
        self.low = low
        self.high = high
        self.xInit = xInit
        self.yInit = yInit
    }

    /// Gymnasium's `maybe_parse_reset_bounds`.
    func bounds(defaultLow: Double, defaultHigh: Double) -> (Double, Double) {
        let lo = low ?? defaultLow, hi = high ?? defaultHigh
        precondition(!(lo > hi), "reset options: lower bound (\(lo)) must be lower than higher bound (\(hi))")
        return (lo, hi)
    }
}
