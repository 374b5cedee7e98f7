/// The EFS error codes efs-hook branches on (`EFSHookError.code`), each spelled once.
public enum EFSErrorCode {
    /// CreateFileSystem with a creation token that already has a file system.
    public static let fileSystemAlreadyExists = "FileSystemAlreadyExists"
    public static let fileSystemNotFound = "FileSystemNotFound"
    /// DeleteFileSystem while mount targets exist.
    public static let fileSystemInUse = "FileSystemInUse"
    /// CreateMountTarget in a zone that already has one for the file system.
    public static let mountTargetConflict = "MountTargetConflict"
    /// CreateMountTarget on a file system that is not `available` yet.
    public static let incorrectFileSystemLifeCycleState = "IncorrectFileSystemLifeCycleState"
    public static let mountTargetNotFound = "MountTargetNotFound"
    public static let accessPointNotFound = "AccessPointNotFound"
    public static let throttling = "ThrottlingException"
    /// What IAM answers for an action the role's policy does not allow.
    public static let accessDenied: Set<String> = ["AccessDeniedException", "AccessDenied"]
    /// efs-hook's own: the service repeated a pagination marker.
    public static let paginationLoop = "PaginationLoop"
}

/// efs-hook's own codes for instance-metadata failures.
public enum IMDSErrorCode {
    public static let disabled = "IMDSDisabled"
    public static let unavailable = "IMDSUnavailable"
    public static let noRole = "IMDSNoRole"
    public static let notFound = "IMDSNotFound"
    public static let invalidResponse = "IMDSInvalidResponse"
    public static let unauthorized = "IMDSUnauthorized"
    public static let forbidden = "IMDSForbidden"
    public static let serverError = "IMDSServerError"
    public static let error = "IMDSError"
}
