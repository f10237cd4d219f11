import Foundation
import SwiftletCore
import Testing
import TestSupport

/// NumPy's PCG64 streams from `Fixtures/pcg64.json` (see make_fixtures.py).
struct PCG64Stream: Decodable, Sendable {
    var seed: String
    var words: [String]
    var state: String
    var inc: String
    var raw: [String]
    var doubles: [Double]
    var floats: [Double]
    var advance: String
    var advanced: [String]
}

let pcgStreams: [PCG64Stream] = {
    do { return try loadFixture([PCG64Stream].self, "pcg64.json", bundle: .module) } catch {
        fatalError("CoreTests: \(error)")
    }
}()

extension PCG64Stream {
    /// The generator NumPy's `PCG64(seed)` builds, through its SeedSequence words.
    var generator: PCG64 {
        let w = words.map { UInt128(UInt64($0)!) }
        return PCG64(initState: (w[0] << 64) | w[1], initSequence: (w[2] << 64) | w[3])
    }
}

@Suite("PCG64 against NumPy")
struct RandomTests {
    @Test(arguments: pcgStreams.map(\.seed))
    func rawStreamMatchesNumPy(_ seed: String) throws {
        let s = try #require(pcgStreams.first { $0.seed == seed })
        var g = s.generator
        #expect(g.state == UInt128(s.state)! && g.increment == UInt128(s.inc)!, "seeding words give NumPy's state")
        #expect((0..<s.raw.count).map { _ in g.next() } == s.raw.map { UInt64($0)! })
        var restored = PCG64(state: UInt128(s.state)!, increment: UInt128(s.inc)!)
        #expect(restored.next() == UInt64(s.raw[0])!)
    }

    @Test(arguments: pcgStreams.map(\.seed))
    func doublesFloatsAndAdvanceMatchNumPy(_ seed: String) throws {
        let s = try #require(pcgStreams.first { $0.seed == seed })
        var g = s.generator
        #expect((0..<s.doubles.count).map { _ in g.nextDouble() } == s.doubles)
        g = s.generator
        #expect((0..<s.floats.count).map { _ in Double(g.nextFloat()) } == s.floats)
        g = s.generator
        g.advance(by: UInt128(s.advance)!)
        #expect((0..<s.advanced.count).map { _ in g.next() } == s.advanced.map { UInt64($0)! })
    }

    @Test func sameSeedSameStreamDifferentSeedDifferentStream() {
        var a = PCG64(seed: 7), b = PCG64(seed: 7), c = PCG64(seed: 8)
        let xa = (0..<8).map { _ in a.next() }, xb = (0..<8).map { _ in b.next() }, xc = (0..<8).map { _ in c.next() }
        #expect(xa == xb)
        #expect(xa != xc)
        var g1 = PCG64(seed: 1), g2 = PCG64(seed: 1)
        #expect(Tensor<Float>.normal([16], generator: &g1) == Tensor<Float>.normal([16], generator: &g2))
        #expect(g1.permutation(10) == g2.permutation(10))
    }

    @Test func samplersHaveTheRightDistribution() {
        var g = PCG64(seed: 11)
        let n = 200_000
        var sum = 0.0, sumSq = 0.0
        for _ in 0..<n { let z = g.nextNormal(); sum += z; sumSq += z * z }
        #expect(Swift.abs(sum / Double(n)) < 0.01)
        #expect(Swift.abs(sumSq / Double(n) - 1) < 0.02)
        var counts = [0, 0, 0]
        for _ in 0..<60_000 { counts[g.nextInt(below: 3)] += 1 }
        #expect(counts.allSatisfy { Swift.abs($0 - 20_000) < 600 })
        var cat = [0, 0, 0]
        for _ in 0..<60_000 { cat[g.nextCategorical(weights: [0.5, 0.0, 1.5])] += 1 }
        #expect(cat[1] == 0 && Swift.abs(cat[0] - 15_000) < 500)
        let p = g.permutation(50)
        #expect(p.sorted() == Array(0..<50) && p != Array(0..<50))
    }
}
