import Foundation
import SwiftletEnvironments
import SwiftletRandom
import Testing

/// A user environment with nothing but spaces, reset and step: a counter
/// that ends after `length` steps, reward = the action.
final class Countdown: Environment {
    let length: Int
    var left = 0
    init(length: Int = 3) { self.length = length }
    var observationSpace: Box { Box(low: [0], high: [Float(length)]) }
    var actionSpace: Space { .discrete(Discrete(2)) }
    func reset(seed: UInt64?, options: ResetOptions?, into observation: UnsafeMutableBufferPointer<Float>) -> StepInfo {
        left = length
        observation[0] = Float(left)
        return StepInfo()
    }
    func step(discrete action: Int, into observation: UnsafeMutableBufferPointer<Float>) -> Transition {
        left -= 1
        observation[0] = Float(left)
        return Transition(reward: Double(action), terminated: left == 0)
    }
}

/// The same with a snapshot, to check that `makeVector` keeps the capability.
final class SnapshottableCountdown: SnapshottableEnvironment {
    var left = 0
    var observationSpace: Box { Box(low: [0], high: [5]) }
    var actionSpace: Space { .discrete(Discrete(2)) }
    func reset(seed: UInt64?, options: ResetOptions?, into observation: UnsafeMutableBufferPointer<Float>) -> StepInfo {
        left = 5; observation[0] = 5; return StepInfo()
    }
    func step(discrete action: Int, into observation: UnsafeMutableBufferPointer<Float>) -> Transition {
        left -= 1; observation[0] = Float(left)
        return Transition(reward: 1, terminated: left == 0)
    }
    func snapshot() -> EnvironmentState {
        EnvironmentState(id: id, values: [Double(left)], flags: [], generator: PCG64(seed: 0), seeded: false, hasReset: true)
    }
    func restore(_ s: EnvironmentState) throws { left = Int(s.values[0]) }
}

@Suite struct RegistrationTests {
    @Test func aMinimalUserEnvironmentWorksEverywhere() throws {
        let env = Countdown()
        #expect(env.id == "Countdown")
        #expect(env.hasReset)
        #expect(env.unwrapped === env)
        #expect(env.renderable == nil)
        #expect((env as any Environment) as? any NumPySeededEnvironment == nil)
        env.reset(seed: 1)
        #expect(try env.step(1).reward == 1)
        let wrapped = TimeLimit(TransformReward(env) { $0 * 10 }, maxEpisodeSteps: 2)
        #expect(wrapped.unwrapped === env)
        #expect(wrapped.renderable == nil)
        #expect(wrapped.id == "Countdown")
        wrapped.reset(seed: nil)
        #expect(try wrapped.step(1).reward == 10)
        #expect(try wrapped.step(1).truncated)
    }

    @Test func registeredIdsFeedMakeAndMakeVectorInOrder() throws {
        let id = "Countdown-\(UUID().uuidString)-v0"
        try Registry.register(id: id, maxEpisodeSteps: 2, rewardThreshold: 1.5) { Countdown(length: 3) }
        defer { Registry.unregister(id) }
        #expect(Array(Registry.ids.prefix(5)) == ClassicControlTests.ids)
        #expect(Registry.ids.contains(id))
        let spec = try #require(Registry.spec(id))
        #expect(spec.maxEpisodeSteps == 2 && spec.rewardThreshold == 1.5)
        #expect(spec.actionSpace == .discrete(Discrete(2)))
        #expect(spec.observationSpace == Box(low: [0], high: [3]))
        let env = try make(id)
        #expect(env is TimeLimit<Countdown>)
        #expect(env.unwrapped is Countdown)
        #expect(try make(id, maxEpisodeSteps: 0) is Countdown)
        let venv = try makeVector(id, count: 3)
        #expect(venv is VectorEnv<TimeLimit<Countdown>>)
        venv.reset(seed: 0)
        venv.step([1, 0, 1])
        venv.step([1, 1, 1])
        #expect(Array(venv.truncations) == [true, true, true])
        #expect(Array(venv.rewards) == [1, 1, 1])
    }

    @Test func duplicateIdsAreRejectedUnlessReplacing() throws {
        let id = "Dup-\(UUID().uuidString)-v0"
        try Registry.register(id: id, maxEpisodeSteps: 5) { Countdown(length: 3) }
        defer { Registry.unregister(id) }
        do {
            try Registry.register(id: id) { Countdown(length: 4) }
            Issue.record("registering \(id) twice did not throw")
        } catch let e as EnvironmentError {
            #expect(e.description.contains(id) && e.description.contains("already registered"), "\(e)")
        }
        do {
            try Registry.register(id: "CartPole-v1") { Countdown() }
            Issue.record("replacing a built-in without replacing: true did not throw")
        } catch is EnvironmentError {}
        #expect(Registry.spec(id)?.observationSpace == Box(low: [0], high: [3]))
        let position = Registry.ids.firstIndex(of: id)
        try Registry.register(id: id, maxEpisodeSteps: 7, replacing: true) { Countdown(length: 4) }
        #expect(Registry.spec(id)?.observationSpace == Box(low: [0], high: [4]))
        #expect(Registry.spec(id)?.maxEpisodeSteps == 7)
        #expect(Registry.ids.firstIndex(of: id) == position)
        #expect(Registry.unregister(id))
        #expect(!Registry.unregister(id))
        #expect(throws: EnvironmentError.self) { try make(id) }
    }

    @Test func concurrentRegistrationKeepsEveryId() async throws {
        let prefix = "Conc-\(UUID().uuidString)-"
        await withTaskGroup(of: Void.self) { g in
            for i in 0..<32 {
                g.addTask { try? Registry.register(id: "\(prefix)\(i)") { Countdown() } }
            }
        }
        let mine = Registry.ids.filter { $0.hasPrefix(prefix) }
        #expect(Set(mine).count == 32)
        for id in mine { Registry.unregister(id) }
    }

    @Test func anUnregisteredSpecMakesStaticallyTypedSnapshottableVectors() throws {
        let spec = EnvSpec(id: "SnapCountdown", maxEpisodeSteps: 100) { SnapshottableCountdown() }
        #expect(Registry.spec("SnapCountdown") == nil)
        let venv = spec.makeVector(count: 2, workers: 2)
        #expect(venv is VectorEnv<TimeLimit<SnapshottableCountdown>>)
        let snapshottable = try #require(venv as? any SnapshottableVectorEnvironment)
        venv.reset(seed: 0)
        venv.step([0, 1])
        let saved = snapshottable.snapshot()
        #expect(saved.environments.map(\.elapsedSteps) == [1, 1])
        #expect(spec.makeEnvironment() is TimeLimit<SnapshottableCountdown>)
        #expect(EnvSpec(id: "x") { SnapshottableCountdown() }.makeEnvironment() is SnapshottableCountdown)
        // No time limit at all: the vector's TimeLimit never truncates.
        let unlimited = EnvSpec(id: "x") { Countdown(length: 1000) }.makeVector(count: 1)
        unlimited.reset(seed: 0)
        for _ in 0..<600 { unlimited.step([0]) }
        #expect(!unlimited.truncations[0])
    }

    @Test func builtInsAreRenderableSeededStatefulAndSnapshottableThroughMake() throws {
        for id in ClassicControlTests.ids {
            let env = try make(id)
            #expect(env.renderable != nil, "\(id)")
            #expect(env is any NumPySeededEnvironment, "\(id)")
            #expect(env is any StatefulEnvironment, "\(id)")
            #expect(env is any SnapshottableEnvironment, "\(id)")
            #expect(env.unwrapped.id == id)
            #expect(!(env.unwrapped is TimeLimit<CartPole>))
        }
        let stack = FrameStack(NormalizeObservation(TimeLimit(CartPole(), maxEpisodeSteps: 5)), stackSize: 2)
        #expect(stack.unwrapped is CartPole)
        #expect(stack.renderable != nil)
        #expect(!((stack as any Environment) is any StatefulEnvironment))   // its observation is not the state's
        stack.npRandom = NumPyGenerator(seed: 9)
        #expect((stack.unwrapped as! CartPole).npRandom == NumPyGenerator(seed: 9))
    }
}
