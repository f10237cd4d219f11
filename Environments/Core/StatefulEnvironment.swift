/// An environment whose physical state can be read, set and observed: one
/// way for all tasks (Gymnasium's `env.unwrapped.state`).
///
/// - `state` is the physical state as float64 values (a float32 state is
///   returned exactly). Order per task: CartPole `[x, ẋ, θ, θ̇]`, MountainCar
///   and MountainCarContinuous `[position, velocity]`, Acrobot
///   `[θ1, θ2, θ̇1, θ̇2]`, Pendulum `[θ, θ̇]`.
/// - `setState(_:)` puts the environment in that state *as its `reset` would
///   have left it*, with the dtype Gymnasium's reset gives the state array:
///   float64 for CartPole, MountainCar, MountainCarContinuous and Pendulum
///   (so MountainCarContinuous's next step runs in float64), float32 for
///   Acrobot (the values are rounded to float32, as Gymnasium's
///   `.astype(np.float32)` does). Episode flags are cleared (CartPole's
///   `steps_beyond_terminated`) and the environment counts as reset. The
///   generator is not touched. Throws `EnvironmentError.invalidArgument` for
///   a wrong number of values.
/// - `observation(into:)` writes the observation of the current state
///   (Gymnasium's `_get_obs()`), e.g. right after `setState`.
///
/// Cost: a few small copies; not meant for the per-step hot path.
///
/// ```swift
/// let env = MountainCarContinuous()
/// try env.setState([-0.5, 0.01])
/// let obs = env.observation            // [-0.5, 0.01] as float32
/// ```
public protocol StatefulEnvironment: Environment {
    /// The physical state, float64 (see the protocol's documentation for the order).
    var state: [Double] { get }
    /// Sets the physical state as `reset` would leave it; throws for a wrong length.
    func setState(_ values: [Double]) throws
    /// Writes the observation of the current state (`observationSize` floats).
    func observation(into observation: UnsafeMutableBufferPointer<Float>)
}

extension StatefulEnvironment {
    /// The observation of the current state as a new array.
    public var observation: [Float] {
        var o = [Float](repeating: 0, count: observationSize)
        o.withUnsafeMutableBufferPointer { observation(into: $0) }
        return o
    }

    /// Throws `EnvironmentError.invalidArgument` unless `values` has `count` entries.
    @inlinable
    public func checkStateLength(_ values: [Double], _ count: Int) throws {
        guard values.count == count else {
            throw EnvironmentError.invalidArgument(
                "\(id).setState: expected \(count) values, got \(values.count) (\(values))")
        }
    }
}
