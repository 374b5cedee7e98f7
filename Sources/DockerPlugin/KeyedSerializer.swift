/// Runs operations on one key (a volume name) one at a time, in arrival order, without
/// blocking a thread while waiting.
///
/// The state directory's file locks are per process open file, and flock(2) on a second descriptor
/// in the same process waits like any other process would. Serialising per volume here means
/// two requests of this daemon never wait on each other's file lock; the file locks still
/// order the daemon against the one-shot commands.
actor KeyedSerializer {
    private var busy: Set<String> = []
    private var waiters: [String: [CheckedContinuation<Void, Never>]] = [:]

    private func acquire(_ key: String) async {
        if busy.insert(key).inserted { return }
        await withCheckedContinuation { continuation in
            waiters[key, default: []].append(continuation)
        }
    }

    private func release(_ key: String) {
        guard var queue = waiters[key], !queue.isEmpty else {
            busy.remove(key)
            return
        }
        // Hand the key straight to the next waiter: it stays busy.
        let next = queue.removeFirst()
        waiters[key] = queue.isEmpty ? nil : queue
        next.resume()
    }

    nonisolated func run<T: Sendable, E: Error>(_ key: String, _ body: () async throws(E) -> T) async throws(E) -> T {
        await acquire(key)
        do {
            let result = try await body()
            await release(key)
            return result
        } catch {
            await release(key)
            throw error
        }
    }
}
