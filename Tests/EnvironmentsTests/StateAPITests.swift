import Foundation
import SwiftletEnvironments
import Testing

/// `StatefulEnvironment`: setState/state/observation against Gymnasium
/// (state_api.json: states assigned with the dtype each env's reset gives).
@Suite struct StateAPITests {
    static let ids = ClassicControlTests.ids

    func env(_ id: String) -> any StatefulEnvironment {
        switch id {
        case "CartPole-v1": return CartPole()
        case "MountainCar-v0": return MountainCar()
        case "MountainCarContinuous-v0": return MountainCarContinuous()
        case "Acrobot-v1": return Acrobot()
        default: return Pendulum()
        }
    }

    @Test(arguments: ids) func setStateThenStepMatchesGymnasium(id: String) throws {
        let fx = try loadFixture("state_api.json")
        let cases = try #require(fx[id] as? [[String: Any]])
        #expect(cases.count == 8)
        let e = env(id)
        let od = e.observationSize
        for (ci, c) in cases.enumerated() {
            e.reset(seed: 0)
            try e.setState(f64s(c["set"]))
            let sd = e.state.count
            try #require(firstBitDifference(e.state, f64s(c["state"])) == nil, "\(id) case \(ci): set state \(e.state)")
            try #require(firstBitDifference(e.observation, f32s(c["obs0"])) == nil, "\(id) case \(ci): observation \(e.observation)")
            let wantObs = f32s(c["obs"]), wantRew = f64s(c["rewards"]), wantStates = f64s(c["states"])
            let wantTerm = ints(c["terminated"])
            let discrete = c["actions"] is [Any]
            let dActs = discrete ? ints(c["actions"]) : []
            let cActs = discrete ? [] : f32s(c["actions"])
            var obs = [Float](repeating: 0, count: od)
            for t in 0..<wantTerm.count {
                let tr: Transition = obs.withUnsafeMutableBufferPointer { o in
                    if discrete { return e.step(discrete: dActs[t], into: o) }
                    return cActs.withUnsafeBufferPointer { e.step(continuous: UnsafeBufferPointer(rebasing: $0[t..<t + 1]), into: o) }
                }
                try #require(firstBitDifference(obs, Array(wantObs[t * od..<(t + 1) * od])) == nil, "\(id) case \(ci) step \(t): obs \(obs)")
                try #require(firstBitDifference(e.state, Array(wantStates[t * sd..<(t + 1) * sd])) == nil, "\(id) case \(ci) step \(t): state")
                try #require(tr.reward.bitPattern == wantRew[t].bitPattern, "\(id) case \(ci) step \(t): reward \(tr.reward)")
                try #require(tr.terminated == (wantTerm[t] != 0), "\(id) case \(ci) step \(t): terminated")
                #expect(e.observation == obs, "\(id): observation(into:) after a step is the step's observation")
            }
        }
    }

    @Test(arguments: ids) func wrongLengthThrowsNamingTheCounts(id: String) throws {
        let e = env(id)
        let n = e.state.count
        do {
            try e.setState([Double](repeating: 0, count: n + 1))
            Issue.record("\(id): setState with \(n + 1) values did not throw")
        } catch let err as EnvironmentError {
            #expect(err.description.contains("expected \(n) values, got \(n + 1)"), "\(err)")
        }
    }

    @Test func setStateMakesTheEnvironmentSteppableAndKeepsTheGenerator() throws {
        let e = CartPole()
        #expect(!e.hasReset)
        let before = e.npRandom
        try e.setState([0, 0, 0.01, 0])
        #expect(e.hasReset)
        #expect(e.npRandom == before)
        _ = try e.step(1)
    }

    @Test func wrappersForwardTheStateAPI() throws {
        let inner = MountainCarContinuous()
        let env = TimeLimit(try ClipAction(inner), maxEpisodeSteps: 10)
        try env.setState([-0.5, 0.01])
        #expect(inner.state == [-0.5, 0.01])
        #expect(env.state == [-0.5, 0.01])
        #expect(env.observation == [Float(-0.5), Float(0.01)])
        let doubled = TransformObservation(CartPole()) { o in for i in o.indices { o[i] *= 2 } }
        try doubled.setState([0.25, 0.5, 0.125, -1])
        #expect(doubled.observation == [0.5, 1, 0.25, -2])
        #expect(doubled.env.observation == [0.25, 0.5, 0.125, -1])
    }

    /// A state set through `setState` survives snapshot/restore bit for bit,
    /// including MountainCarContinuous's float64 first step.
    @Test(arguments: ids) func setStateSurvivesSnapshotRestore(id: String) throws {
        let a = env(id), b = env(id)
        a.reset(seed: 3)
        let values = a.state.map { $0 + 0.012345678901234 }
        try a.setState(values)
        let snap = (a as! any SnapshottableEnvironment).snapshot()
        try (b as! any SnapshottableEnvironment).restore(snap)
        var oa = [Float](repeating: 0, count: a.observationSize), ob = oa
        for t in 0..<20 {
            let ta: Transition, tb: Transition
            if case .discrete = a.actionSpace {
                ta = oa.withUnsafeMutableBufferPointer { a.step(discrete: t % 2, into: $0) }
                tb = ob.withUnsafeMutableBufferPointer { b.step(discrete: t % 2, into: $0) }
            } else {
                let act: [Float] = [0.3]
                ta = oa.withUnsafeMutableBufferPointer { o in act.withUnsafeBufferPointer { a.step(continuous: $0, into: o) } }
                tb = ob.withUnsafeMutableBufferPointer { o in act.withUnsafeBufferPointer { b.step(continuous: $0, into: o) } }
            }
            #expect(firstBitDifference(oa, ob) == nil && ta.reward.bitPattern == tb.reward.bitPattern, "\(id) step \(t)")
            #expect(firstBitDifference(a.state, b.state) == nil)
        }
    }
}
