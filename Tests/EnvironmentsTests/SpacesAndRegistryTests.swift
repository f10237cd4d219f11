import Foundation
import SwiftletEnvironments
import Testing

@Suite struct SpacesAndRegistryTests {
    @Test func discreteSamplesMatchGymnasium() throws {
        let fx = try loadFixture("spaces.json")
        for c in fx["discrete"] as! [[String: Any]] {
            let n = (c["n"] as! NSNumber).intValue, start = (c["start"] as! NSNumber).intValue
            let space = Discrete(n, start: start)
            var rng = NumPyGenerator(seed: (c["seed"] as! NSNumber).uint64Value)
            let got = (0..<40).map { _ in space.sample(using: &rng) }
            #expect(got == ints(c["samples"]), "\(space) seed \(c["seed"]!)")
            #expect(got.allSatisfy(space.contains))
        }
    }

    @Test func boxSamplesMatchGymnasium() throws {
        let fx = try loadFixture("spaces.json")
        for c in fx["box"] as! [[String: Any]] {
            let space = Box(low: f32s(c["low"]), high: f32s(c["high"]))
            var rng = NumPyGenerator(seed: (c["seed"] as! NSNumber).uint64Value)
            let got = (0..<20).flatMap { _ in space.sample(using: &rng) }
            #expect(firstBitDifference(got, f32s(c["samples"])) == nil, "\(space) seed \(c["seed"]!)")
        }
        for c in fx["multi_discrete"] as! [[String: Any]] {
            let space = MultiDiscrete(ints(c["nvec"]))
            var rng = NumPyGenerator(seed: 11)
            let got = (0..<20).map { _ in space.sample(using: &rng) }
            #expect(got == (c["samples"] as! [[Any]]).map(ints))
        }
    }

    @Test func boxContains() {
        let b = Box(low: [-2], high: [2])
        #expect(b.contains([2]))
        #expect(!b.contains([2.0001]))
        #expect(!b.contains([.nan]))
        #expect(!b.contains([0, 0]))
    }

    @Test func makeAppliesTimeLimitAndReportsBadInput() throws {
        let env = try make("CartPole-v1")
        #expect(throws: EnvironmentError.resetNeeded(env: "CartPole-v1")) { try env.step(0) }
        env.reset(seed: 1)
        do {
            _ = try env.step(2)
            Issue.record("action 2 accepted")
        } catch let e as EnvironmentError {
            #expect(e.description.contains("action 2") && e.description.contains("Discrete(2)"), "\(e)")
        }
        do {
            _ = try make("CartPole-v9")
            Issue.record("unknown id accepted")
        } catch let e as EnvironmentError {
            #expect(e.description.contains("CartPole-v9") && e.description.contains("Pendulum-v1"), "\(e)")
        }
        let p = try make("Pendulum-v1")
        p.reset(seed: 0)
        #expect(throws: EnvironmentError.self) { try p.step([2.5]) }
        #expect(throws: EnvironmentError.self) { try p.step(1) }
        // Pendulum never terminates: the 200-step limit truncates exactly at step 200.
        for t in 1...200 {
            let r = try p.step([0.5])
            #expect(r.truncated == (t == 200))
            #expect(!r.terminated)
        }
        #expect(Array(Registry.ids.prefix(5)) == ClassicControlTests.ids)   // other tests may register more
        #expect(Registry.specs.map(\.id) == Registry.ids)
    }
}
