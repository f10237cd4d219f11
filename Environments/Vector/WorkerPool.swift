import Foundation

/// Persistent worker threads that run one job per call, split by worker
/// index; the calling thread runs index 0. Semaphores only: no allocation
/// per `run()`.
final class WorkerPool: @unchecked Sendable {
    let workers: Int
    private var start: [DispatchSemaphore]
    private let done = DispatchSemaphore(value: 0)
    private let job: (Int) -> Void
    private var stopping = false
    private var threads: [Thread] = []

    init(workers: Int, job: @escaping (Int) -> Void) {
        self.workers = workers
        self.job = job
        start = (0..<workers).map { _ in DispatchSemaphore(value: 0) }
        for w in 1..<max(workers, 1) {
            let t = Thread { [unowned self] in self.loop(w) }
            t.name = "swiftlet-vecenv-\(w)"
            threads.append(t)
            t.start()
        }
    }

    private func loop(_ w: Int) {
        while true {
            start[w].wait()
            if stopping { done.signal(); return }
            job(w)
            done.signal()
        }
    }

    /// Runs `job(0)` here and `job(1…workers-1)` on the workers; returns when all finished.
    func run() {
        for w in 1..<workers { start[w].signal() }
        job(0)
        for _ in 1..<workers { done.wait() }
    }

    /// Stops the threads (waits for them).
    func shutdown() {
        stopping = true
        for w in 1..<workers { start[w].signal() }
        for _ in 1..<workers { done.wait() }
    }
}
