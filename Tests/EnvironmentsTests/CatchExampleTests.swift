// An environment written outside the environments module, as a user would: registration, capabilities, wrappers.
import SwiftletEnvironments
import SwiftletGraphics
import SwiftletRandom
import Testing
import Foundation

final class Catch: Environment {
    let width: Int, height: Int
    let observationSpace: Box
    let actionSpace: Space = .discrete(Discrete(3))   // left, stay, right
    private(set) var hasReset = false
    var ballX = 0, ballY = 0, paddleX = 0
    var rng = PCG64(seed: 0)
    var seeded = false

    init(width: Int = 5, height: Int = 10) {
        self.width = width
        self.height = height
        observationSpace = Box(low: [0, 0, 0], high: [1, 1, 1])
    }

    var id: String { "Catch-v0" }

    func write(_ o: UnsafeMutableBufferPointer<Float>) {
        o[0] = Float(ballX) / Float(width - 1)
        o[1] = Float(ballY) / Float(height - 1)
        o[2] = Float(paddleX) / Float(width - 1)
    }

    func reset(seed: UInt64?, options: ResetOptions?, into observation: UnsafeMutableBufferPointer<Float>) -> StepInfo {
        if let seed { rng = PCG64(seed: seed); seeded = true }
        else if !seeded { rng = PCG64(seed: UInt64.random(in: 0...UInt64.max)); seeded = true }
        ballX = rng.nextInt(below: width)
        ballY = 0
        paddleX = width / 2
        hasReset = true
        write(observation)
        return StepInfo()
    }

    func step(discrete action: Int, into observation: UnsafeMutableBufferPointer<Float>) -> Transition {
        precondition((0..<3).contains(action), "Catch: action \(action) is not in Discrete(3)")
        paddleX = min(max(paddleX + action - 1, 0), width - 1)
        ballY += 1
        write(observation)
        guard ballY == height - 1 else { return Transition(reward: 0, terminated: false) }
        return Transition(reward: ballX == paddleX ? 1 : -1, terminated: true)
    }
}

// Optional: drawing (for `swiftlet watch` and GIFs).
extension Catch: RenderableEnvironment {
    func render() -> RGBImage {
        let cell = 40
        var image = RGBImage(width: width * cell, height: height * cell, fill: (0, 0, 0))
        func fill(_ x: Int, _ y: Int, _ r: UInt8, _ g: UInt8, _ b: UInt8) {
            for py in y * cell..<(y + 1) * cell { for px in x * cell..<(x + 1) * cell { image[px, py] = RGB(r, g, b) } }
        }
        fill(ballX, ballY, 255, 255, 255)
        fill(paddleX, height - 1, 80, 160, 255)
        return image
    }
}

// Optional: get/set the state and read its observation.
extension Catch: StatefulEnvironment {
    var state: [Double] { [Double(ballX), Double(ballY), Double(paddleX)] }
    func setState(_ values: [Double]) throws {
        try checkStateLength(values, 3)
        ballX = Int(values[0]); ballY = Int(values[1]); paddleX = Int(values[2])
        hasReset = true
    }
    func observation(into observation: UnsafeMutableBufferPointer<Float>) { write(observation) }
}

// Optional: bitwise checkpoint/resume (the generator is part of the state).
extension Catch: SnapshottableEnvironment {
    func snapshot() -> EnvironmentState {
        EnvironmentState(id: id, values: state, flags: [], generator: rng, seeded: seeded, hasReset: hasReset)
    }
    func restore(_ s: EnvironmentState) throws {
        guard s.id == id, s.values.count == 3, s.elapsedSteps == nil else {
            throw EnvironmentError.invalidArgument("Catch.restore: not a snapshot of a bare Catch-v0")
        }
        ballX = Int(s.values[0]); ballY = Int(s.values[1]); paddleX = Int(s.values[2])
        rng = s.generator; seeded = s.seeded; hasReset = s.hasReset
    }
}

extension Catch: NumPySeededEnvironment {
    // Not NumPy-seeded; present only so tests can check the wrapper forwarding below.
    var npRandom: NumPyGenerator { get { NumPyGenerator(seed: 0) } set {} }
}

/// The guide's wrapper example.
final class StepPenalty<Inner: Environment>: Wrapper {
    let env: Inner
    init(_ env: Inner) { self.env = env }

    func step(discrete action: Int, into observation: UnsafeMutableBufferPointer<Float>) -> Transition {
        var t = env.step(discrete: action, into: observation)
        t.reward -= 0.01
        return t
    }
}
extension StepPenalty: RenderableEnvironment where Inner: RenderableEnvironment {}
extension StepPenalty: NumPySeededEnvironment where Inner: NumPySeededEnvironment {}
extension StepPenalty: StatefulEnvironment where Inner: StatefulEnvironment {}
extension StepPenalty: SnapshottableEnvironment where Inner: SnapshottableEnvironment {}

@Suite struct CatchExampleTests {
    @Test func theGuidesExampleRegistersStepsDrawsAndResumes() throws {
        let id = "Catch-\(UUID().uuidString)-v0"
        try Registry.register(id: id, maxEpisodeSteps: 50, rewardThreshold: 0.9) { Catch() }
        defer { Registry.unregister(id) }
        let env = try make(id)
        #expect(env.unwrapped is Catch)
        env.reset(seed: 4)
        var total = 0.0, steps = 0
        while true {
            let r = try env.step(1)
            total += r.reward; steps += 1
            if r.terminated || r.truncated { break }
        }
        #expect(steps == 9 && (total == 1 || total == -1))
        let frame = try #require(env.renderable).render()
        #expect(frame.width == 200 && frame.height == 400)

        // Snapshot mid-episode through a wrapper stack, restore into a fresh stack.
        let a = StepPenalty(TimeLimit(Catch(), maxEpisodeSteps: 50))
        a.reset(seed: 11)
        _ = try a.step(0)
        let b = StepPenalty(TimeLimit(Catch(), maxEpisodeSteps: 50))
        try b.restore(a.snapshot())
        for act in [2, 2, 1, 0, 1, 1, 1, 1] {
            let ra = try a.step(act), rb = try b.step(act)
            #expect(ra.observation == rb.observation && ra.reward == rb.reward)
        }
        #expect(a.state == b.state)
        try a.setState([2, 3, 2])
        #expect(a.observation == [0.5, Float(3) / 9, 0.5])
        #expect(a.renderable != nil)
    }
}
