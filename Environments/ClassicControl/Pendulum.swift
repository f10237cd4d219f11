#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SwiftletGraphics

/// Pendulum-v1 exactly as Gymnasium 1.4's `PendulumEnv`: torque clipped to
/// ±2 in float32, semi-implicit Euler with dt 0.05, speed clipped to ±8,
/// cost θ̂² + 0.1·θ̇² + 0.001·u² (u² and 0.001·u² in float32, as NumPy 2
/// computes them), never terminates. `make` adds the 200-step limit.
public final class Pendulum: RenderableEnvironment, NumPySeededEnvironment {
    public let id: String
    public let observationSpace: Box
    public let actionSpace: Space
    @exclusivity(unchecked) public private(set) var hasReset = false
    @exclusivity(unchecked) @usableFromInline var seeding = GymnasiumSeeding()
    public var npRandom: NumPyGenerator {
        get { seeding.rng }
        set { seeding.rng = newValue; seeding.seeded = true }
    }

    public let maxSpeed = 8.0
    public let maxTorque = 2.0
    public let dt = 0.05
    public let g: Double
    public let m = 1.0
    public let l = 1.0

    /// Angle (0 = upright) and angular velocity, float64.
    @exclusivity(unchecked) public var theta = 0.0, thetaDot = 0.0
    /// The last clipped torque (for rendering); nil after reset.
    @exclusivity(unchecked) public private(set) var lastTorque: Float?

    public init(g: Double = 10.0, id: String = "Pendulum-v1") {
        self.id = id
        self.g = g
        actionSpace = .box(Box(low: [Float(-maxTorque)], high: [Float(maxTorque)]))
        let hi: [Float] = [1, 1, Float(maxSpeed)]
        observationSpace = Box(low: hi.map { -$0 }, high: hi)
    }

    @inline(__always)
    func writeObservation(_ o: UnsafeMutableBufferPointer<Float>) {
        let (s, c) = sinCos(theta)
        o[0] = Float(c); o[1] = Float(s); o[2] = Float(thetaDot)
    }

    public func reset(seed: UInt64?, options: ResetOptions?, into observation: UnsafeMutableBufferPointer<Float>) -> StepInfo {
        seeding.reseed(seed)
        let hx = options?.xInit ?? Double.pi, hy = options?.yInit ?? 1.0
        theta = seeding.rng.uniform(low: -hx, high: hx)
        thetaDot = seeding.rng.uniform(low: -hy, high: hy)
        lastTorque = nil
        hasReset = true
        writeObservation(observation)
        return StepInfo()
    }


    public func step(continuous action: UnsafeBufferPointer<Float>, into observation: UnsafeMutableBufferPointer<Float>) -> Transition {
        let th = theta, thdot = thetaDot
        // np.clip(u, -2.0, 2.0)[0] in float32 (NaN passes through)
        var u = action[0]
        if u < Float(-maxTorque) { u = Float(-maxTorque) }
        if u > Float(maxTorque) { u = Float(maxTorque) }
        lastTorque = u
        let angle = npRemainder(th + Double.pi, 2 * Double.pi) - Double.pi
        let costs = npSquare(angle) + 0.1 * npSquare(thdot) + Double(Float(0.001) * npSquare(u))
        var newthdot = thdot + (3 * g / (2 * l) * sin(th) + Double(Float(3.0 / (m * l * l)) * u)) * dt
        newthdot = min(max(newthdot, -maxSpeed), maxSpeed)
        let newth = th + newthdot * dt
        theta = newth; thetaDot = newthdot
        writeObservation(observation)
        return Transition(reward: -costs, terminated: false)
    }

    public func render() -> RGBImage {
        ClassicControlRendering.pendulum(theta: theta, lastTorque: lastTorque.map(Double.init))
    }
}

extension Pendulum: SnapshottableEnvironment {
    /// Values `[theta, theta_dot, last torque or 0]`, flags `[last torque set ? 1 : 0]`.
    public func snapshot() -> EnvironmentState {
        EnvironmentState(id: id, values: [theta, thetaDot, Double(lastTorque ?? 0)], flags: [lastTorque == nil ? 0 : 1],
                         generator: seeding.rng.bitGenerator, seeded: seeding.seeded, hasReset: hasReset)
    }
    public func restore(_ s: EnvironmentState) throws {
        try s.check(id, values: 3, flags: 1)
        theta = s.values[0]; thetaDot = s.values[1]
        lastTorque = s.flags[0] != 0 ? Float(s.values[2]) : nil
        seeding.restore(s)
        hasReset = s.hasReset
    }
}

extension Pendulum: StatefulEnvironment {
    /// `[theta, theta_dot]`, float64.
    public var state: [Double] { [theta, thetaDot] }
    /// Sets the float64 state `[theta, theta_dot]` (the last torque drawn by
    /// `render` is kept, as assigning `env.unwrapped.state` keeps `last_u`).
    public func setState(_ values: [Double]) throws {
        try checkStateLength(values, 2)
        theta = values[0]; thetaDot = values[1]
        hasReset = true
    }
    public func observation(into observation: UnsafeMutableBufferPointer<Float>) { writeObservation(observation) }
}
