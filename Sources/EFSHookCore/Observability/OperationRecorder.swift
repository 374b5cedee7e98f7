import Common
import Logging
import Synchronization
import VolumeModel

/// Collects one operation's summary while it runs, from wherever the facts are: the front
/// end (identity, volumes), the policy gate (the deciding rule), the AWS client's observer
/// (calls). One per operation, reached through `current` so that the layers in between need
/// not carry it; nothing is recorded when no operation is being recorded.
public final class OperationRecorder: Sendable {
    @TaskLocal public static var current: OperationRecorder?

    private let state: Mutex<OperationSummary>
    private let settings = Mutex<(configuration: Configuration?, logger: Logger?)>((nil, nil))
    private let started = ContinuousClock.now

    public init(operation: String, frontEnd: String) {
        state = Mutex(OperationSummary(operation: operation, frontEnd: frontEnd))
    }

    public func update(_ body: (inout OperationSummary) -> Void) {
        state.withLock { body(&$0) }
    }

    public var summary: OperationSummary { state.withLock { $0 } }

    /// One AWS attempt; `outcome` is `throttled` when the service throttled it.
    public func awsCall(operation: String, outcome: String) {
        state.withLock { $0.awsCalls["\(operation)/\(outcome)", default: 0] += 1 }
    }

    /// The configuration the operation loaded: where its metrics and audit lines go.
    public var configuration: Configuration? {
        get { settings.withLock { $0.configuration } }
        set { settings.withLock { $0.configuration = newValue } }
    }

    /// The operation's logger (its log level): the record's.
    public var logger: Logger? {
        get { settings.withLock { $0.logger } }
        set { settings.withLock { $0.logger = newValue } }
    }

    /// The summary as the operation ended, with its duration.
    public func finish(exitCode: Int32, error: EFSHookError?) -> OperationSummary {
        let elapsed = ContinuousClock.now - started
        return state.withLock { summary in
            summary.exitCode = exitCode
            summary.error = error
            summary.durationSeconds =
                Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            return summary
        }
    }
}
