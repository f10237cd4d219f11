import Foundation
import SwiftletCore
import SwiftletEnvironments
import Testing

@Suite struct NumPyRandomTests {
    let fx: [String: Any]
    init() throws { fx = try loadFixture("numpy_random.json") }

    @Test func seedSequenceMatchesNumPy() throws {
        for case let c as [String: Any] in fx["seed_sequence"] as! [Any] {
            let seed = UInt64(c["seed"] as! String)!
            let ss = SeedSequence(entropy: seed)
            #expect(ss.pool.map(Int.init) == ints(c["pool"]), "pool for seed \(seed)")
            #expect(ss.generateState(words: 8).map(Int.init) == ints(c["state32"]), "state for seed \(seed)")
        }
    }

    @Test func pcg64StreamMatchesNumPy() throws {
        for case let c as [String: Any] in fx["pcg64"] as! [Any] {
            let seed = UInt64(c["seed"] as! String)!
            var g = NumPyGenerator(seed: seed)
            let want = (c["next64"] as! [String]).map { UInt64($0)! }
            let got = (0..<want.count).map { _ in g.bitGenerator.next() }
            #expect(got == want, "PCG64 raw outputs for seed \(seed)")
        }
    }

    @Test func uniformMatchesNumPy() throws {
        for case let c as [String: Any] in fx["uniform"] as! [Any] {
            let seed = UInt64(c["seed"] as! String)!
            var g = NumPyGenerator(seed: seed)
            let b = f64s(c["bounds"])
            let got = (0..<6).map { g.uniform(low: b[2 * $0], high: b[2 * $0 + 1]) }
            #expect(firstBitDifference(got, f64s(c["values"])) == nil, "uniform draws for seed \(seed)")
        }
    }

    @Test func integersMatchNumPy() throws {
        for case let c as [String: Any] in fx["integers"] as! [Any] {
            let seed = UInt64((c["seed"] as! NSNumber).intValue)
            var g = NumPyGenerator(seed: seed)
            for case let call as [String] in c["calls"] as! [Any] {
                let lo = Int64(call[0])!, hi = Int64(call[1])!, want = Int64(call[2])!
                #expect(g.integers(lo, hi) == want, "integers(\(lo), \(hi)) for seed \(seed)")
            }
            let mixed = c["mixed"] as! [String]
            #expect(g.integers(0, 3) == Int64(mixed[0])!)
            #expect(g.uniform(low: 0, high: 1).bitPattern == f64s(mixed[1])[0].bitPattern)
            #expect(g.integers(0, 3) == Int64(mixed[2])!)
            #expect(g.integers(0, 3) == Int64(mixed[3])!)
        }
    }

    @Test func float32TrigMatchesNumPy() throws {
        let t = fx["float32_trig"] as! [String: Any]
        let xs = f32s(t["x"]), cs = f32s(t["cos"]), ss = f32s(t["sin"])
        var badCos = 0, badSin = 0
        for i in xs.indices {
            if NumPyFloat32Trig.cos(xs[i]).bitPattern != cs[i].bitPattern { badCos += 1 }
            if NumPyFloat32Trig.sin(xs[i]).bitPattern != ss[i].bitPattern { badSin += 1 }
        }
        #expect(badCos == 0 && badSin == 0, "float32 cos mismatches \(badCos), sin \(badSin) of \(xs.count)")
    }
}
