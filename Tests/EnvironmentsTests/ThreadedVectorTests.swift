import Testing
import SwiftletEnvironments

/// Threaded stepping (spin-then-block worker handoff, with the adaptive
/// serial/threaded choice re-timed every 8192 steps) gives exactly the serial
/// results, step for step, over several timing windows and episode ends.
@Suite struct ThreadedVectorTests {
    @Test(arguments: [("CartPole-v1", 64, 2), ("Acrobot-v1", 8, 2), ("Pendulum-v1", 5, 3)])
    func threadedStepsEqualSerialSteps(_ id: String, _ count: Int, _ workers: Int) throws {
        let serial = try makeVector(id, count: count, workers: 1)
        let threaded = try makeVector(id, count: count, workers: workers)
        serial.reset(seed: 7); threaded.reset(seed: 7)
        var rng = NumPyGenerator(seed: 3)
        let discrete = serial.singleActionSpace.discreteCount
        var finished = 0
        for step in 0..<(3 * 8192 + 100) {
            if let n = discrete {
                let a = (0..<count).map { _ in Int(rng.integers(0, Int64(n))) }
                serial.step(a); threaded.step(a)
            } else {
                let a = (0..<count).map { _ in Float(rng.uniform(low: -2, high: 2)) }
                serial.step(a); threaded.step(a)
            }
            finished += serial.finishedEpisodes.count
            guard Array(serial.observations) == Array(threaded.observations), Array(serial.rewards) == Array(threaded.rewards),
                  Array(serial.terminations) == Array(threaded.terminations),
                  Array(serial.truncations) == Array(threaded.truncations),
                  serial.finishedEpisodes == threaded.finishedEpisodes else {
                Issue.record("\(id): step \(step) differs between 1 and \(workers) workers")
                return
            }
        }
        #expect(finished > 0)
    }
}
