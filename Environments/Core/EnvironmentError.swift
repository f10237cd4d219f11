/// Errors at the environment API boundary, each naming the offending value.
public enum EnvironmentError: Error, Equatable, CustomStringConvertible {
    /// `make` got an id that is not registered.
    case unknownEnvironment(id: String, available: [String])
    /// An action outside the action space.
    case invalidAction(env: String, action: String, space: Space)
    /// `step` before the first `reset` (Gymnasium's OrderEnforcing `ResetNeeded`).
    case resetNeeded(env: String)
    /// A wrapper or option that does not fit the environment.
    case invalidArgument(String)

    public var description: String {
        switch self {
        case let .unknownEnvironment(id, available):
            return "unknown environment id '\(id)'; registered ids: \(available.joined(separator: ", "))"
        case let .invalidAction(env, action, space):
            return "\(env): action \(action) is not in the action space \(space)"
        case let .resetNeeded(env):
            return "\(env): cannot call step() before reset()"
        case let .invalidArgument(msg):
            return msg
        }
    }
}
