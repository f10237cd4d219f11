#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SwiftletGraphics

/// CartPole-v1 exactly as Gymnasium 1.4's `CartPoleEnv` (Barto, Sutton &
/// Anderson): Euler integration with tau 0.02, force ±10, termination at
/// |x| > 2.4 or |theta| > 12°, reward +1 per step including the terminating
/// one (0 for steps after termination). State is float64; observations are
/// the state rounded to float32. `make("CartPole-v1")` adds the 500-step limit.
///
/// ```swift
/// let env = CartPole()
/// env.reset(seed: 0)
/// let r = try env.step(1)
/// ```
public final class CartPole: RenderableEnvironment, NumPySeededEnvironment {
    public let id: String
    public let observationSpace: Box
    public let actionSpace: Space = .discrete(Discrete(2))
    @exclusivity(unchecked) public private(set) var hasReset = false
    @exclusivity(unchecked) @usableFromInline var seeding = GymnasiumSeeding()
    public var npRandom: NumPyGenerator {
        get { seeding.rng }
        set { seeding.rng = newValue; seeding.seeded = true }
    }

    public let gravity = 9.8
    public let massCart = 1.0
    public let massPole = 0.1
    public let totalMass: Double
    /// Half the pole's length.
    public let length = 0.5
    public let poleMassLength: Double
    public let forceMag = 10.0
    public let tau = 0.02
    public let thetaThresholdRadians = 12 * 2 * Double.pi / 360
    public let xThreshold = 2.4
    /// Gymnasium's `sutton_barto_reward`: 0 per step, -1 on termination.
    public let suttonBartoReward: Bool

    /// Cart position, cart velocity, pole angle, pole angular velocity.
    @exclusivity(unchecked) public var x = 0.0, xDot = 0.0, theta = 0.0, thetaDot = 0.0
    /// Gymnasium's `steps_beyond_terminated`.
    @exclusivity(unchecked) public var stepsBeyondTerminated: Int?

    public init(suttonBartoReward: Bool = false, id: String = "CartPole-v1") {
        self.id = id
        self.suttonBartoReward = suttonBartoReward
        totalMass = massPole + massCart
        poleMassLength = massPole * length
        let hi: [Float] = [Float(xThreshold * 2), .infinity, Float(thetaThresholdRadians * 2), .infinity]
        observationSpace = Box(low: hi.map { -$0 }, high: hi)
    }

    /// The float64 state `[x, x_dot, theta, theta_dot]`.
    public var state: [Double] { [x, xDot, theta, thetaDot] }

    @inline(__always)
    func writeObservation(_ o: UnsafeMutableBufferPointer<Float>) {
        o[0] = Float(x); o[1] = Float(xDot); o[2] = Float(theta); o[3] = Float(thetaDot)
    }

    public func reset(seed: UInt64?, options: ResetOptions?, into observation: UnsafeMutableBufferPointer<Float>) -> StepInfo {
        seeding.reseed(seed)
        let (lo, hi) = options?.bounds(defaultLow: -0.05, defaultHigh: 0.05) ?? (-0.05, 0.05)
        x = seeding.rng.uniform(low: lo, high: hi)
        xDot = seeding.rng.uniform(low: lo, high: hi)
        theta = seeding.rng.uniform(low: lo, high: hi)
        thetaDot = seeding.rng.uniform(low: lo, high: hi)
        stepsBeyondTerminated = nil
        hasReset = true
        writeObservation(observation)
        return StepInfo()
    }


    public func step(discrete action: Int, into observation: UnsafeMutableBufferPointer<Float>) -> Transition {
        precondition(action == 0 || action == 1, "CartPole: action \(action) is not in Discrete(2)")
        let force = action == 1 ? forceMag : -forceMag
        let (sintheta, costheta) = sinCos(theta)
        let temp = (force + poleMassLength * (thetaDot * thetaDot) * sintheta) / totalMass
        let thetaacc = (gravity * sintheta - costheta * temp)
            / (length * (4.0 / 3.0 - massPole * (costheta * costheta) / totalMass))
        let xacc = temp - poleMassLength * thetaacc * costheta / totalMass
        x = x + tau * xDot
        xDot = xDot + tau * xacc
        theta = theta + tau * thetaDot
        thetaDot = thetaDot + tau * thetaacc
        let terminated = x < -xThreshold || x > xThreshold
            || theta < -thetaThresholdRadians || theta > thetaThresholdRadians
        let reward: Double
        if !terminated {
            reward = suttonBartoReward ? 0 : 1
        } else if stepsBeyondTerminated == nil {
            stepsBeyondTerminated = 0
            reward = suttonBartoReward ? -1 : 1
        } else {
            stepsBeyondTerminated! += 1
            reward = suttonBartoReward ? -1 : 0
        }
        writeObservation(observation)
        return Transition(reward: reward, terminated: terminated)
    }

    public func render() -> RGBImage { ClassicControlRendering.cartPole(x: x, theta: theta) }
}

extension CartPole: SnapshottableEnvironment {
    /// Values `[x, x_dot, theta, theta_dot]`, flags `[steps_beyond_terminated ?? -1]`.
    public func snapshot() -> EnvironmentState {
        EnvironmentState(id: id, values: state, flags: [stepsBeyondTerminated ?? -1], generator: seeding.rng.bitGenerator,
                         seeded: seeding.seeded, hasReset: hasReset)
    }
    public func restore(_ s: EnvironmentState) throws {
        try s.check(id, values: 4, flags: 1)
        x = s.values[0]; xDot = s.values[1]; theta = s.values[2]; thetaDot = s.values[3]
        stepsBeyondTerminated = s.flags[0] < 0 ? nil : s.flags[0]
        seeding.restore(s)
        hasReset = s.hasReset
    }
}

extension CartPole: StatefulEnvironment {
    /// Sets the float64 state `[x, x_dot, theta, theta_dot]` (like assigning a
    /// float64 array to `env.unwrapped.state`) and clears `steps_beyond_terminated`.
    public func setState(_ values: [Double]) throws {
        try checkStateLength(values, 4)
        x = values[0]; xDot = values[1]; theta = values[2]; thetaDot = values[3]
        stepsBeyondTerminated = nil
        hasReset = true
    }
    public func observation(into observation: UnsafeMutableBufferPointer<Float>) { writeObservation(observation) }
}
