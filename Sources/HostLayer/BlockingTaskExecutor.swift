import Foundation

/// A task executor on a few dedicated threads, for work that blocks its thread: flock
/// waits, reading the mount table, running mount helpers. The daemons' requests (Docker's,
/// CSI's) run here, so a slow mount never starves Swift's cooperative pool (two threads on a two-core agent)
/// or NIO's event loops.
public final class BlockingTaskExecutor: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var head = 0

    public init(threads: Int, name: String) {
        for index in 0..<max(threads, 1) {
            let thread = Thread { self.work() }  // the threads keep the executor alive: it lives as long as the process
            thread.name = "\(name)-\(index)"
            thread.start()
        }
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func next() -> UnownedJob {
        condition.lock()
        defer { condition.unlock() }
        while head == jobs.count { condition.wait() }
        let job = jobs[head]
        head += 1
        if head > 64, head * 2 > jobs.count {
            jobs.removeFirst(head)
            head = 0
        }
        return job
    }

    private func work() {
        while true {
            let job = next()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
