import NIOCore
import Synchronization

/// The open connections of a server and whether each is running a request, so a stop can
/// close the others at once (idle, or still sending a request that has not started) and let
/// the busy ones finish their reply.
final class ConnectionTracker: Sendable {
    private struct State {
        var stopping = false
        var nextID = 0
        var connections: [Int: (channel: any Channel, busy: Bool)] = [:]
    }

    private let state = Mutex(State())

    /// nil once stopping: the caller closes the connection unanswered.
    func register(_ channel: any Channel) -> Int? {
        state.withLock { state in
            guard !state.stopping else { return nil }
            state.nextID += 1
            state.connections[state.nextID] = (channel, false)
            return state.nextID
        }
    }

    var isStopping: Bool { state.withLock { $0.stopping } }

    /// Marks the connection busy before its request runs; false when stopping (the request is
    /// not run, the connection closes).
    func beginRequest(_ id: Int) -> Bool {
        state.withLock { state in
            guard !state.stopping else { return false }
            state.connections[id]?.busy = true
            return true
        }
    }

    /// Marks the connection idle after a reply; false when stopping (close it instead).
    func setIdle(_ id: Int) -> Bool {
        state.withLock { state in
            guard !state.stopping else { return false }
            state.connections[id]?.busy = false
            return true
        }
    }

    func remove(_ id: Int) {
        _ = state.withLock { $0.connections.removeValue(forKey: id) }
    }

    /// Starts stopping; returns the idle connections to close.
    func beginShutdown() -> [any Channel] {
        state.withLock { state in
            state.stopping = true
            return state.connections.values.filter { !$0.busy }.map(\.channel)
        }
    }
}
