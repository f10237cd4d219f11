import Foundation
import Testing
import SwiftletCore
import SwiftletNN

/// Values and gradients against torch.distributions (Float64 fixtures).
struct DistributionTests {
    static func fixture(_ key: String) throws -> [String: Any] {
        (try fixtureJSON("distributions.json") as! [String: Any])[key] as! [String: Any]
    }

    @Test func categoricalMatchesTorch() throws {
        let fx = try Self.fixture("categorical")
        let shape = ints(fx["shape"])
        let logits = tensor(doubles(fx["logits"]), shape, as: Double.self).requiringGrad()
        let d = Categorical(logits: logits)
        let actions = Tensor<Int>(ints(fx["actions"]))
        let lp = d.logProb(actions), ent = d.entropy()
        #expect(maxRelativeError(lp.scalars, doubles(fx["log_prob"])) < 1e-13)
        #expect(maxRelativeError(ent.scalars, doubles(fx["entropy"])) < 1e-13)
        #expect(maxRelativeError(d.probs.scalars, doubles(fx["probs"])) < 1e-13)
        #expect(d.mode().scalars == ints(fx["mode"]))
        let w = Tensor<Double>(doubles(fx["weights"]))
        ((lp * w).sum() + ent.sum() * 0.3).backward()
        #expect(maxRelativeError(logits.grad!.scalars, doubles(fx["grad"])) < 1e-12)
    }

    @Test func maskedCategoricalMatchesMaskableCategorical() throws {
        let base = try Self.fixture("categorical"), fx = try Self.fixture("masked")
        let shape = ints(base["shape"])
        let logits = tensor(doubles(base["logits"]), shape, as: Double.self).requiringGrad()
        let mask = Tensor<Bool>(shape: shape, scalars: (fx["mask"] as! [Any]).map { ($0 as! NSNumber).boolValue })
        let d = Categorical(logits: logits, mask: mask)
        let lp = d.logProb(Tensor<Int>(ints(fx["actions"]))), ent = d.entropy()
        #expect(maxRelativeError(lp.scalars, doubles(fx["log_prob"])) < 1e-13)
        #expect(maxRelativeError(ent.scalars, doubles(fx["entropy"])) < 1e-13)
        #expect(maxRelativeError(d.probs.scalars, doubles(fx["probs"])) < 1e-13)
        #expect(d.mode().scalars == ints(fx["mode"]))
        let w = Tensor<Double>(doubles(base["weights"]))
        ((lp * w).sum() + ent.sum() * 0.3).backward()
        #expect(maxRelativeError(logits.grad!.scalars, doubles(fx["grad"])) < 1e-12)
        // Masked actions are never sampled.
        var g = PCG64(seed: 5)
        let maskValues = mask.scalars
        for _ in 0..<200 {
            for (row, a) in d.sample(generator: &g).scalars.enumerated() {
                #expect(maskValues[row * shape[1] + a], "sampled masked action \(a) in row \(row)")
            }
        }
    }

    @Test func categoricalIsStableForExtremeLogits() throws {
        let fx = try Self.fixture("extreme")
        let logits = tensor(doubles(fx["logits"]), ints(fx["shape"]), as: Double.self).requiringGrad()
        let d = Categorical(logits: logits)
        let lp = d.logProb(Tensor<Int>(ints(fx["actions"]))), ent = d.entropy()
        #expect(maxRelativeError(lp.scalars, doubles(fx["log_prob"])) < 1e-13)
        #expect(maxRelativeError(ent.scalars, doubles(fx["entropy"])) < 1e-13)
        (lp.sum() + ent.sum()).backward()
        #expect(maxRelativeError(logits.grad!.scalars, doubles(fx["grad"])) < 1e-12)
        // Float32 with −inf logits stays finite (PyTorch clamps before p·log p).
        let f = Categorical(logits: Tensor<Float>([[0, -.infinity, 1]]))
        #expect(f.entropy().scalars.allSatisfy { $0.isFinite })
    }

    @Test func categoricalSamplingFrequencies() {
        let probs: [Double] = [0.1, 0.2, 0.3, 0.4]
        let d = Categorical(logits: Tensor<Double>(shape: [1, 4], scalars: probs.map { Double.log($0) }))
        var g = PCG64(seed: 77)
        var counts = [0, 0, 0, 0]
        let n = 40_000
        for _ in 0..<n { counts[d.sample(generator: &g).scalars[0]] += 1 }
        for k in 0..<4 {
            // 5 standard errors.
            let sd = (probs[k] * (1 - probs[k]) / Double(n)).squareRoot()
            #expect(abs(Double(counts[k]) / Double(n) - probs[k]) < 5 * sd, "category \(k): \(counts[k])")
        }
        // Same seed, same actions.
        var a = PCG64(seed: 3), b = PCG64(seed: 3)
        #expect(d.sample(generator: &a) == d.sample(generator: &b))
    }

    @Test func diagonalNormalMatchesTorch() throws {
        let fx = try Self.fixture("normal")
        let shape = ints(fx["shape"])
        let mean = tensor(doubles(fx["mean"]), shape, as: Double.self).requiringGrad()
        let logStd = tensor(doubles(fx["log_std"]), [shape[1]], as: Double.self).requiringGrad()
        let d = DiagonalNormal(mean: mean, logStd: logStd)
        let lp = d.logProb(tensor(doubles(fx["actions"]), shape, as: Double.self)), ent = d.entropy()
        #expect(lp.shape == [shape[0]] && ent.shape == [shape[0]])
        #expect(maxRelativeError(lp.scalars, doubles(fx["log_prob"])) < 1e-13)
        #expect(maxRelativeError(ent.scalars, doubles(fx["entropy"])) < 1e-13)
        let w = Tensor<Double>(doubles(fx["weights"]))
        ((lp * w).sum() + ent.sum() * 0.7).backward()
        #expect(maxRelativeError(mean.grad!.scalars, doubles(fx["grad_mean"])) < 1e-12)
        #expect(maxRelativeError(logStd.grad!.scalars, doubles(fx["grad_log_std"])) < 1e-12)
    }

    /// rsample = μ + σ·ε: d/dμ = 1, d/dlogσ = σ·ε; sample carries no graph.
    @Test func diagonalNormalReparameterization() {
        let mean = Tensor<Double>([[0.5, -1], [2, 0]]).requiringGrad()
        let logStd = Tensor<Double>([0.3, -0.7]).requiringGrad()
        let d = DiagonalNormal(mean: mean, logStd: logStd)
        var g1 = PCG64(seed: 4), g2 = PCG64(seed: 4)
        let x = d.rsample(generator: &g1)
        let eps = d.noise(generator: &g2)
        x.sum().backward()
        #expect(mean.grad!.scalars == [1, 1, 1, 1])
        let s = logStd.scalars.map { Double.exp($0) }
        let e = eps.scalars
        let expected = [s[0] * (e[0] + e[2]), s[1] * (e[1] + e[3])]
        #expect(maxRelativeError(logStd.grad!.scalars, expected) < 1e-14)
        #expect(maxRelativeError(x.scalars, [0.5 + s[0] * e[0], -1 + s[1] * e[1], 2 + s[0] * e[2], s[1] * e[3]]) < 1e-15)
        var g3 = PCG64(seed: 4)
        let y = d.sample(generator: &g3)
        #expect(!y.requiresGrad && y == x.detached())
        #expect(d.mode == mean.detached())
    }
}

/// gSDE against Stable-Baselines3's StateDependentNoiseDistribution (Float64 fixtures).
struct StateDependentNoiseTests {
    static func cases() throws -> [String: Any] { try fixtureJSON("gsde.json") as! [String: Any] }

    @Test(arguments: ["full_exp", "column_expln"])
    func matchesStableBaselines3(_ name: String) throws {
        let fx = try Self.cases()[name] as! [String: Any]
        let b = fx["B"] as! Int, h = fx["H"] as! Int, d = fx["D"] as! Int
        let full = fx["full_std"] as! Bool, expln = fx["use_expln"] as! Bool
        let logStd = tensor(doubles(fx["log_std"]), [h, full ? d : 1], as: Double.self).requiringGrad()
        let mean = tensor(doubles(fx["mean"]), [b, d], as: Double.self).requiringGrad()
        let latent = tensor(doubles(fx["latent"]), [b, h], as: Double.self)
        let dist = StateDependentNoise(mean: mean, logStd: logStd, latent: latent, useExpln: expln)
        let std = StateDependentNoise<Double>.std(logStd: logStd.detached(), actionCount: d, useExpln: expln)
        #expect(maxRelativeError(std.scalars, doubles(fx["std"])) < 1e-14)
        let lp = dist.logProb(tensor(doubles(fx["actions"]), [b, d], as: Double.self)), ent = dist.entropy()
        #expect(lp.shape == [b] && ent.shape == [b])
        #expect(maxRelativeError(lp.scalars, doubles(fx["log_prob"])) < 1e-12)
        #expect(maxRelativeError(ent.scalars, doubles(fx["entropy"])) < 1e-12)
        let w = Tensor<Double>(doubles(fx["weights"]))
        ((lp * w).sum() + ent.sum() * 0.4).backward()
        #expect(maxRelativeError(mean.grad!.scalars, doubles(fx["grad_mean"])) < 1e-12)
        #expect(maxRelativeError(logStd.grad!.scalars, doubles(fx["grad_log_std"])) < 1e-11)
        // The noise of SB3's own exploration matrices: one per row, and one shared.
        let matrices = tensor(doubles(fx["matrices"]), [b, h, d], as: Double.self)
        #expect(maxRelativeError(dist.noise(matrices: matrices).scalars, doubles(fx["noise"])) < 1e-13)
        let single = tensor(doubles(fx["matrix"]), [h, d], as: Double.self)
        #expect(maxRelativeError(dist.noise(matrices: single).scalars, doubles(fx["noise_single"])) < 1e-13)
        #expect(dist.mode == mean.detached())
    }

    /// Matrices are σ·ε with ε the generator's normals in row-major order.
    @Test func explorationMatricesScaleStandardNormals() {
        let logStd = Tensor<Double>([[0.2, -1.0], [0.5, 0.0], [-0.3, 1.2]])
        var g1 = PCG64(seed: 8), g2 = PCG64(seed: 8)
        let m = StateDependentNoise<Double>.explorationMatrices(logStd: logStd, actionCount: 2, count: 4, generator: &g1)
        let eps = Tensor<Double>.normal([4, 3, 2], generator: &g2).scalars
        #expect(m.shape == [4, 3, 2] && !m.requiresGrad)
        let s = logStd.scalars.map { Double.exp($0) }
        for i in 0..<24 { #expect(abs(m.scalars[i] - eps[i] * s[i % 6]) <= 1e-15 * abs(eps[i] * s[i % 6])) }
    }
}
