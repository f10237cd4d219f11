#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SwiftletGraphics

/// Acrobot-v1 exactly as Gymnasium 1.4's `AcrobotEnv` ("book" dynamics,
/// one RK4 step of dt 0.2, torques -1/0/+1, angles wrapped to [-π, π],
/// velocities bounded by 4π and 9π, reward -1 until the tip rises above the
/// bar). The reset state is float32 (Gymnasium casts it), so the first
/// observation uses NumPy's float32 `sin`/`cos`; after a step the state is
/// float64. `make` adds the 500-step limit.
public final class Acrobot: RenderableEnvironment, NumPySeededEnvironment {
    public let id: String
    public let observationSpace: Box
    public let actionSpace: Space = .discrete(Discrete(3))
    @exclusivity(unchecked) public private(set) var hasReset = false
    @exclusivity(unchecked) @usableFromInline var seeding = GymnasiumSeeding()
    public var npRandom: NumPyGenerator {
        get { seeding.rng }
        set { seeding.rng = newValue; seeding.seeded = true }
    }

    public static let dt = 0.2
    public static let linkLength1 = 1.0
    public static let linkLength2 = 1.0
    public static let linkMass1 = 1.0
    public static let linkMass2 = 1.0
    public static let linkCOMPos1 = 0.5
    public static let linkCOMPos2 = 0.5
    public static let linkMOI = 1.0
    public static let maxVel1 = 4 * Double.pi
    public static let maxVel2 = 9 * Double.pi
    public static let availableTorque: [Double] = [-1.0, 0.0, 1.0]

    /// theta1, theta2, dtheta1, dtheta2.
    @exclusivity(unchecked) public private(set) var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
    /// True right after reset (float32 state), false after a step.
    @exclusivity(unchecked) public private(set) var stateIsFloat32 = false

    public init(id: String = "Acrobot-v1") {
        self.id = id
        let hi: [Float] = [1, 1, 1, 1, Float(Acrobot.maxVel1), Float(Acrobot.maxVel2)]
        observationSpace = Box(low: hi.map { -$0 }, high: hi)
    }

    /// The state `[theta1, theta2, dtheta1, dtheta2]`.
    public var state: [Double] { [s0, s1, s2, s3] }

    @inline(__always)
    func writeObservation(_ o: UnsafeMutableBufferPointer<Float>) {
        if stateIsFloat32 {
            let a = Float(s0), b = Float(s1)
            o[0] = NumPyFloat32Trig.cos(a); o[1] = NumPyFloat32Trig.sin(a)
            o[2] = NumPyFloat32Trig.cos(b); o[3] = NumPyFloat32Trig.sin(b)
        } else {
            let (sa, ca) = sinCos(s0), (sb, cb) = sinCos(s1)
            o[0] = Float(ca); o[1] = Float(sa); o[2] = Float(cb); o[3] = Float(sb)
        }
        o[4] = Float(s2); o[5] = Float(s3)
    }

    public func reset(seed: UInt64?, options: ResetOptions?, into observation: UnsafeMutableBufferPointer<Float>) -> StepInfo {
        seeding.reseed(seed)
        let (lo, hi) = options?.bounds(defaultLow: -0.1, defaultHigh: 0.1) ?? (-0.1, 0.1)
        s0 = Double(Float(seeding.rng.uniform(low: lo, high: hi)))
        s1 = Double(Float(seeding.rng.uniform(low: lo, high: hi)))
        s2 = Double(Float(seeding.rng.uniform(low: lo, high: hi)))
        s3 = Double(Float(seeding.rng.uniform(low: lo, high: hi)))
        stateIsFloat32 = true
        hasReset = true
        writeObservation(observation)
        return StepInfo()
    }

    /// `_dsdt` with Gymnasium's operation order.
    @inline(__always)
    static func dsdt(_ theta1: Double, _ theta2: Double, _ dtheta1: Double, _ dtheta2: Double, _ a: Double)
        -> (Double, Double, Double, Double) {
        let m1 = linkMass1, m2 = linkMass2, l1 = linkLength1
        let lc1 = linkCOMPos1, lc2 = linkCOMPos2, I1 = linkMOI, I2 = linkMOI
        let g = 9.8
        let (sin2, cos2) = sinCos(theta2)
        let d1 = m1 * (lc1 * lc1) + m2 * ((l1 * l1) + (lc2 * lc2) + 2 * l1 * lc2 * cos2) + I1 + I2
        let d2 = m2 * ((lc2 * lc2) + l1 * lc2 * cos2) + I2
        let phi2 = m2 * lc2 * g * cos(theta1 + theta2 - Double.pi / 2.0)
        let phi1 = -m2 * l1 * lc2 * npSquare(dtheta2) * sin2
            - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * sin2
            + (m1 * lc1 + m2 * l1) * g * cos(theta1 - Double.pi / 2)
            + phi2
        let ddtheta2 = (a + d2 / d1 * phi1 - m2 * l1 * lc2 * npSquare(dtheta1) * sin2 - phi2)
            / (m2 * (lc2 * lc2) + I2 - npSquare(d2) / d1)
        let ddtheta1 = -(d2 * ddtheta2 + phi1) / d1
        return (dtheta1, dtheta2, ddtheta1, ddtheta2)
    }


    public func step(discrete action: Int, into observation: UnsafeMutableBufferPointer<Float>) -> Transition {
        precondition(action >= 0 && action < 3, "Acrobot: action \(action) is not in Discrete(3)")
        let torque = Acrobot.availableTorque[action]
        // rk4(_dsdt, [s, torque], [0, dt]); the torque's derivative is 0 so it stays constant.
        let dt = Acrobot.dt - 0
        let dt2 = dt / 2.0
        let y0 = s0, y1 = s1, y2 = s2, y3 = s3
        let k1 = Acrobot.dsdt(y0, y1, y2, y3, torque)
        let k2 = Acrobot.dsdt(y0 + dt2 * k1.0, y1 + dt2 * k1.1, y2 + dt2 * k1.2, y3 + dt2 * k1.3, torque)
        let k3 = Acrobot.dsdt(y0 + dt2 * k2.0, y1 + dt2 * k2.1, y2 + dt2 * k2.2, y3 + dt2 * k2.3, torque)
        let k4 = Acrobot.dsdt(y0 + dt * k3.0, y1 + dt * k3.1, y2 + dt * k3.2, y3 + dt * k3.3, torque)
        let c = dt / 6.0
        var n0 = y0 + c * (k1.0 + 2 * k2.0 + 2 * k3.0 + k4.0)
        var n1 = y1 + c * (k1.1 + 2 * k2.1 + 2 * k3.1 + k4.1)
        var n2 = y2 + c * (k1.2 + 2 * k2.2 + 2 * k3.2 + k4.2)
        var n3 = y3 + c * (k1.3 + 2 * k2.3 + 2 * k3.3 + k4.3)
        n0 = Acrobot.wrap(n0, -Double.pi, Double.pi)
        n1 = Acrobot.wrap(n1, -Double.pi, Double.pi)
        n2 = Acrobot.bound(n2, -Acrobot.maxVel1, Acrobot.maxVel1)
        n3 = Acrobot.bound(n3, -Acrobot.maxVel2, Acrobot.maxVel2)
        s0 = n0; s1 = n1; s2 = n2; s3 = n3
        stateIsFloat32 = false
        let terminated = -cos(s0) - cos(s1 + s0) > 1.0
        writeObservation(observation)
        return Transition(reward: terminated ? 0.0 : -1.0, terminated: terminated)
    }

    @inline(__always)
    static func wrap(_ x: Double, _ m: Double, _ M: Double) -> Double {
        let diff = M - m
        var x = x
        while x > M { x = x - diff }
        while x < m { x = x + diff }
        return x
    }

    /// Python's `min(max(x, m), M)`.
    @inline(__always)
    static func bound(_ x: Double, _ m: Double, _ M: Double) -> Double {
        let y = m > x ? m : x
        return M < y ? M : y
    }

    public func render() -> RGBImage { ClassicControlRendering.acrobot(theta1: s0, theta2: s1) }
}

extension Acrobot: SnapshottableEnvironment {
    /// Values `[theta1, theta2, dtheta1, dtheta2]`, flags `[stateIsFloat32 ? 1 : 0]`
    /// (right after a reset the state is float32, which changes the observation).
    public func snapshot() -> EnvironmentState {
        EnvironmentState(id: id, values: state, flags: [stateIsFloat32 ? 1 : 0], generator: seeding.rng.bitGenerator,
                         seeded: seeding.seeded, hasReset: hasReset)
    }
    public func restore(_ s: EnvironmentState) throws {
        try s.check(id, values: 4, flags: 1)
        s0 = s.values[0]; s1 = s.values[1]; s2 = s.values[2]; s3 = s.values[3]
        stateIsFloat32 = s.flags[0] != 0
        seeding.restore(s)
        hasReset = s.hasReset
    }
}

extension Acrobot: StatefulEnvironment {
    /// Sets `[theta1, theta2, dtheta1, dtheta2]` as a float32 array, the dtype
    /// Gymnasium's `reset` gives the state (`.astype(np.float32)`): the values
    /// are rounded to float32 and the observation uses float32 `cos`/`sin`
    /// until the next step (which runs in float64).
    public func setState(_ values: [Double]) throws {
        try checkStateLength(values, 4)
        s0 = Double(Float(values[0])); s1 = Double(Float(values[1]))
        s2 = Double(Float(values[2])); s3 = Double(Float(values[3]))
        stateIsFloat32 = true
        hasReset = true
    }
    public func observation(into observation: UnsafeMutableBufferPointer<Float>) { writeObservation(observation) }
}
