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
    public var message: String
    /// The service's error code when AWS answered with one (e.g. `FileSystemAlreadyExists`),
    /// so callers branch on the code, never on the HTTP status or the message.
    public var code: String?

    public init(_ kind: Kind, _ message: String, code: String? = nil) {
        self.kind = kind
        self.message = message
        self.code = code
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
    /// Renders any error as a single line for stderr, never a multi-line dump.
    public static func oneLine(_ error: any Error) -> String {
        let text = (error as? EFSHookError)?.message ?? String(describing: error)
        return text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
