import Common

/// The codes AWS services answer with that efs-hook branches on, each spelled once.
extension ErrorCode {
    /// CreateFileSystem with a creation token that already has a file system.
    public static let fileSystemAlreadyExists: ErrorCode = "FileSystemAlreadyExists"
    public static let fileSystemNotFound: ErrorCode = "FileSystemNotFound"
    /// DeleteFileSystem while mount targets exist.
    public static let fileSystemInUse: ErrorCode = "FileSystemInUse"
    /// CreateMountTarget in a zone that already has one for the file system.
    public static let mountTargetConflict: ErrorCode = "MountTargetConflict"
    /// CreateMountTarget on a file system that is not `available` yet.
    public static let incorrectFileSystemLifeCycleState: ErrorCode = "IncorrectFileSystemLifeCycleState"
    public static let mountTargetNotFound: ErrorCode = "MountTargetNotFound"
    public static let accessPointNotFound: ErrorCode = "AccessPointNotFound"
    public static let subnetNotFound: ErrorCode = "SubnetNotFound"
    public static let throttling: ErrorCode = "ThrottlingException"
    public static let accessDeniedException: ErrorCode = "AccessDeniedException"
    public static let accessDenied: ErrorCode = "AccessDenied"
    public static let internalServerError: ErrorCode = "InternalServerError"

    /// What IAM answers for an action the role's policy does not allow.
    public static let accessDeniedCodes: Set<ErrorCode> = [.accessDeniedException, .accessDenied]
}
