import Common
import Foundation
import HostShims

/// `HostOperations` on the real kernel: mount(2) and umount2(2) for binds, the configured
/// mount program for file systems, statx and /proc/self/mountinfo, `O_PATH` walks and flock.
public struct LinuxHost: HostOperations {
    public var mountCommand: MountCommand
    private let mounter = Mounter()

    public init(mountCommand: MountCommand = MountCommand()) {
        self.mountCommand = mountCommand
    }

    public func mount(_ spec: HostMountSpec, at mountPoint: String) throws(EFSHookError) {
        try AtomicFile.makeDirectory(parentDirectory(of: mountPoint), mode: 0o755)
        try AtomicFile.makeDirectory(mountPoint, mode: 0o755)
        switch spec {
        case .bind(let source):
            try mounter.bind(source: source, target: mountPoint, readOnly: false)
        case .fileSystem(let type, let options, let source):
            try mountCommand.mount(type: type, options: options, source: source, target: mountPoint)
        }
    }

    public func makeExportSubdirectory(_ subdirectory: ExportSubdirectory, scratch: String) throws(EFSHookError) {
        // Only root may look at the export's root while it is mounted here.
        try AtomicFile.makeDirectory(parentDirectory(of: scratch), mode: 0o700)
        try mounter.unmountAll(scratch)  // a killed earlier run may have left it mounted
        try mount(subdirectory.root, at: scratch)
        defer {
            _ = try? mounter.unmountAll(scratch)
            AtomicFile.removeEmptyDirectory(scratch)
        }
        _ = try SafePath.resolveDirectory(
            root: scratch, relative: subdirectory.path, createMissing: true, mode: subdirectory.mode)
    }

    public func bind(source: String, onto target: ResolvedDirectory) throws(EFSHookError) {
        try mounter.bind(source: source, target: target.mountPath, readOnly: false)
    }

    public func remountReadOnly(_ target: ResolvedDirectory) throws(EFSHookError) {
        try mounter.remountReadOnly(target.mountPath, undoing: target.mountPath)
    }

    public func unmountAll(_ path: String) throws(EFSHookError) { try mounter.unmountAll(path) }

    public func unmountAllStaged(_ path: String, within seconds: Double) throws(EFSHookError) -> UnmountStage? {
        try StagedUnmount.unmountAll(path, within: seconds)
    }

    public func probe(_ paths: [String], timeout: Double) -> [Bool] {
        // A stale handle (ESTALE) or an aborted connection (ENOTCONN, EIO) answers, but badly;
        // only a full unmount and mount cures those, so they count as not responding.
        // A block-device file system has no server to wait for: answered without a thread, so
        // a warm prepare on one stays thread-free.
        let remote = paths.filter { efs_hook_device_major($0) <= 0 }
        let answers = Dictionary(
            zip(remote, BoundedCall.statfs(remote, timeout: timeout).map { $0 == .succeeded || $0 == .failed(errno: ENOENT) }),
            uniquingKeysWith: { $0 && $1 })
        return paths.map { answers[$0] ?? true }
    }

    public func removeMountPoint(_ path: String) { AtomicFile.removeEmptyDirectory(path) }

    public func removeEmptyDirectory(root: String, relative: String) {
        SafePath.removeEmptyDirectory(root: root, relative: relative)
    }

    public func isMountPoint(_ path: String) throws(EFSHookError) -> Bool { try MountPoint.isMountPoint(path) }

    public func mountCount(at path: String) throws(EFSHookError) -> Int { try MountTable.current().mountCount(at: path) }

    public func binds(of path: String) throws(EFSHookError) -> [String] {
        let table = try MountTable.current()
        guard let mount = table.entries.last(where: { $0.mountPoint == path }) else { return [] }
        return table.entries.filter {
            $0.mountPoint != path && $0.fsType == mount.fsType && $0.source == mount.source && $0.root == mount.root
        }.map(\.mountPoint)
    }

    public func mountPoints(under root: String) throws(EFSHookError) -> [String] {
        try MountTable.current().mounts(under: root).map(\.mountPoint)
    }

    public func resolveDirectory(root: String, relative: String, createMissing: Bool) throws(EFSHookError) -> ResolvedDirectory {
        try SafePath.resolveDirectory(root: root, relative: relative, createMissing: createMissing)
    }

    public func lock(_ path: String, timeout: Double, what: String) throws(EFSHookError) -> any HeldLock {
        try FileLock.acquire(path, timeout: timeout, what: what)
    }

    private func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }
}
