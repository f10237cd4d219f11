import Testing
import SwiftletEnvironments

@Suite struct VecNormalizeTests {
    /// After a long random rollout the normalized observations have mean ≈ 0
    /// and standard deviation ≈ 1 per dimension (SB3's VecNormalize property);
    /// raw rewards stay available; frozen statistics do not move.
    @Test func normalizesToUnitStatisticsAndFreezes() throws {
        let venv = VecNormalize(try makeVector("MountainCar-v0", count: 8), gamma: 0.99)
        venv.reset(seed: 0)
        var rng = NumPyGenerator(seed: 1)
        var sums = [Double](repeating: 0, count: 2), squares = sums
        var rows = 0, scaledAbs = 0.0, rawAbs = 0.0
        for _ in 0..<2000 {
            venv.step((0..<8).map { _ in Int(rng.integers(0, 3)) })
            for i in 0..<8 {
                for j in 0..<2 { let x = Double(venv.observations[i * 2 + j]); sums[j] += x; squares[j] += x * x }
                scaledAbs += abs(venv.rewards[i]); rawAbs += abs(venv.originalRewards[i])
                #expect(abs(venv.rewards[i]) <= 10)
            }
            rows += 8
        }
        for j in 0..<2 {
            let mean = sums[j] / Double(rows), sd = (squares[j] / Double(rows) - mean * mean).squareRoot()
            #expect(abs(mean) < 0.15 && abs(sd - 1) < 0.15, "dimension \(j): mean \(mean), sd \(sd)")
        }
        #expect(rawAbs == Double(rows))            // MountainCar pays −1 per step
        #expect(scaledAbs < rawAbs / 5)            // returns of −1 per step over ~100 steps: σ_R ≫ 1

        venv.training = false
        let frozen = venv.state
        venv.step([Int](repeating: 2, count: 8))
        #expect(venv.state.observations == frozen.observations && venv.state.returns == frozen.returns)
    }
}
