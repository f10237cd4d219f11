#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SwiftletGraphics

/// MountainCarContinuous-v0 exactly as Gymnasium 1.4's
/// `Continuous_MountainCarEnv`, including NumPy 2's float32 arithmetic: after
/// the first step the state is a float32 array, so every later update runs in
/// float32 with Python constants rounded to float32 (NEP 50), while the first
/// step after a reset runs in float64. The force is the action clipped to
/// [-1, 1]; the reward is 100 on reaching the goal (position ≥ 0.45) minus
/// 0.1·action² of the *unclipped* action. `make` adds the 999-step limit.
public final class MountainCarContinuous: RenderableEnvironment, NumPySeededEnvironment {
    public let id: String
    public let observationSpace: Box
    public let actionSpace: Space = .box(Box(low: [-1], high: [1]))
    @exclusivity(unchecked) public private(set) var hasReset = false
    @exclusivity(unchecked) @usableFromInline var seeding = GymnasiumSeeding()
    public var npRandom: NumPyGenerator {
        get { seeding.rng }
        set { seeding.rng = newValue; seeding.seeded = true }
    }

    public let minAction = -1.0
    public let maxAction = 1.0
    public let minPosition = -1.2
    public let maxPosition = 0.6
    public let maxSpeed = 0.07
    public let goalPosition = 0.45
    public let goalVelocity: Double
    public let power = 0.0015

    /// The state values; when `stateIsFloat32` they are exact float32 values.
    @exclusivity(unchecked) public private(set) var position = 0.0, velocity = 0.0
    /// False right after `reset` (Gymnasium keeps a float64 array), true after a step.
    @exclusivity(unchecked) public private(set) var stateIsFloat32 = false

    public init(goalVelocity: Double = 0, id: String = "MountainCarContinuous-v0") {
        self.id = id
        self.goalVelocity = goalVelocity
        observationSpace = Box(low: [Float(minPosition), Float(-maxSpeed)], high: [Float(maxPosition), Float(maxSpeed)])
    }

    public func reset(seed: UInt64?, options: ResetOptions?, into observation: UnsafeMutableBufferPointer<Float>) -> StepInfo {
        seeding.reseed(seed)
        let (lo, hi) = options?.bounds(defaultLow: -0.6, defaultHigh: -0.4) ?? (-0.6, -0.4)
        position = seeding.rng.uniform(low: lo, high: hi)
        velocity = 0
        stateIsFloat32 = false
        hasReset = true
        observation[0] = Float(position); observation[1] = Float(velocity)
        return StepInfo()
    }

    /// Python's scalars in this step are either float32 (NumPy) or float64
    /// (NumPy float64 or Python float); a comparison with a Python constant
    /// runs in the other operand's precision.

    public func step(continuous action: UnsafeBufferPointer<Float>, into observation: UnsafeMutableBufferPointer<Float>) -> Transition {
        let a = action[0]
        // force = min(max(action[0], -1.0), 1.0): stays float32 unless clipped to a Python float.
        var forceIsF32 = true
        var forceD = Double(a)
        if Float(minAction) > a { forceIsF32 = false; forceD = minAction }
        if forceIsF32 ? (Float(maxAction) < a) : (maxAction < forceD) { forceIsF32 = false; forceD = maxAction }

        let f32 = stateIsFloat32
        // velocity += force * power - 0.0025 * math.cos(3 * position)
        let cosArg = f32 ? Double(Float(3) * Float(position)) : 3 * position
        let t2 = 0.0025 * cos(cosArg)
        var pos = position, vel = velocity
        if forceIsF32 {
            let d = Float(forceD) * Float(power) - Float(t2)
            vel = f32 ? Double(Float(vel) + d) : vel + Double(d)
        } else {
            let d = forceD * power - t2
            vel = f32 ? Double(Float(vel) + Float(d)) : vel + d
        }
        // velocity clip: compared in the velocity's precision; a clipped value is a Python float.
        var velIsF32 = f32
        if velIsF32 ? Float(vel) > Float(maxSpeed) : vel > maxSpeed { vel = maxSpeed; velIsF32 = false }
        if velIsF32 ? Float(vel) < Float(-maxSpeed) : vel < -maxSpeed { vel = -maxSpeed; velIsF32 = false }
        // position += velocity
        pos = f32 ? Double(Float(pos) + Float(vel)) : pos + vel
        var posIsF32 = f32
        if posIsF32 ? Float(pos) > Float(maxPosition) : pos > maxPosition { pos = maxPosition; posIsF32 = false }
        if posIsF32 ? Float(pos) < Float(minPosition) : pos < minPosition { pos = minPosition; posIsF32 = false }
        if (posIsF32 ? Float(pos) == Float(minPosition) : pos == minPosition) && vel < 0 { vel = 0 }
        let terminated = (posIsF32 ? Float(pos) >= Float(goalPosition) : pos >= goalPosition)
            && (velIsF32 ? Float(vel) >= Float(goalVelocity) : vel >= goalVelocity)
        var reward = terminated ? 100.0 : 0.0
        reward -= npSquare(Double(a)) * 0.1
        let p32 = Float(pos), v32 = Float(vel)
        position = Double(p32); velocity = Double(v32)
        stateIsFloat32 = true
        observation[0] = p32; observation[1] = v32
        return Transition(reward: reward, terminated: terminated)
    }

    public func render() -> RGBImage { ClassicControlRendering.mountainCar(position: position, goalPosition: goalPosition) }
}

extension MountainCarContinuous: SnapshottableEnvironment {
    /// Values `[position, velocity]`, flags `[stateIsFloat32 ? 1 : 0]` (right
    /// after a reset the state is still a float64 array, which changes the next step).
    public func snapshot() -> EnvironmentState {
        EnvironmentState(id: id, values: [position, velocity], flags: [stateIsFloat32 ? 1 : 0],
                         generator: seeding.rng.bitGenerator, seeded: seeding.seeded, hasReset: hasReset)
    }
    public func restore(_ s: EnvironmentState) throws {
        try s.check(id, values: 2, flags: 1)
        position = s.values[0]; velocity = s.values[1]
        stateIsFloat32 = s.flags[0] != 0
        seeding.restore(s)
        hasReset = s.hasReset
    }
}

extension MountainCarContinuous: StatefulEnvironment {
    /// `[position, velocity]` (exact float32 values once a step has run).
    public var state: [Double] { [position, velocity] }
    /// Sets `[position, velocity]` as a float64 array, as `reset` leaves it and
    /// as `env.unwrapped.state = np.array([p, v])` does in Gymnasium: the next
    /// step runs in float64 on these exact values (later ones in float32).
    public func setState(_ values: [Double]) throws {
        try checkStateLength(values, 2)
        position = values[0]; velocity = values[1]
        stateIsFloat32 = false
        hasReset = true
    }
    /// `np.array(state, dtype=np.float32)`.
    public func observation(into observation: UnsafeMutableBufferPointer<Float>) {
        observation[0] = Float(position); observation[1] = Float(velocity)
    }
}
