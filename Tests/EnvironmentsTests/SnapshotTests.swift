import Foundation
import SwiftletCore
import SwiftletEnvironments
import Testing

/// Snapshot/restore: a fresh vector environment restored from a snapshot
/// (through JSON) must continue bit for bit like the original, including
/// snapshots taken right after a reset (MountainCarContinuous keeps a float64
/// state and Acrobot a float32 state until their first step).
@Suite struct SnapshotTests {
    static let ids = ["CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Acrobot-v1", "Pendulum-v1"]

    struct Frame: Equatable { var obs: [Float]; var rewards: [Double]; var term: [Bool]; var trunc: [Bool]; var finals: [Float] }

    func frame(_ v: any VectorEnvironment) -> Frame {
        Frame(obs: Array(v.observations), rewards: Array(v.rewards), term: Array(v.terminations), trunc: Array(v.truncations),
              finals: (0..<v.count).flatMap { i in v.terminations[i] || v.truncations[i]
                  ? Array(v.finalObservations[i * v.observationSize..<(i + 1) * v.observationSize]) : [] })
    }

    func step(_ v: any VectorEnvironment, _ rng: inout PCG64) {
        switch v.singleActionSpace {
        case .discrete(let d): v.step((0..<v.count).map { _ in Int(rng.next() % UInt64(d.n)) })
        default:
            let k = v.count * v.singleActionSpace.flatSize
            // Past the bounds too: the environments clip, and the reward uses the raw action.
            var a = [Float](repeating: 0, count: k)
            for i in 0..<k {
                let u: Double = Double(rng.next() >> 11) / 9_007_199_254_740_992.0
                a[i] = Float(u * 5.0 - 2.5)
            }
            v.step(a)
        }
    }

    @Test(arguments: ids)
    func restoredVectorContinuesBitwise(id: String) throws {
        let limit = 7, n = 3, steps = 30, ahead = 9
        let venv = try makeVector(id, count: n, maxEpisodeSteps: limit)
        let original = try #require(venv as? any SnapshottableVectorEnvironment)
        venv.reset(seed: 11)
        var rng = PCG64(seed: 3)
        var actionRNGs: [PCG64] = [], snaps: [Data] = [], frames: [Frame] = [frame(venv)]
        for _ in 0..<(steps + ahead) {
            actionRNGs.append(rng)
            snaps.append(try JSONEncoder().encode(original.snapshot()))
            step(venv, &rng)
            frames.append(frame(venv))
        }
        var afterReset = 0
        for k in 0..<steps {
            let state = try JSONDecoder().decode(VectorEnvironmentState.self, from: snaps[k])
            if state.environments.contains(where: { $0.elapsedSteps == 0 }) { afterReset += 1 }
            let copy = try #require(try makeVector(id, count: n, maxEpisodeSteps: limit) as? any SnapshottableVectorEnvironment)
            try copy.restore(state)
            #expect(frame(copy).obs == frames[k].obs, "\(id): observations after restore at step \(k)")
            var r = actionRNGs[k]
            for j in 1...ahead {
                step(copy, &r)
                let f = frame(copy), g = frames[k + j]
                try #require(f.obs.map(\.bitPattern) == g.obs.map(\.bitPattern), "\(id): restored at \(k), step +\(j) observations")
                try #require(f.rewards.map(\.bitPattern) == g.rewards.map(\.bitPattern), "\(id): restored at \(k), step +\(j) rewards")
                try #require(f.term == g.term && f.trunc == g.trunc, "\(id): restored at \(k), step +\(j) flags")
                try #require(f.finals.map(\.bitPattern) == g.finals.map(\.bitPattern), "\(id): restored at \(k), step +\(j) final obs")
            }
        }
        #expect(afterReset >= 4, "\(id): the run must cover snapshots taken right after a reset")
    }

    @Test func singleEnvironmentRoundTripAndErrors() throws {
        let a = TimeLimit(MountainCarContinuous(), maxEpisodeSteps: 999)
        a.reset(seed: 4)
        let s = a.snapshot()
        #expect(s.elapsedSteps == 0 && s.flags == [0] && s.hasReset)
        let b = TimeLimit(MountainCarContinuous(), maxEpisodeSteps: 999)
        try b.restore(s)
        let ra = try a.step([0.7]), rb = try b.step([0.7])
        #expect(ra.observation.map(\.bitPattern) == rb.observation.map(\.bitPattern))
        #expect(ra.reward.bitPattern == rb.reward.bitPattern)
        #expect(b.elapsedSteps == 1 && b.snapshot() == a.snapshot())
        // Another environment's snapshot, or one taken without TimeLimit, is refused.
        #expect(throws: EnvironmentError.self) { try TimeLimit(Acrobot(), maxEpisodeSteps: 500).restore(s) }
        #expect(throws: EnvironmentError.self) { try b.restore(MountainCarContinuous().snapshot()) }
        let v = try #require(try makeVector("CartPole-v1", count: 2) as? any SnapshottableVectorEnvironment)
        v.reset(seed: 0)
        let w = try #require(try makeVector("CartPole-v1", count: 3) as? any SnapshottableVectorEnvironment)
        #expect(throws: EnvironmentError.self) { try w.restore(v.snapshot()) }
    }
}
