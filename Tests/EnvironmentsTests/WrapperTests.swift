import Foundation
import SwiftletEnvironments
import Testing

@Suite struct WrapperTests {
    let fx: [String: Any]
    init() throws { fx = try loadFixture("wrappers.json") }

    @Test func normalizeObservationAndRewardMatchGymnasium() throws {
        let c = fx["normalize"] as! [String: Any]
        let env = NormalizeReward(NormalizeObservation(TimeLimit(CartPole(), maxEpisodeSteps: 500)), gamma: 0.99)
        let (first, _) = env.reset(seed: 9)
        #expect(firstBitDifference(first, f32s(c["first_obs"])) == nil)
        let acts = ints(c["actions"]), wantObs = f32s(c["obs"]), wantRew = f64s(c["rewards"])
        var k = 0
        for (t, a) in acts.enumerated() {
            let r = try env.step(a)
            #expect(firstBitDifference(r.observation, Array(wantObs[k * 4..<k * 4 + 4])) == nil, "obs at step \(t)")
            #expect(r.reward.bitPattern == wantRew[t].bitPattern, "reward at step \(t): \(r.reward) vs \(wantRew[t])")
            k += 1
            if r.done {
                let (o, _) = env.reset()
                #expect(firstBitDifference(o, Array(wantObs[k * 4..<k * 4 + 4])) == nil, "reset obs after step \(t)")
                k += 1
            }
        }
        let obsStats = env.env.statistics
        #expect(firstBitDifference(obsStats.mean.map(Float.init), f32s(c["obs_mean"])) == nil)
        #expect(firstBitDifference(obsStats.variance.map(Float.init), f32s(c["obs_var"])) == nil)
        #expect(obsStats.count == f64s(c["obs_count"])[0])
        #expect(env.statistics.mean[0].bitPattern == f64s(c["ret_mean"])[0].bitPattern)
        #expect(env.statistics.variance[0].bitPattern == f64s(c["ret_var"])[0].bitPattern)
        #expect(env.statistics.count == f64s(c["ret_count"])[0])

        // Saved statistics restore exactly and freeze for evaluation.
        let data = try JSONEncoder().encode(obsStats)
        let restored = try JSONDecoder().decode(RunningMeanStd.self, from: data)
        #expect(restored == obsStats)
        let evalEnv = NormalizeObservation(CartPole())
        evalEnv.statistics = restored
        evalEnv.updateRunningMean = false
        evalEnv.reset(seed: 3)
        _ = try evalEnv.step(1)
        #expect(evalEnv.statistics == restored)
    }

    @Test func recordEpisodeStatisticsMatchesGymnasium() throws {
        for c in fx["episode_statistics"] as! [[String: Any]] {
            let id = c["id"] as! String
            let env: any Environment = id == "CartPole-v1"
                ? RecordEpisodeStatistics(TimeLimit(CartPole(), maxEpisodeSteps: 500))
                : RecordEpisodeStatistics(TimeLimit(MountainCar(), maxEpisodeSteps: 200))
            env.reset(seed: 21)
            var got: [[Double]] = []
            for (t, a) in ints(c["actions"]).enumerated() {
                let r = try env.step(a)
                if r.done {
                    let ep = try #require(r.info.episode)
                    got.append([Double(t), ep.totalReward, Double(ep.length), r.terminated ? 1 : 0, r.truncated ? 1 : 0])
                    env.reset()
                } else {
                    #expect(r.info.episode == nil)
                }
            }
            let want = (c["episodes"] as! [[Any]]).map { $0.map { ($0 as! NSNumber).doubleValue } }
            #expect(got == want, "\(id)")

        }
    }

    @Test func frameStackMatchesGymnasium() throws {
        let c = fx["frame_stack"] as! [String: Any]
        let env = FrameStack(TimeLimit(Pendulum(), maxEpisodeSteps: 200), stackSize: 3)
        var frames = env.reset(seed: 4).observation
        for a in f32s(c["actions"]) { frames += try env.step([a]).observation }
        #expect(firstBitDifference(frames, f32s(c["frames"])) == nil)
        #expect(env.observationSpace.shape == [3, 3])
    }

    @Test func rescaleAndClipAction() throws {
        let c = fx["rescale_action"] as! [String: Any]
        let env = try RescaleAction(Pendulum(), minAction: -1, maxAction: 1)
        let got = f32s(c["in"]).flatMap { env.baseAction([$0]) }
        #expect(firstBitDifference(got, f32s(c["out"])) == nil)
        #expect(env.actionSpace == .box(Box(low: [-1], high: [1])))

        // ClipAction: stepping with 5 equals stepping the bare env with 2.
        let a = try ClipAction(Pendulum()), b = Pendulum()
        a.reset(seed: 1); b.reset(seed: 1)
        let ra = try a.step([5]), rb = try b.step([2])
        #expect(ra == rb)
        #expect(throws: EnvironmentError.self) { try ClipAction(CartPole()) }
    }

    @Test func transformWrappers() throws {
        let t = TransformReward(TransformObservation(CartPole()) { o in for i in o.indices { o[i] *= 2 } }) { $0 * 3 }
        let plain = CartPole()
        let (o, _) = t.reset(seed: 5)
        let (p, _) = plain.reset(seed: 5)
        #expect(o == p.map { $0 * 2 })
        let r = try t.step(1), q = try plain.step(1)
        #expect(r.observation == q.observation.map { $0 * 2 })
        #expect(r.reward == 3 * q.reward)
    }
}
