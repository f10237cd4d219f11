#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SwiftletGraphics

/// MountainCar-v0 exactly as Gymnasium 1.4's `MountainCarEnv`: actions
/// push left / none / right, velocity clipped to ±0.07, position to
/// [-1.2, 0.6] with an inelastic left wall, reward -1 per step, termination
/// at position ≥ 0.5 with velocity ≥ 0. `make` adds the 200-step limit.
public final class MountainCar: RenderableEnvironment, NumPySeededEnvironment {
    public let id: String
    public let observationSpace: Box
    public let actionSpace: Space = .discrete(Discrete(3))
    @exclusivity(unchecked) public private(set) var hasReset = false
    @exclusivity(unchecked) @usableFromInline var seeding = GymnasiumSeeding()
    public var npRandom: NumPyGenerator {
        get { seeding.rng }
        set { seeding.rng = newValue; seeding.seeded = true }
    }

    public let minPosition = -1.2
    public let maxPosition = 0.6
    public let maxSpeed = 0.07
    public let goalPosition = 0.5
    public let goalVelocity: Double
    public let force = 0.001
    public let gravity = 0.0025

    @exclusivity(unchecked) public var position = 0.0, velocity = 0.0

    public init(goalVelocity: Double = 0, id: String = "MountainCar-v0") {
        self.id = id
        self.goalVelocity = goalVelocity
        observationSpace = Box(low: [Float(minPosition), Float(-maxSpeed)], high: [Float(maxPosition), Float(maxSpeed)])
    }

    public func reset(seed: UInt64?, options: ResetOptions?, into observation: UnsafeMutableBufferPointer<Float>) -> StepInfo {
        seeding.reseed(seed)
        let (lo, hi) = options?.bounds(defaultLow: -0.6, defaultHigh: -0.4) ?? (-0.6, -0.4)
        position = seeding.rng.uniform(low: lo, high: hi)
        velocity = 0
        hasReset = true
        observation[0] = Float(position); observation[1] = Float(velocity)
        return StepInfo()
    }


    public func step(discrete action: Int, into observation: UnsafeMutableBufferPointer<Float>) -> Transition {
        precondition(action >= 0 && action < 3, "MountainCar: action \(action) is not in Discrete(3)")
        var v = velocity + (Double(action - 1) * force + cos(3 * position) * (-gravity))
        v = min(max(v, -maxSpeed), maxSpeed)
        var p = position + v
        p = min(max(p, minPosition), maxPosition)
        if p == minPosition && v < 0 { v = 0 }
        let terminated = p >= goalPosition && v >= goalVelocity
        position = p; velocity = v
        observation[0] = Float(p); observation[1] = Float(v)
        return Transition(reward: -1.0, terminated: terminated)
    }

    public func render() -> RGBImage { ClassicControlRendering.mountainCar(position: position, goalPosition: goalPosition) }
}

extension MountainCar: SnapshottableEnvironment {
    /// Values `[position, velocity]`.
    public func snapshot() -> EnvironmentState {
        EnvironmentState(id: id, values: [position, velocity], flags: [], generator: seeding.rng.bitGenerator,
                         seeded: seeding.seeded, hasReset: hasReset)
    }
    public func restore(_ s: EnvironmentState) throws {
        try s.check(id, values: 2, flags: 0)
        position = s.values[0]; velocity = s.values[1]
        seeding.restore(s)
        hasReset = s.hasReset
    }
}

extension MountainCar: StatefulEnvironment {
    /// `[position, velocity]`, float64.
    public var state: [Double] { [position, velocity] }
    /// Sets the float64 state `[position, velocity]`.
    public func setState(_ values: [Double]) throws {
        try checkStateLength(values, 2)
        position = values[0]; velocity = values[1]
        hasReset = true
    }
    public func observation(into observation: UnsafeMutableBufferPointer<Float>) {
        observation[0] = Float(position); observation[1] = Float(velocity)
    }
}
