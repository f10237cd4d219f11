/// Any of the spaces an environment's actions can live in.
public enum Space: Equatable, Hashable, Codable, Sendable, CustomStringConvertible {
    case discrete(Discrete)
    case box(Box)
    case multiDiscrete(MultiDiscrete)

    /// Number of discrete actions, or nil for other spaces.
    public var discreteCount: Int? { if case .discrete(let d) = self { return d.n }; return nil }
    /// The box, or nil for other spaces.
    public var boxSpace: Box? { if case .box(let b) = self { return b }; return nil }
    /// Scalars per action: 1 for Discrete, the size of a Box, the length of a MultiDiscrete.
    public var flatSize: Int {
        switch self {
        case .discrete: return 1
        case .box(let b): return b.size
        case .multiDiscrete(let m): return m.nvec.count
        }
    }

    public var description: String {
        switch self {
        case .discrete(let d): return d.description
        case .box(let b): return b.description
        case .multiDiscrete(let m): return m.description
        }
    }
}
