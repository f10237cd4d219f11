import Foundation
import SwiftletCore
import Testing
import TestSupport

/// Log-softmax over rows of two (the vectorized kernel on AVX-512 cores)
/// against the generic row path, bit for bit: the same logits with a third
/// column of −∞ take the generic loops and give the same first two columns
/// (exp(−∞) adds +0 to each sum and never wins the maximum), as do their
/// gradients (a zero gradient in the third column adds +0 to each row's Σg).
@Suite("logSoftmax over pairs")
struct LogSoftmaxPairsTests {
    static func logits(rows: Int, seed: UInt64) -> [Float] {
        var g = PCG64(seed: seed)
        var x = Tensor<Float>.normal([rows, 2], generator: &g).scalars.map { $0 * 6 }
        // Special rows where there is room: NaN, ±∞, both −∞, huge gaps, ties.
        let specials: [(Float, Float)] = [(.nan, 1), (1, .nan), (.infinity, 0), (0, .infinity), (-.infinity, 2),
                                          (-.infinity, -.infinity), (.infinity, .infinity), (80, -80), (3, 3), (-0.0, 0)]
        for (i, s) in specials.enumerated() where 3 * i + 1 < rows {
            x[2 * (3 * i + 1)] = s.0
            x[2 * (3 * i + 1) + 1] = s.1
        }
        return x
    }

    static func padded(_ x: [Float], rows: Int, with value: Float) -> [Float] {
        (0..<rows).flatMap { [x[2 * $0], x[2 * $0 + 1], value] }
    }

    @Test(arguments: Array(1...40) + [255, 256, 1000])
    func equalsGenericRowsBitForBit(_ rows: Int) {
        let x = Self.logits(rows: rows, seed: UInt64(rows))
        var g = PCG64(seed: 100 + UInt64(rows))
        let upstream = Tensor<Float>.normal([rows, 2], generator: &g)
        let a = Tensor<Float>(shape: [rows, 2], scalars: x).requiringGrad()
        let b = Tensor<Float>(shape: [rows, 3], scalars: Self.padded(x, rows: rows, with: -.infinity)).requiringGrad()
        let ya = a.logSoftmax(dim: 1)
        let yb = b.logSoftmax(dim: 1)
        (ya * upstream).sum().backward()
        let paddedUpstream = Tensor<Float>(shape: [rows, 3], scalars: Self.padded(upstream.scalars, rows: rows, with: 0))
        (yb * paddedUpstream).sum().backward()
        let ybs = yb.scalars, gbs = b.grad!.scalars
        let expectedY = (0..<rows).flatMap { [ybs[3 * $0], ybs[3 * $0 + 1]] }
        let expectedG = (0..<rows).flatMap { [gbs[3 * $0], gbs[3 * $0 + 1]] }
        #expect(ya.scalars.map(\.bitPattern) == expectedY.map(\.bitPattern), "rows \(rows): values")
        #expect(a.grad!.scalars.map(\.bitPattern) == expectedG.map(\.bitPattern), "rows \(rows): gradient")
    }

    /// Against log-softmax written out in Double on ordinary logits (a few ulp).
    @Test func matchesDoubleFormula() {
        let rows = 37
        let x = Tensor<Float>.normal([rows, 2], generator: &PCG64Box(seed: 7).g).scalars
        let y = Tensor<Float>(shape: [rows, 2], scalars: x).logSoftmax(dim: 1).scalars
        for r in 0..<rows {
            let a = Double(x[2 * r]), b = Double(x[2 * r + 1])
            let m = max(a, b), lse = m + Foundation.log(Foundation.exp(a - m) + Foundation.exp(b - m))
            #expect(abs(Double(y[2 * r]) - (a - lse)) <= 1e-6 * max(1, abs(a - lse)))
            #expect(abs(Double(y[2 * r + 1]) - (b - lse)) <= 1e-6 * max(1, abs(b - lse)))
        }
    }
}

/// A generator in a class, for one-line use as an inout argument.
private final class PCG64Box {
    var g: PCG64
    init(seed: UInt64) { g = PCG64(seed: seed) }
}
