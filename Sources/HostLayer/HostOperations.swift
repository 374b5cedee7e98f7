import Common

/// What a volume's one host mount is made of.
public enum HostMountSpec: Sendable, Equatable {
    /// A bind of a local directory (the local provider).
    case bind(source: String)
    /// A file system the mount program mounts: `<mountCommand> -t TYPE -o OPTIONS SOURCE TARGET`.
    case fileSystem(type: String, options: [String], source: String)

    /// What is mounted, for records and messages: a directory, or `address:/path`.
    public var source: String {
        switch self {
        case .bind(let source), .fileSystem(_, _, let source): return source
        }
    }
}

/// A lock held until `release()` (or the holder's death, for file locks).
public protocol HeldLock: AnyObject, Sendable {
    func release()
}

/// The host calls the core makes, and only those: mounts, the mount-point check, safe
/// directory resolution, locks, and the bounded calls on a volume that may not answer. `LinuxHost` makes them with the kernel; the unit tests
/// use an in-memory fake with the same rules (stacked mounts, "already gone", symlinks refused).
public protocol HostOperations: Sendable {
    /// Mounts `spec` at `mountPoint`, creating the directory (and its parent) if missing.
    func mount(_ spec: HostMountSpec, at mountPoint: String) throws(EFSHookError)
    /// Makes sure `subdirectory` exists in its export: mounts the export's root on `scratch`,
    /// creates the path there without following a symlink, and unmounts it again.
    func makeExportSubdirectory(_ subdirectory: ExportSubdirectory, scratch: String) throws(EFSHookError)
    /// Bind-mounts `source` (recursively) on the resolved directory.
    func bind(source: String, onto target: ResolvedDirectory) throws(EFSHookError)
    /// Makes the bind on `target` read-only; on failure detaches it, so no writable bind stays.
    func remountReadOnly(_ target: ResolvedDirectory) throws(EFSHookError)
    /// Unmounts everything stacked on `path`; nothing mounted there is not an error.
    func unmountAll(_ path: String) throws(EFSHookError)
    /// `unmountAll` for a mount whose server may not answer: normal, `MNT_FORCE`, then
    /// `MNT_DETACH`, all within `seconds`. Returns the furthest stage needed, nil if nothing
    /// was mounted there.
    func unmountAllStaged(_ path: String, within seconds: Double) throws(EFSHookError) -> UnmountStage?
    /// Whether the file system on each path answers (statfs) within `timeout` seconds; the
    /// paths are asked at once, so the whole call takes at most `timeout`.
    func probe(_ paths: [String], timeout: Double) -> [Bool]
    /// Removes the directory a host mount was on, if it is empty.
    func removeMountPoint(_ path: String)
    /// Removes `relative` below `root` if it is an empty directory, never through a symlink
    /// (see `SafePath.removeEmptyDirectory`): for paths others can write to, such as a CSI target's.
    func removeEmptyDirectory(root: String, relative: String)
    func isMountPoint(_ path: String) throws(EFSHookError) -> Bool
    /// How many mounts are stacked on `path` (a killed run can leave more than one).
    func mountCount(at path: String) throws(EFSHookError) -> Int
    /// The other mount points showing what is mounted on `path` (same file system, source and
    /// root): its binds, found in the mount table when no record names them.
    func binds(of path: String) throws(EFSHookError) -> [String]
    /// Mount points at or below `root`.
    func mountPoints(under root: String) throws(EFSHookError) -> [String]
    /// Walks `relative` below `root` without following a symlink (see `SafePath`).
    func resolveDirectory(root: String, relative: String, createMissing: Bool) throws(EFSHookError) -> ResolvedDirectory
    /// An exclusive lock named by `path`, waiting at most `timeout` seconds (then exit 75).
    func lock(_ path: String, timeout: Double, what: String) throws(EFSHookError) -> any HeldLock
}
