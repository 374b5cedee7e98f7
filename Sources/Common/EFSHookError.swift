#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one error type of efs-hook. Every layer throws it, so every front end can turn any
/// failure into the same one-line message and the same exit code.
public struct EFSHookError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        /// The command line is wrong (exit 64).
        case usage
        /// The task description is malformed or asks for something invalid (exit 65).
        case invalidTask
        /// Something that may succeed on retry: a lock or deadline timed out, AWS throttled us (exit 75).
        case temporary
        /// AWS or the kernel refused for lack of permission (exit 77).
        case permissionDenied
        /// The configuration file is wrong (exit 78).
        case config
        /// Anything else (exit 1).
        case failure
    }

    public var kind: Kind
    /// The one line users see; it already says what `cause` and `errno` would tell them.
    public var message: String
    /// Why, for callers to branch on (never on the HTTP status or the message): the service's
    /// code when AWS answered with one (`.fileSystemAlreadyExists`), else efs-hook's own.
    public var code: ErrorCode?
    /// The `errno` of the failed system call, when one failed.
    public var errno: Int32?
    /// The error this one was made from (a Foundation or NIO error), kept for logs; not
    /// compared by `==`, which compares what efs-hook decided: kind, message, code, errno.
    public var cause: (any Error)?

    public init(_ kind: Kind, _ message: String, code: ErrorCode? = nil, errno: Int32? = nil, cause: (any Error)? = nil) {
        self.kind = kind
        self.message = message
        self.code = code
        self.errno = errno
        self.cause = cause
    }

    public func isCode(_ code: ErrorCode) -> Bool { self.code == code }

    public func isCode(in codes: Set<ErrorCode>) -> Bool { code.map(codes.contains) ?? false }

    public static func == (lhs: EFSHookError, rhs: EFSHookError) -> Bool {
        lhs.kind == rhs.kind && lhs.message == rhs.message && lhs.code == rhs.code && lhs.errno == rhs.errno
    }

    public var exitCode: Int32 {
        switch kind {
        case .usage: return 64
        case .invalidTask: return 65
        case .temporary: return 75
        case .permissionDenied: return 77
        case .config: return 78
        case .failure: return 1
        }
    }

    public var description: String { message }

    public static func usage(_ message: String) -> EFSHookError { .init(.usage, message) }
    public static func invalidTask(_ message: String) -> EFSHookError { .init(.invalidTask, message) }
    public static func temporary(_ message: String) -> EFSHookError { .init(.temporary, message) }
    public static func config(_ message: String) -> EFSHookError { .init(.config, message) }
    public static func failure(_ message: String) -> EFSHookError { .init(.failure, message) }
    public static func permissionDenied(_ message: String) -> EFSHookError { .init(.permissionDenied, message) }
}

extension EFSHookError {
    /// Turns an error from an API that throws untyped errors into ours: an `EFSHookError`
    /// passes through, cancellation becomes a temporary "cancelled", anything else `kind`
    /// with `message` (which names what failed in our words) and the original as `cause`.
    public static func wrapping(_ error: any Error, _ kind: Kind, _ message: @autoclosure () -> String) -> EFSHookError {
        if let error = error as? EFSHookError { return error }
        if error is CancellationError { return EFSHookError(.temporary, "cancelled", cause: error) }
        return EFSHookError(kind, message(), cause: error)
    }

    /// Renders any error as a single line for stderr, never a multi-line dump.
    public static func oneLine(_ error: any Error) -> String {
        let text = (error as? EFSHookError)?.message ?? String(describing: error)
        return text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}

extension EFSHookError {
    /// `strerror`'s text for `code`, lower-case first, to read inside a sentence
    /// ("task input /x: is a directory").
    public static func reason(errno code: Int32) -> String {
        let text = String(cString: strerror(code))
        return text.prefix(1).lowercased() + text.dropFirst()
    }
}
