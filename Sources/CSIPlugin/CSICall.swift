import Common
import EFSHookCore
import Foundation
import GRPCCore
import HostLayer
import Logging

/// Runs one node or controller call as an operation of the `csi` front end: under its own
/// deadline (`csi.deadlineSeconds`, shortened to what the caller allows), with its one
/// summary record in the log, its figures in the textfile metrics and its decisions in the
/// audit trail, and its failure as the gRPC status the CSI spec gives it.
struct CSICall: Sendable {
    let settings: CSISettings
    let logger: Logger
    /// Where the calls run: they block their thread on locks, mounts and the mount table.
    let blocking: BlockingTaskExecutor

    /// Kept back from the caller's deadline, so the answer reaches it before it gives up.
    static let callerMargin = 0.5

    /// `changes`: the call can change what a path shows (logged at notice, else info).
    func run<Response: Sendable>(
        _ method: String, volume: String?, changes: Bool, _ body: @Sendable () async throws -> Response
    ) async throws -> Response {
        let recorder = OperationRecorder(operation: method, frontEnd: "csi")
        if let volume { recorder.update { $0.note(volume: volume) } }
        let seconds = min(settings.deadlineSeconds, ClientDeadline.seconds.map { max(0.1, $0 - Self.callerMargin) } ?? .infinity)
        let deadline = LaunchDeadline(seconds: seconds)
        do {
            let response = try await withTaskExecutorPreference(blocking) {
                try await OperationRecorder.$current.withValue(recorder) {
                    try await LaunchDeadline.$current.withValue(deadline) { try await body() }
                }
            }
            finish(recorder, error: nil, code: nil, changes: changes)
            return response
        } catch {
            let status = CSIStatus.rpcError(error, deadlineExpired: deadline.expired)
            finish(recorder, error: error as? EFSHookError ?? .failure(status.message), code: status.code, changes: changes)
            throw status
        }
    }

    /// `code`: the gRPC status a failure was answered with.
    private func finish(_ recorder: OperationRecorder, error: EFSHookError?, code: RPCError.Code?, changes: Bool) {
        let summary = recorder.finish(exitCode: error == nil ? 0 : 1, error: error)
        if let code {
            logger.warning("\(summary.message)", metadata: summary.metadata.merging(["grpc.code": "\(code)"]) { $1 })
        } else {
            logger.log(level: changes ? .notice : .info, "\(summary.message)", metadata: summary.metadata)
        }
        do {
            if let directory = settings.metricsDirectory {
                try MetricsTextfile(directory: directory).fold(MetricsDelta(summary: summary, now: Date()))
            }
            if let path = settings.auditPath {
                try AuditTrail(path: path).append(AuditEntry.entries(of: summary, ts: LogRecordJSON.timestamp()))
            }
        } catch {
            logger.warning("cannot record the call", metadata: ["error": "\(error.message)"])
        }
    }
}
