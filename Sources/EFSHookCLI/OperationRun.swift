import AWSClient
import Common
import EFSHookCore
import Foundation
import Logging

/// Runs one recorded operation and ends it with its one record on stderr (the failure line
/// is that record), its figures folded into the textfile metrics and its decisions appended
/// to the audit trail.
struct OperationRun {
    let recorder: OperationRecorder

    init(operation: String, frontEnd: String) {
        recorder = OperationRecorder(operation: operation, frontEnd: frontEnd)
    }

    /// The exit code; `failure` maps an error to its exit code and line, as unrecorded
    /// commands print them.
    func run(_ body: () async throws -> Void, failure: (any Error) -> (code: Int32, line: String?)) async -> Int32 {
        var code: Int32 = 0
        var error: EFSHookError?
        do {
            try await OperationRecorder.$current.withValue(recorder) { try await body() }
        } catch let thrown {
            let mapped = failure(thrown)
            code = mapped.code
            let original = thrown as? EFSHookError
            error = EFSHookError(
                original?.kind ?? Self.kind(exitCode: code), mapped.line ?? EFSHookError.oneLine(thrown), code: original?.code)
        }
        finish(recorder.finish(exitCode: code, error: error))
        return code
    }

    func finish(_ summary: OperationSummary) {
        let configuration = recorder.configuration
        let logger = recorder.logger ?? Logs.fallback
        // A failure's record is its error line: it is printed whatever the log level.
        var record = logger
        if !summary.succeeded, record.logLevel > .error { record.logLevel = .error }
        record.log(level: summary.level, "\(summary.message)", metadata: summary.metadata)
        guard let configuration else { return }
        do {
            if let directory = configuration.metrics.textfileDirectory {
                try MetricsTextfile(directory: directory).fold(MetricsDelta(summary: summary, now: Date()))
            }
            let entries = AuditEntry.entries(of: summary, ts: LogRecordJSON.timestamp())
            try AuditTrail(path: configuration.auditPath).append(entries)
        } catch {
            logger.warning("cannot record the operation", metadata: ["error": "\(error.message)"])
        }
    }

    static func kind(exitCode: Int32) -> EFSHookError.Kind {
        switch exitCode {
        case 64: return .usage
        case 65: return .invalidTask
        case 75: return .temporary
        case 77: return .permissionDenied
        case 78: return .config
        default: return .failure
        }
    }
}

extension OperationRecorder {
    /// Counts each AWS attempt in the summary.
    var apiCallObserver: APICallObserver {
        { [self] event in awsCall(operation: event.operation, outcome: event.metricOutcome) }
    }
}
