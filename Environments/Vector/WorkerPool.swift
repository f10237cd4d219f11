import Foundation
import CSwiftletAtomics

/// Persistent worker threads that run one job per call, split by worker
/// index; the calling thread runs index 0. No allocation per `run()`.
///
/// The handoff is spin-then-block, as EnvPool's: a vector step of a few
/// thousand cheap environments lasts tens of microseconds, less than a
/// semaphore wake-up, so a worker first polls the job counter for about
/// `spinLimit` pauses after each job (≈ 50 µs), and only then sleeps on its
/// semaphore until the next `run()` signals it. The caller likewise polls for
/// the workers' completion.
final class WorkerPool: @unchecked Sendable {
    let workers: Int
    private let job: (Int) -> Void
    private let start: [DispatchSemaphore]
    /// generation, remaining, stopping, then one sleeping flag per worker; a
    /// cache line each, so polling one does not slow writes to another.
    private let cells: UnsafeMutablePointer<Int>
    private static let stride = 8
    private var threads: [Thread] = []
    let spinLimit: Int

    private func cell(_ i: Int) -> UnsafeMutablePointer<Int> { cells + i * Self.stride }
    private var generation: UnsafeMutablePointer<Int> { cell(0) }
    private var remaining: UnsafeMutablePointer<Int> { cell(1) }
    private var stopping: UnsafeMutablePointer<Int> { cell(2) }
    private func sleeping(_ w: Int) -> UnsafeMutablePointer<Int> { cell(3 + w) }

    init(workers: Int, spinLimit: Int = 20_000, job: @escaping (Int) -> Void) {
        self.workers = workers
        self.job = job
        self.spinLimit = spinLimit
        start = (0..<workers).map { _ in DispatchSemaphore(value: 0) }
        let n = (3 + workers) * Self.stride
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
            // Poll for the next generation, then fall asleep.
            var polls = 0
            var current = swiftlet_atomic_load(generation)
            while current == seen && polls < spinLimit {
                swiftlet_cpu_relax()
                polls += 1
                current = swiftlet_atomic_load(generation)
            }
            if current == seen {
                swiftlet_atomic_store(sleeping(w), 1)
                current = swiftlet_atomic_load(generation)
                if current == seen {
                    start[w].wait()
                } else if swiftlet_atomic_exchange(sleeping(w), 0) == 0 {
                    // run() cleared the flag first and signals: take that signal.
                    start[w].wait()
                }
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

    private func wake() {
        for w in 1..<workers where swiftlet_atomic_exchange(sleeping(w), 0) == 1 { start[w].signal() }
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
        wake()
        job(0)
        waitForWorkers()
    }

    /// Stops the threads (waits for them).
    func shutdown() {
        swiftlet_atomic_store(stopping, 1)
        swiftlet_atomic_store(remaining, workers - 1)
        _ = swiftlet_atomic_add(generation, 1)
        wake()
        waitForWorkers()
    }
}
