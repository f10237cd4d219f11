// A new environment written against Swiftlet's public API: the "Catch" game
// (a ball falls down a grid, a paddle at the bottom must be under it). It
// registers under an id and then trains with PPO and DQN, plays in
// `swiftlet-extended watch`, records to a GIF, and resumes bit for bit
// (it can snapshot its whole state).
import SwiftletEnvironments
import SwiftletGraphics
import SwiftletRandom

/// Catch on a `columns` × `rows` grid: each episode one ball starts in a
/// random column of the top row and falls one row per step; the paddle in the
/// bottom row moves left (0), stays (1) or moves right (2). When the ball
/// reaches the bottom row the episode terminates with reward +1 if the paddle
/// is under it, −1 otherwise. Observation: ball column, ball row and paddle
/// column, each scaled to [0, 1].
public final class Catch: Environment {
    public let id = "Catch-v0"
    public let columns: Int, rows: Int
    public let observationSpace: Box
    public let actionSpace: Space = .discrete(Discrete(3))
    public internal(set) var hasReset = false
    /// The episode generator (NumPy's, so seeding follows Gymnasium's rules).
    public var npRandom = NumPyGenerator(seed: 0)
    var seeded = false
    var ballColumn = 0, ballRow = 0, paddleColumn = 0

    public init(columns: Int = 5, rows: Int = 10) {
        precondition(columns >= 2 && rows >= 2, "Catch: the grid needs at least 2 × 2 cells, got \(columns) × \(rows)")
        self.columns = columns
        self.rows = rows
        observationSpace = Box(low: [0, 0, 0], high: [1, 1, 1])
    }

    func write(_ o: UnsafeMutableBufferPointer<Float>) {
        o[0] = Float(ballColumn) / Float(columns - 1)
        o[1] = Float(ballRow) / Float(rows - 1)
        o[2] = Float(paddleColumn) / Float(columns - 1)
    }

    public func reset(seed: UInt64?, options: ResetOptions?, into observation: UnsafeMutableBufferPointer<Float>) -> StepInfo {
        if let seed { npRandom = NumPyGenerator(seed: seed); seeded = true }
        else if !seeded { npRandom = .fromEntropy(); seeded = true }
        ballColumn = Int(npRandom.integers(0, Int64(columns)))
        ballRow = 0
        paddleColumn = columns / 2
        hasReset = true
        write(observation)
        return StepInfo()
    }

    public func step(discrete action: Int, into observation: UnsafeMutableBufferPointer<Float>) -> Transition {
        precondition(action >= 0 && action < 3, "Catch: action \(action) is not in Discrete(3)")
        paddleColumn = min(max(paddleColumn + action - 1, 0), columns - 1)
        ballRow += 1
        write(observation)
        guard ballRow == rows - 1 else { return Transition(reward: 0, terminated: false) }
        return Transition(reward: ballColumn == paddleColumn ? 1 : -1, terminated: true)
    }
}

// Capabilities are opt-in protocols: drawing (for `watch` and GIFs), state
// access, snapshots (for bitwise resume) and Gymnasium's NumPy generator.

extension Catch: RenderableEnvironment {
    /// The grid: the ball in red, the paddle in blue, 50 pixels per cell.
    public func render() -> RGBImage {
        let cell = 50
        var canvas = Canvas(width: columns * cell, height: rows * cell, background: .white)
        canvas.fillRect(x1: ballColumn * cell + 10, y1: ballRow * cell + 10, x2: ballColumn * cell + cell - 10,
                        y2: ballRow * cell + cell - 10, color: .red)
        canvas.fillRect(x1: paddleColumn * cell, y1: (rows - 1) * cell + 35, x2: paddleColumn * cell + cell - 1,
                        y2: rows * cell - 1, color: .blue)
        return canvas.image
    }
}

extension Catch: StatefulEnvironment {
    /// Ball column, ball row, paddle column.
    public var state: [Double] { [Double(ballColumn), Double(ballRow), Double(paddleColumn)] }

    public func setState(_ values: [Double]) throws {
        try checkStateLength(values, 3)
        guard values.allSatisfy({ $0 == $0.rounded() }), values[0] >= 0, values[0] < Double(columns),
              values[1] >= 0, values[1] < Double(rows), values[2] >= 0, values[2] < Double(columns) else {
            throw EnvironmentError.invalidArgument("Catch.setState: \(values) is not a cell of the \(columns) × \(rows) grid")
        }
        ballColumn = Int(values[0]); ballRow = Int(values[1]); paddleColumn = Int(values[2])
        hasReset = true
    }

    public func observation(into o: UnsafeMutableBufferPointer<Float>) { write(o) }
}

extension Catch: SnapshottableEnvironment {
    public func snapshot() -> EnvironmentState {
        EnvironmentState(id: id, values: [Double(ballColumn), Double(ballRow), Double(paddleColumn)], flags: [],
                         generator: npRandom.bitGenerator, seeded: seeded, hasReset: hasReset)
    }

    public func restore(_ state: EnvironmentState) throws {
        guard state.id == id, state.values.count == 3, state.flags.isEmpty, state.elapsedSteps == nil else {
            throw EnvironmentError.invalidArgument("Catch.restore: not a snapshot of \(id)")
        }
        ballColumn = Int(state.values[0]); ballRow = Int(state.values[1]); paddleColumn = Int(state.values[2])
        npRandom.bitGenerator = state.generator
        seeded = state.seeded
        hasReset = state.hasReset
    }
}

extension Catch: NumPySeededEnvironment {}

extension Catch {
    /// Registers `Catch-v0` (5 × 10 grid, solved at a mean return of 0.9)
    /// unless it is registered already.
    public static func register() {
        if Registry.spec("Catch-v0") == nil {
            try? Registry.register(id: "Catch-v0", maxEpisodeSteps: 100, rewardThreshold: 0.9) { Catch() }
        }
        // The same game behind a wrapper that forwards no drawing: it trains,
        // and `watch` says that it cannot draw it.
        if Registry.spec("CatchUndrawn-v0") == nil {
            try? Registry.register(id: "CatchUndrawn-v0", maxEpisodeSteps: 100, rewardThreshold: 0.9) { Undrawn(Catch()) }
        }
    }
}

/// A wrapper written from outside: −0.01 per step on top of the wrapped
/// reward. `Wrapper` forwards everything it does not write (id, spaces,
/// reset, the other step, `unwrapped`); each capability is forwarded by one line.
public final class StepPenalty<Inner: Environment>: Wrapper {
    public let env: Inner
    public init(_ env: Inner) { self.env = env }

    public func step(discrete action: Int, into observation: UnsafeMutableBufferPointer<Float>) -> Transition {
        var t = env.step(discrete: action, into: observation)
        t.reward -= 0.01
        return t
    }
}
extension StepPenalty: RenderableEnvironment where Inner: RenderableEnvironment {}
extension StepPenalty: StatefulEnvironment where Inner: StatefulEnvironment {}
extension StepPenalty: SnapshottableEnvironment where Inner: SnapshottableEnvironment {}

/// A wrapper that adds nothing and forwards no capability but snapshots.
public final class Undrawn<Inner: Environment>: Wrapper {
    public let env: Inner
    public init(_ env: Inner) { self.env = env }
}
extension Undrawn: SnapshottableEnvironment where Inner: SnapshottableEnvironment {}
