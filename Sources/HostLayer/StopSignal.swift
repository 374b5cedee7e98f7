import Dispatch
import Foundation

/// SIGTERM and SIGINT as an awaitable event, for the daemons (`serve`, `csi`): the first one
/// starts a graceful stop; later ones are ignored (systemd's TimeoutStopSec bounds the stop).
public final class StopSignal: @unchecked Sendable {
    private var sources: [any DispatchSourceSignal] = []
    private let stream: AsyncStream<String>
    private let continuation: AsyncStream<String>.Continuation

    public init() {
        (stream, continuation) = AsyncStream.makeStream(of: String.self)
        for (number, name) in [(SIGTERM, "SIGTERM"), (SIGINT, "SIGINT")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            let continuation = continuation
            source.setEventHandler { continuation.yield(name) }
            source.resume()
            sources.append(source)
        }
    }

    /// The signal's name, or nil after `finish()`.
    public func wait() async -> String? {
        for await name in stream { return name }
        return nil
    }

    public func finish() { continuation.finish() }
}
