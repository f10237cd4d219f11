import Foundation
import SwiftletEnvironments
import Testing

@Suite struct VectorEnvTests {
    static let cases = ["CartPole-v1/same_step", "CartPole-v1/next_step", "Pendulum-v1/same_step", "Pendulum-v1/next_step"]

    @Test(arguments: cases, [1, 2, 3])
    func matchesGymnasiumSyncVectorEnv(key: String, workers: Int) throws {
        let fx = try loadFixture("vector.json")
        let c = fx[key] as! [String: Any]
        let id = String(key.split(separator: "/")[0])
        let mode: AutoresetMode = key.hasSuffix("same_step") ? .sameStep : .nextStep
        let n = (c["n"] as! NSNumber).intValue
        let venv = try makeVector(id, count: n, workers: workers, autoresetMode: mode)
        venv.reset(seed: 42)
        let d = venv.observationSize
        let obs = f32s(c["obs"]), rew = f64s(c["rewards"])
        let term = ints(c["terminated"]), trunc = ints(c["truncated"])
        #expect(firstBitDifference(venv.observationArray, Array(obs[0..<n * d])) == nil, "reset observations")
        var finals: [String: [Float]] = [:]
        for f in c["finals"] as! [[Any]] {
            finals["\((f[0] as! NSNumber).intValue)/\((f[1] as! NSNumber).intValue)"] = f32s(f[2])
        }
        let steps = term.count / n
        let dActs = id == "CartPole-v1" ? ints(c["actions"]) : []
        let cActs = id == "CartPole-v1" ? [] : f32s(c["actions"])
        var episodesSeen = 0, truncSeen = 0
        for t in 0..<steps {
            if id == "CartPole-v1" { venv.step(Array(dActs[t * n..<(t + 1) * n])) } else { venv.step(Array(cActs[t * n..<(t + 1) * n])) }
            let o = Array(obs[(t + 1) * n * d..<(t + 2) * n * d])
            try #require(firstBitDifference(venv.observationArray, o) == nil, "\(key) step \(t) observations")
            for i in 0..<n {
                try #require(venv.rewards[i].bitPattern == rew[t * n + i].bitPattern, "\(key) step \(t) env \(i) reward")
                try #require(venv.terminations[i] == (term[t * n + i] != 0), "\(key) step \(t) env \(i) terminated")
                try #require(venv.truncations[i] == (trunc[t * n + i] != 0), "\(key) step \(t) env \(i) truncated")
                if venv.truncations[i] { truncSeen += 1 }
                if let f = finals["\(t)/\(i)"] {
                    let got = Array(venv.finalObservations[i * d..<(i + 1) * d])
                    #expect(firstBitDifference(got, f) == nil, "\(key) step \(t) env \(i) final observation")
                }
            }
            episodesSeen += venv.finishedEpisodes.count
            #expect(venv.finishedEpisodes.map(\.env) == (0..<n).filter { venv.terminations[$0] || venv.truncations[$0] })
        }
        #expect(episodesSeen > 0)
        if mode == .sameStep { #expect(finals.count == episodesSeen) }
        if id == "Pendulum-v1" { #expect(truncSeen == n) }
    }

    @Test func episodeStatisticsOfVectorEnvAddUp() throws {
        let venv = VectorEnv(count: 3) { _ in TimeLimit(CartPole(), maxEpisodeSteps: 500) }
        venv.reset(seed: 7)
        var running = [Double](repeating: 0, count: 3)
        var rng = NumPyGenerator(seed: 1)
        for _ in 0..<300 {
            venv.step((0..<3).map { _ in Int(rng.integers(0, 2)) })
            for i in 0..<3 { running[i] += venv.rewards[i] }
            for e in venv.finishedEpisodes {
                #expect(e.totalReward == running[e.env])
                #expect(e.length == Int(running[e.env]))
                running[e.env] = 0
            }
        }
    }
}
