import Foundation
import SwiftletCore
import Testing
import TestSupport

/// The fused PPO surrogate loss against the same formula composed from the
/// ops it replaces (each checked against PyTorch in the op fixtures), bit
/// for bit, and its gradient against finite differences.
@Suite("clippedSurrogateLoss")
struct ClippedSurrogateLossTests {
    /// Log-ratios spanning inside the clip range (where the two surrogate
    /// terms tie), both sides outside it, advantages of both signs and zero.
    static func inputs<Scalar: TensorFloatingPoint>(n: Int, seed: UInt64, as: Scalar.Type)
        -> (logp: Tensor<Scalar>, old: Tensor<Scalar>, adv: Tensor<Scalar>) {
        var g = PCG64(seed: seed)
        let old = Tensor<Scalar>.uniform([n], low: -3, high: -0.1, generator: &g)
        let shift = Tensor<Scalar>.uniform([n], low: -0.6, high: 0.6, generator: &g)
        var adv = Tensor<Scalar>.normal([n], generator: &g)
        adv.withUnsafeMutableBufferPointer { a in for i in stride(from: 0, to: n, by: 7) { a[i] = 0 } }
        return (old + shift, old, adv)
    }

    static func composed<Scalar: TensorFloatingPoint>(_ logp: Tensor<Scalar>, _ old: Tensor<Scalar>,
                                                      _ adv: Tensor<Scalar>, _ clip: Scalar) -> Tensor<Scalar> {
        let ratio = (logp - old).exp()
        return -minimum(adv * ratio, adv * ratio.clamped(min: 1 - clip, max: 1 + clip)).mean()
    }

    @Test(arguments: [1, 5, 64, 256, 1000])
    func floatEqualsComposedOpsBitForBit(_ n: Int) {
        let (lp, old, adv) = Self.inputs(n: n, seed: UInt64(n), as: Float.self)
        for clip: Float in [0.2, 0.05, 0] {
            let a = lp.requiringGrad(), b = lp.requiringGrad()
            let (fused, ratio) = clippedSurrogateLoss(logProb: a, oldLogProb: old, advantages: adv, clipRange: clip)
            let reference = Self.composed(b, old, adv, clip)
            (fused * 3).backward()
            (reference * 3).backward()
            #expect(fused.scalar.bitPattern == reference.scalar.bitPattern, "n \(n) clip \(clip): loss")
            #expect(a.grad!.scalars.map(\.bitPattern) == b.grad!.scalars.map(\.bitPattern), "n \(n) clip \(clip): gradient")
            #expect(ratio.scalars == (lp - old).exp().scalars)
            #expect(!ratio.requiresGrad)
        }
    }

    @Test func doubleEqualsComposedOpsAndFollowsTheFormula() {
        let (lp, old, adv) = Self.inputs(n: 300, seed: 9, as: Double.self)
        let a = lp.requiringGrad(), b = lp.requiringGrad()
        let (fused, _) = clippedSurrogateLoss(logProb: a, oldLogProb: old, advantages: adv, clipRange: 0.2)
        let reference = Self.composed(b, old, adv, 0.2)
        fused.backward()
        reference.backward()
        #expect(fused.scalar == reference.scalar)
        #expect(a.grad!.scalars == b.grad!.scalars)
        // The gradient written out: −A·r/n where the unclipped term is the
        // smaller (or the ratio is inside the range), 0 where clipping binds.
        let lps = lp.scalars, olds = old.scalars, advs = adv.scalars, grad = a.grad!.scalars
        var sawClipped = 0, sawFree = 0
        for i in 0..<300 {
            let r = Foundation.exp(lps[i] - olds[i]), A = advs[i]
            let clipped = min(max(r, 0.8), 1.2)
            let expected: Double
            if r >= 0.8 && r <= 1.2 { expected = -A * r / 300; sawFree += 1 }
            else if A * r < A * clipped { expected = -A * r / 300; sawFree += 1 }
            else if A * r > A * clipped { expected = 0; sawClipped += 1 }
            else { expected = -A * r / 600; sawFree += 1 }  // tie outside the range (A = 0)
            #expect(abs(grad[i] - expected) <= 1e-15, "element \(i): \(grad[i]) vs \(expected)")
        }
        #expect(sawClipped > 20 && sawFree > 20)
    }

    @Test func gradientMatchesFiniteDifferences() {
        // Log-ratios kept off the clip boundaries (kinks) by the seed's draw.
        let (lp, old, adv) = Self.inputs(n: 12, seed: 4, as: Double.self)
        let r = gradcheck([lp]) { x in
            clippedSurrogateLoss(logProb: x[0], oldLogProb: old, advantages: adv, clipRange: 0.2).loss
        }
        #expect(r.passed, "\(r)")
    }
}
