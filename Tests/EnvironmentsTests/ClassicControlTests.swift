import Foundation
import SwiftletEnvironments
import Testing

/// Per-env hooks: build the env, set a fixture state, read the internal state.
///
/// The trajectory fixtures assign states with the dtype Gymnasium has *after
/// a step* (float32 for MountainCarContinuous, float64 for Acrobot), which is
/// not what `setState` does (it mirrors `reset`); those two go through a
/// snapshot with the dtype flag set. `StateAPITests` checks `setState`.
struct EnvHarness {
    let id: String
    let make: () -> any Environment

    func setState(_ env: any Environment, _ s: [Double]) {
        switch id {
        case "MountainCarContinuous-v0", "Acrobot-v1":
            let e = env as! any SnapshottableEnvironment
            var snap = e.snapshot()
            snap.values = id == "Acrobot-v1" ? s : s.map { Double(Float($0)) }
            snap.flags = [id == "Acrobot-v1" ? 0 : 1]
            snap.hasReset = true
            try! e.restore(snap)
        default:
            try! (env as! any StatefulEnvironment).setState(s)
        }
    }

    func state(_ env: any Environment) -> [Double] { (env as! any StatefulEnvironment).state }

    static var all: [EnvHarness] { [
        EnvHarness(id: "CartPole-v1", make: { CartPole() }),
        EnvHarness(id: "MountainCar-v0", make: { MountainCar() }),
        EnvHarness(id: "MountainCarContinuous-v0", make: { MountainCarContinuous() }),
        EnvHarness(id: "Acrobot-v1", make: { Acrobot() }),
        EnvHarness(id: "Pendulum-v1", make: { Pendulum() }),
    ] }
}

@Suite struct ClassicControlTests {
    static let ids = ["CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Acrobot-v1", "Pendulum-v1"]

    @Test(arguments: ids) func trajectoriesMatchGymnasiumBitForBit(id: String) throws {
        let h = EnvHarness.all.first { $0.id == id }!
        let fx = try loadFixture("env_\(id).json")
        let cases = fx["cases"] as! [[String: Any]]
        #expect(cases.count >= 20)
        let env = h.make()
        let od = env.observationSize
        let sd = h.state(env).count
        var obs = [Float](repeating: 0, count: od)
        var terminations = 0, totalSteps = 0
        for (ci, c) in cases.enumerated() {
            if let seed = c["reset_seed"] as? NSNumber {
                env.reset(seed: seed.uint64Value)
            } else {
                env.reset(seed: 0)
                h.setState(env, f64s(c["state"]))
            }
            let wantObs = f32s(c["obs"]), wantRew = f64s(c["rewards"]), wantStates = f64s(c["states"])
            let wantTerm = ints(c["terminated"])
            let steps = wantTerm.count
            let discrete = c["actions"] is [Any]
            let dActs = discrete ? ints(c["actions"]) : []
            let cActs = discrete ? [] : f32s(c["actions"])
            for t in 0..<steps {
                let tr: Transition = obs.withUnsafeMutableBufferPointer { o in
                    if discrete { return env.step(discrete: dActs[t], into: o) }
                    return cActs.withUnsafeBufferPointer { env.step(continuous: UnsafeBufferPointer(rebasing: $0[t..<t + 1]), into: o) }
                }
                let wo = Array(wantObs[t * od..<(t + 1) * od])
                let ws = Array(wantStates[t * sd..<(t + 1) * sd])
                try #require(firstBitDifference(obs, wo) == nil, "\(id) case \(ci) step \(t): obs \(obs) vs \(wo)")
                try #require(firstBitDifference(h.state(env), ws) == nil, "\(id) case \(ci) step \(t): state \(h.state(env)) vs \(ws)")
                try #require(tr.reward.bitPattern == wantRew[t].bitPattern, "\(id) case \(ci) step \(t): reward \(tr.reward) vs \(wantRew[t])")
                try #require(tr.terminated == (wantTerm[t] != 0), "\(id) case \(ci) step \(t): terminated")
                #expect(!tr.truncated)
                if tr.terminated { terminations += 1 }
                totalSteps += 1
            }
        }
        if id != "Pendulum-v1" { #expect(terminations >= 5, "\(id): only \(terminations) terminations covered") }
        #expect(totalSteps > 200)
    }

    @Test(arguments: ids) func seededResetsMatchGymnasium(id: String) throws {
        let h = EnvHarness.all.first { $0.id == id }!
        let fx = try loadFixture("env_\(id).json")
        let env = h.make()
        for r in fx["resets"] as! [[String: Any]] {
            let seed = (r["seed"] as! NSNumber).uint64Value
            let (o, _) = env.reset(seed: seed)
            #expect(firstBitDifference(o, f32s(r["obs"])) == nil, "\(id) reset(seed: \(seed)) obs \(o)")
            #expect(firstBitDifference(h.state(env), f64s(r["state"])) == nil, "\(id) reset(seed: \(seed)) state")
            let (o2, _) = env.reset()
            #expect(firstBitDifference(o2, f32s(r["next_obs"])) == nil, "\(id) reset() after seed \(seed)")
        }
        for r in fx["reset_options"] as! [[String: Any]] {
            let seed = (r["seed"] as! NSNumber).uint64Value
            let opts = ResetOptions(low: (r["low"] as? NSNumber)?.doubleValue, high: (r["high"] as? NSNumber)?.doubleValue,
                                    xInit: (r["x_init"] as? NSNumber)?.doubleValue, yInit: (r["y_init"] as? NSNumber)?.doubleValue)
            let (o, _) = env.reset(seed: seed, options: opts)
            #expect(firstBitDifference(o, f32s(r["obs"])) == nil, "\(id) reset with options")
        }
    }

    @Test(arguments: ids) func spacesAndSpecMatchGymnasium(id: String) throws {
        let fx = try loadFixture("env_\(id).json")
        let meta = fx["meta"] as! [String: Any]
        let env = try make(id)
        #expect(firstBitDifference(env.observationSpace.low, f32s(meta["obs_low"])) == nil)
        #expect(firstBitDifference(env.observationSpace.high, f32s(meta["obs_high"])) == nil)
        if let n = meta["action_n"] as? NSNumber {
            #expect(env.actionSpace == .discrete(Discrete(n.intValue)))
        } else {
            #expect(env.actionSpace == .box(Box(low: f32s(meta["action_low"]), high: f32s(meta["action_high"]))))
        }
        let spec = try #require(Registry.spec(id))
        #expect(spec.maxEpisodeSteps == (meta["max_episode_steps"] as? NSNumber)?.intValue)
        #expect(spec.rewardThreshold == (meta["reward_threshold"] as? NSNumber)?.doubleValue)
    }
}
