import Foundation
import SwiftletGraphics

/// Draws each classic-control environment's picture exactly as Gymnasium's
/// pygame `render()` does, from plain state values.
///
/// CONTRACT (owned by the graphics/rendering work; environments call these):
/// the environment types call these functions from their `render()`.
///
/// Each function repeats Gymnasium 1.4's drawing calls (same constants, same
/// float64 geometry, pygame's float→int truncation) on a ``Canvas`` whose
/// primitives follow pygame-ce's, then flips the picture vertically as Gymnasium
/// does. Measured against Gymnasium's `rgb_array` frames in
/// `Tests/GraphicsTests` (see `make_frames.py`). Cost: a fresh frame per call,
/// a few hundred microseconds at most; no per-pixel allocation.
///
/// ```swift
/// let frame = ClassicControlRendering.cartPole(x: 0.1, theta: -0.05)   // 600×400 RGBImage
/// ```
public enum ClassicControlRendering {
    /// CartPole-v1, 600×400. `x` cart position, `theta` pole angle.
    public static func cartPole(x: Double, theta: Double) -> RGBImage {
        let screenWidth = 600.0
        let worldWidth = 2.4 * 2
        let scale = screenWidth / worldWidth
        let polewidth = 10.0
        let polelen = scale * (2 * 0.5)
        let cartwidth = 50.0, cartheight = 30.0
        var c = Canvas(width: 600, height: 400)

        let l = -cartwidth / 2, r = cartwidth / 2, t = cartheight / 2, b = -cartheight / 2
        let axleoffset = cartheight / 4.0
        let cartx = x * scale + screenWidth / 2.0
        let carty = 100.0
        let cart = [(l, b), (l, t), (r, t), (r, b)].map { ($0.0 + cartx, $0.1 + carty) }
        c.gfxAAPolygon(cart, color: .black)
        c.gfxFilledPolygon(cart, color: .black)

        let pl = -polewidth / 2, pr = polewidth / 2, pt = polelen - polewidth / 2, pb = -polewidth / 2
        let pole = [(pl, pb), (pl, pt), (pr, pt), (pr, pb)].map { p -> (Double, Double) in
            let q = rotateRad(p, -theta)
            return (q.0 + cartx, q.1 + carty + axleoffset)
        }
        let poleColor = RGB(202, 152, 101)
        c.gfxAAPolygon(pole, color: poleColor)
        c.gfxFilledPolygon(pole, color: poleColor)

        let axle = RGB(129, 132, 203)
        let ax = pyInt(cartx), ay = pyInt(carty + axleoffset), ar = pyInt(polewidth / 2)
        c.gfxAACircle(x: ax, y: ay, radius: ar, color: axle)
        c.gfxFilledCircle(x: ax, y: ay, radius: ar, color: axle)

        c.gfxHLine(0, 600, Int(carty), .black)
        c.flipVertically()
        return c.image
    }

    /// MountainCar-v0 and MountainCarContinuous-v0, 600×400. `position` of the car;
    /// `goalPosition` 0.5 for v0, 0.45 for the continuous one.
    public static func mountainCar(position pos: Double, goalPosition: Double) -> RGBImage {
        let minPosition = -1.2, maxPosition = 0.6
        let scale = 600.0 / (maxPosition - minPosition)
        let carwidth = 40.0, carheight = 20.0
        func height(_ x: Double) -> Double { sin(3 * x) * 0.45 + 0.55 }
        var c = Canvas(width: 600, height: 400)

        // np.linspace(min, max, 100): i * step + start, last point exactly max.
        let step = (maxPosition - minPosition) / 99
        var curve = [(Double, Double)]()
        curve.reserveCapacity(100)
        for i in 0..<100 {
            let xv = i == 99 ? maxPosition : Double(i) * step + minPosition
            curve.append(((xv - minPosition) * scale, height(xv) * scale))
        }
        c.aaLines(curve, color: .black)

        let clearance = 10.0
        let l = -carwidth / 2, r = carwidth / 2, t = carheight, b = 0.0
        let angle = cos(3 * pos)
        let baseX = (pos - minPosition) * scale
        let hpos = height(pos)
        let car = [(l, b), (l, t), (r, t), (r, b)].map { p -> (Double, Double) in
            let q = rotateRad(p, angle)
            return (q.0 + baseX, q.1 + clearance + hpos * scale)
        }
        c.gfxAAPolygon(car, color: .black)
        c.gfxFilledPolygon(car, color: .black)

        let wheelColor = RGB(128, 128, 128)
        let wheelRadius = pyInt(carheight / 2.5)
        for p in [(carwidth / 4, 0.0), (-carwidth / 4, 0.0)] {
            let q = rotateRad(p, angle)
            let wx = pyInt(q.0 + baseX), wy = pyInt(q.1 + clearance + hpos * scale)
            c.gfxAACircle(x: wx, y: wy, radius: wheelRadius, color: wheelColor)
            c.gfxFilledCircle(x: wx, y: wy, radius: wheelRadius, color: wheelColor)
        }

        let flagx = pyInt((goalPosition - minPosition) * scale)
        let flagy1 = pyInt(height(goalPosition) * scale)
        let flagy2 = flagy1 + 50
        c.gfxVLine(flagx, flagy1, flagy2, .black)
        let flag = [(Double(flagx), Double(flagy2)), (Double(flagx), Double(flagy2 - 10)),
                    (Double(flagx + 25), Double(flagy2 - 5))]
        let flagColor = RGB(204, 204, 0)
        c.gfxAAPolygon(flag, color: flagColor)
        c.gfxFilledPolygon(flag, color: flagColor)

        c.flipVertically()
        return c.image
    }

    /// Acrobot-v1, 500×500. `theta1`, `theta2` link angles.
    public static func acrobot(theta1: Double, theta2: Double) -> RGBImage {
        let dim = 500.0
        let link1 = 1.0, link2 = 1.0
        let bound = link1 + link2 + 0.2
        let scale = dim / (bound * 2)
        let offset = dim / 2
        var c = Canvas(width: 500, height: 500)

        let p1 = (-link1 * cos(theta1) * scale, link1 * sin(theta1) * scale)
        let xys = [(0.0, 0.0), (p1.1, p1.0)]
        let thetas = [theta1 - Double.pi / 2, theta1 + theta2 - Double.pi / 2]
        let lengths = [link1 * scale, link2 * scale]

        c.line(from: (-2.2 * scale + offset, 1 * scale + offset), to: (2.2 * scale + offset, 1 * scale + offset),
               color: .black)

        let linkColor = RGB(0, 204, 204), jointColor = RGB(204, 204, 0)
        for k in 0..<2 {
            let x = xys[k].0 + offset, y = xys[k].1 + offset
            let l = 0.0, r = lengths[k], t = 0.1 * scale, b = -0.1 * scale
            let coords = [(l, b), (l, t), (r, t), (r, b)].map { p -> (Double, Double) in
                let q = rotateRad(p, thetas[k])
                return (q.0 + x, q.1 + y)
            }
            c.gfxAAPolygon(coords, color: linkColor)
            c.gfxFilledPolygon(coords, color: linkColor)
            let jr = pyInt(0.1 * scale)
            c.gfxAACircle(x: pyInt(x), y: pyInt(y), radius: jr, color: jointColor)
            c.gfxFilledCircle(x: pyInt(x), y: pyInt(y), radius: jr, color: jointColor)
        }
        c.flipVertically()
        return c.image
    }

    /// Pendulum-v1, 500×500. `theta` angle; `lastTorque` the last applied action
    /// (nil before the first step: no torque arrow). The torque is taken as the
    /// float32 value Gymnasium stores, so the arrow size is computed in float32.
    public static func pendulum(theta: Double, lastTorque: Double?) -> RGBImage {
        let dim = 500
        let bound = 2.2
        let scale = Double(dim) / (bound * 2)
        let offset = dim / 2
        let off = Double(offset)
        var c = Canvas(width: dim, height: dim)

        let rodLength = 1 * scale, rodWidth = 0.2 * scale
        let l = 0.0, r = rodLength, t = rodWidth / 2, b = -rodWidth / 2
        let angle = theta + Double.pi / 2
        let rod = [(l, b), (l, t), (r, t), (r, b)].map { p -> (Double, Double) in
            let q = rotateRad(p, angle)
            return (q.0 + off, q.1 + off)
        }
        let rodColor = RGB(204, 77, 77)
        c.gfxAAPolygon(rod, color: rodColor)
        c.gfxFilledPolygon(rod, color: rodColor)
        let rr = pyInt(rodWidth / 2)
        c.gfxAACircle(x: offset, y: offset, radius: rr, color: rodColor)
        c.gfxFilledCircle(x: offset, y: offset, radius: rr, color: rodColor)

        let end = rotateRad((rodLength, 0), angle)
        let ex = pyInt(end.0 + off), ey = pyInt(end.1 + off)
        c.gfxAACircle(x: ex, y: ey, radius: rr, color: rodColor)
        c.gfxFilledCircle(x: ex, y: ey, radius: rr, color: rodColor)

        if let u = lastTorque {
            let u32 = Float(u)
            // NumPy 2 keeps `python_float * float32` in float32.
            let side = pyInt(Double(Float(scale) * abs(u32) / 2))
            if side > 0 {
                let arrow = ClockwiseArrow.scaled(side: side, flipHorizontally: u32 > 0)
                c.blit(arrow, x: offset - side / 2, y: offset - side / 2)
            }
        }

        let axleRadius = pyInt(0.05 * scale)
        c.gfxAACircle(x: offset, y: offset, radius: axleRadius, color: .black)
        c.gfxFilledCircle(x: offset, y: offset, radius: axleRadius, color: .black)
        c.flipVertically()
        return c.image
    }

    // MARK: pygame helpers

    /// `pygame.math.Vector2(p).rotate_rad(angle)`: the angle is reduced modulo 2π first,
    /// multiples of 90° (within 1e-6) are exact swaps, otherwise the usual rotation.
    static func rotateRad(_ p: (Double, Double), _ angle: Double) -> (Double, Double) {
        let twoPi = 2 * Double.pi, halfPi = Double.pi / 2, eps = 1e-6
        var a = fmod(angle, twoPi)
        if a < 0 { a += twoPi }
        if fmod(a + eps, halfPi) < 2 * eps {
            switch Int((a + eps) / halfPi) {
            case 1: return (-p.1, p.0)
            case 2: return (-p.0, -p.1)
            case 3: return (p.1, -p.0)
            default: return p
            }
        }
        let s = sin(a), co = cos(a)
        return (co * p.0 - s * p.1, s * p.0 + co * p.1)
    }

    /// Python's `int()` on a float: truncation toward zero.
    static func pyInt(_ v: Double) -> Int {
        guard v.isFinite else { return 0 }
        return Int(v.rounded(.towardZero))
    }
}
