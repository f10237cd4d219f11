import Foundation
import Testing
import SwiftletGraphics
import SwiftletEnvironments

/// Our renderers against Gymnasium 1.4's `rgb_array` frames for set states
/// (Fixtures/frames, made by make_frames.py). Target: ≥ 99 % identical pixels per frame.
@Suite struct RenderingFixtureTests {
    static func cases() throws -> [[String: Any]] {
        try Fixtures.json("frames/manifest.json") as! [[String: Any]]
    }

    static func render(_ c: [String: Any]) -> RGBImage {
        switch c["env"] as! String {
        case "CartPole-v1":
            return ClassicControlRendering.cartPole(x: c["x"] as! Double, theta: c["theta"] as! Double)
        case "MountainCar-v0", "MountainCarContinuous-v0":
            return ClassicControlRendering.mountainCar(position: c["position"] as! Double,
                                                       goalPosition: c["goal_position"] as! Double)
        case "Acrobot-v1":
            return ClassicControlRendering.acrobot(theta1: c["theta1"] as! Double, theta2: c["theta2"] as! Double)
        case "Pendulum-v1":
            return ClassicControlRendering.pendulum(theta: c["theta"] as! Double, lastTorque: c["last_u"] as? Double)
        default:
            fatalError("unknown env in manifest: \(c["env"]!)")
        }
    }

    @Test func framesMatchGymnasium() throws {
        var worst: [String: Double] = [:]
        var total: [String: (Int, Int)] = [:]
        for c in try Self.cases() {
            let file = c["file"] as! String, env = c["env"] as! String
            let expected = try Fixtures.png("frames/" + file)
            let ours = Self.render(c)
            #expect(ours.width == expected.width && ours.height == expected.height, "\(file): size")
            let frac = ours.fractionIdentical(to: expected)
            let diff = ours.difference(to: expected)
            print("frame \(file): identical \(String(format: "%.5f", frac)), differing pixels \(diff.pixels), max channel diff \(diff.maxChannel)")
            #expect(frac >= 0.99, "\(file): only \(frac) of pixels identical")
            worst[env] = min(worst[env] ?? 1, frac)
            let t = total[env] ?? (0, 0)
            total[env] = (t.0 + diff.pixels, t.1 + ours.width * ours.height)
        }
        for (env, w) in worst.sorted(by: { $0.key < $1.key }) {
            let t = total[env]!
            print("env \(env): worst frame \(String(format: "%.5f", w)), overall identical \(String(format: "%.6f", 1 - Double(t.0) / Double(t.1)))")
        }
    }
}
