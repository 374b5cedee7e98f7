import Common

/// What a failed run of the mount program means for a retry. A permanent failure (a
/// malformed id, an option the helper rejects, access denied) fails the same way every time,
/// so it ends the mount at once with the helper's own message; anything else (a timeout, a
/// connection reset, a name that does not resolve yet) is retried within the deadline.
///
/// The phrases are those of efs-utils' mount.efs (its option checks exit 1 with one line on
/// stderr) and of mount(8)/mount.nfs.
public enum MountFailure: Equatable, Sendable {
    case permanent(EFSHookError.Kind)
    case transient

    static let denied = ["access denied", "permission denied", "operation not permitted", "not authorized"]
    static let rejected = [
        "is malformed", "mutually exclusive", "option is required", "unsupported mount option", "is not an integer",
        "incorrect mount option", "bad option", "unknown filesystem type", "invalid argument", "is not supported",
        "invalid file system name", "must be root", "only root can",
    ]

    public static func classify(status: Int32, timedOut: Bool, output: String) -> MountFailure {
        if timedOut { return .transient }
        let text = output.lowercased()
        if denied.contains(where: text.contains) { return .permanent(.permissionDenied) }
        if rejected.contains(where: text.contains) { return .permanent(.failure) }
        return .transient
    }
}
