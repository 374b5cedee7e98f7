import Common
import GRPCCore

/// The gRPC status of a failed call, by the CSI spec's table: what efs-hook's error says
/// (its kind and code) picks the code, its one-line message is the status message.
enum CSIStatus {
    static func rpcError(_ error: any Error, deadlineExpired: Bool) -> RPCError {
        if let error = error as? RPCError { return error }
        if error is CancellationError { return RPCError(code: .cancelled, message: "the call was cancelled (its deadline passed)") }
        let failure = error as? EFSHookError ?? EFSHookError.failure(EFSHookError.oneLine(error))
        return RPCError(code: code(for: failure, deadlineExpired: deadlineExpired), message: EFSHookError.oneLine(failure))
    }

    static func code(for error: EFSHookError, deadlineExpired: Bool) -> RPCError.Code {
        // A path showing another volume, a name defined with other options (CreateVolume's incompatible repeat).
        if error.code == .publishedOtherwise || error.code == .definedOtherwise { return .alreadyExists }
        // Not staged yet; still mounted by someone else; in use on this host (DeleteVolume's FAILED_PRECONDITION).
        if [.notStaged, .stillMounted, .volumeInUse].contains(error.code) { return .failedPrecondition }
        switch error.kind {
        case .usage, .invalidTask: return .invalidArgument
        case .permissionDenied: return .permissionDenied
        case .config: return .failedPrecondition
        // A wait the call's deadline cut short, else one worth retrying (throttling, a lock).
        case .temporary: return deadlineExpired ? .deadlineExceeded : .unavailable
        case .failure: return deadlineExpired ? .deadlineExceeded : .internalError
        }
    }

    static func notFound(_ message: String) -> RPCError { RPCError(code: .notFound, message: message) }
}
