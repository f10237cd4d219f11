import SwiftletGraphics

/// Draws each classic-control environment's picture exactly as Gymnasium's
/// pygame `render()` does, from plain state values.
///
/// CONTRACT (owned by the graphics/rendering work; environments call these):
/// the environment types call these functions from their `render()`.
public enum ClassicControlRendering {
    /// CartPole-v1, 600×400. `x` cart position, `theta` pole angle.
    public static func cartPole(x: Double, theta: Double) -> RGBImage {
        RGBImage(width: 600, height: 400)
    }
    /// MountainCar-v0 and MountainCarContinuous-v0, 600×400. `position` of the car;
    /// `goalPosition` 0.5 for v0, 0.45 for the continuous one.
    public static func mountainCar(position: Double, goalPosition: Double) -> RGBImage {
        RGBImage(width: 600, height: 400)
    }
    /// Acrobot-v1, 500×500. `theta1`, `theta2` link angles.
    public static func acrobot(theta1: Double, theta2: Double) -> RGBImage {
        RGBImage(width: 500, height: 500)
    }
    /// Pendulum-v1, 500×500. `theta` angle; `lastTorque` the last applied action
    /// (nil before the first step: no torque arrow).
    public static func pendulum(theta: Double, lastTorque: Double?) -> RGBImage {
        RGBImage(width: 500, height: 500)
    }
}
