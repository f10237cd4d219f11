import Foundation
import CSwiftletAtomics

/// Persistent worker threads that run one job per call, split by worker
/// index; the calling thread runs index 0. No allocation per `run()`.
///
/// The handoff polls instead of blocking: a vector step of a few thousand
/// cheap environments lasts tens of microseconds, less than a semaphore
/// wake-up, so a worker spins on the job counter for about `spinLimit`
/// pauses after each job (≈ 1 ms), then naps 50 µs between checks while idle
/// (a few percent of a core). The caller likewise polls for the workers'
/// completion. Nothing blocks, so no wake-up can be lost.
final class WorkerPool: @unchecked Sendable {
    let workers: Int
    private let job: (Int) -> Void
    /// generation, remaining, stopping: a cache line each, so polling one does
    /// not slow writes to another.
    private let cells: UnsafeMutablePointer<Int>
    private static let stride = 8
    private var threads: [Thread] = []
    let spinLimit: Int

    private func cell(_ i: Int) -> UnsafeMutablePointer<Int> { cells + i * Self.stride }
    private var generation: UnsafeMutablePointer<Int> { cell(0) }
    private var remaining: UnsafeMutablePointer<Int> { cell(1) }
    private var stopping: UnsafeMutablePointer<Int> { cell(2) }

    init(workers: Int, spinLimit: Int = 20_000, job: @escaping (Int) -> Void) {
        self.workers = workers
        self.job = job
        self.spinLimit = spinLimit
        let n = 3 * Self.stride
        cells = UnsafeMutablePointer<Int>.allocate(capacity: n)
        cells.initialize(repeating: 0, count: n)
        for w in 1..<max(workers, 1) {
            let t = Thread { [unowned self] in self.loop(w) }
            t.name = "swiftlet-vecenv-\(w)"
            threads.append(t)
            t.start()
        }
    }

    deinit { cells.deallocate() }

    private func loop(_ w: Int) {
        var seen = 0
        while true {
            // Poll for the next generation: first spinning, then napping
            // (no blocking primitive, so no wake-up can be lost).
            var polls = 0
            var current = swiftlet_atomic_load(generation)
            while current == seen {
                if polls < spinLimit { swiftlet_cpu_relax(); polls += 1 } else { usleep(50) }
                current = swiftlet_atomic_load(generation)
            }
            seen = current
            if swiftlet_atomic_load(stopping) != 0 {
                _ = swiftlet_atomic_add(remaining, -1)
                return
            }
            job(w)
            _ = swiftlet_atomic_add(remaining, -1)
        }
    }

    private func waitForWorkers() {
        var polls = 0
        while swiftlet_atomic_load(remaining) != 0 {
            if polls < spinLimit { swiftlet_cpu_relax(); polls += 1 } else { sched_yield() }
        }
    }

    /// Runs `job(0)` here and `job(1…workers-1)` on the workers; returns when all finished.
    func run() {
        swiftlet_atomic_store(remaining, workers - 1)
        _ = swiftlet_atomic_add(generation, 1)
        job(0)
        waitForWorkers()
    }

    /// Stops the threads (waits for them).
    func shutdown() {
        swiftlet_atomic_store(stopping, 1)
        swiftlet_atomic_store(remaining, workers - 1)
        _ = swiftlet_atomic_add(generation, 1)
        waitForWorkers()
    }
}
